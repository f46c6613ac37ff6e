// SPDX-License-Identifier: GPL-2.0
#include "clock.h"
#include "timeline.h"

static uint64_t origin;
/* set by the main thread before any other thread exists */
static bool timed;
/* written by the vCPU threads too: atomics, relaxed (times, no data) */
static uint64_t at[TL_NR_STEPS];

static const char *const names[TL_NR_STEPS] = {
	[TL_OPTIONS] = "options",
	[TL_IMAGE] = "image",
	[TL_HOST_FILES] = "host_files",
	[TL_KVM_OPEN] = "kvm_open",
	[TL_VM_CREATE] = "vm_create",
	[TL_MEMORY] = "memory",
	[TL_VM_SETUP] = "vm_setup",
	[TL_DEVICES] = "devices",
	[TL_IMAGE_PLACED] = "image_placed",
	[TL_VCPUS_CREATE] = "vcpus_create",
	[TL_VCPUS_SETUP] = "vcpus_setup",
	[TL_READY] = "ready",
	[TL_THREADS] = "threads",
	[TL_FIRST_RUN] = "first_run",
	[TL_FIRST_EXIT] = "first_exit",
	[TL_LAST_EXIT] = "last_exit",
	[TL_STOPPED] = "stopped",
	[TL_TEARDOWN] = "teardown",
};

/* slots taken in order by an atomic count, read once the vCPUs ended */
static struct tl_marker markers[TL_MAX_MARKERS];
static unsigned int nr_markers;

void timeline_start(void)
{
	int s;

	for (s = 0; s < TL_NR_STEPS; s++)
		__atomic_store_n(&at[s], 0, __ATOMIC_RELAXED);
	__atomic_store_n(&nr_markers, 0, __ATOMIC_RELAXED);
	timed = true;
	origin = now_ns();
}

void timeline_time_steps(bool on)
{
	timed = on;
}

/* never 0, which means "not reached" */
static uint64_t since_origin(void)
{
	uint64_t t = now_ns() - origin;

	return t ? t : 1;
}

void timeline_mark(enum tl_step s)
{
	if (!timed)
		return;
	__atomic_store_n(&at[s], since_origin(), __ATOMIC_RELAXED);
}

void timeline_mark_first(enum tl_step s)
{
	uint64_t none = 0;

	if (!timed)
		return;
	/* a load first: once set, the exits that call this only read */
	if (!__atomic_load_n(&at[s], __ATOMIC_RELAXED))
		__atomic_compare_exchange_n(&at[s], &none, since_origin(),
					    false, __ATOMIC_RELAXED,
					    __ATOMIC_RELAXED);
}

void timeline_mark_last(enum tl_step s)
{
	uint64_t t, cur;

	if (!timed)
		return;
	t = since_origin();
	cur = __atomic_load_n(&at[s], __ATOMIC_RELAXED);
	while (cur < t && !__atomic_compare_exchange_n(&at[s], &cur, t, false,
						       __ATOMIC_RELAXED,
						       __ATOMIC_RELAXED))
		;
}

uint64_t timeline_at(enum tl_step s)
{
	return __atomic_load_n(&at[s], __ATOMIC_RELAXED);
}

const char *timeline_name(enum tl_step s)
{
	return names[s];
}

void timeline_marker(enum tl_source source, uint8_t code)
{
	uint64_t t = since_origin();
	unsigned int i = __atomic_fetch_add(&nr_markers, 1, __ATOMIC_RELAXED);

	if (i < TL_MAX_MARKERS)
		markers[i] = (struct tl_marker){ t, source, code };
}

unsigned int timeline_phase(void)
{
	unsigned int n = __atomic_load_n(&nr_markers, __ATOMIC_RELAXED);

	return n < TL_MAX_MARKERS ? n : TL_MAX_MARKERS;
}

unsigned int timeline_markers(const struct tl_marker **out,
			      unsigned int *dropped)
{
	unsigned int n = __atomic_load_n(&nr_markers, __ATOMIC_RELAXED);

	*out = markers;
	*dropped = n > TL_MAX_MARKERS ? n - TL_MAX_MARKERS : 0;
	return n - *dropped;
}

const char *timeline_source_name(enum tl_source source)
{
	return source == TL_BOOT_TIMER ? "boot-timer" : "post-code";
}

/* cloud-hypervisor's ranges of debug port (POST) codes */
const char *timeline_code_range(uint8_t code)
{
	static const char *const ranges[] = {
		"firmware", "bootloader", "kernel", "userspace",
	};

	return code < 0x80 ? ranges[code >> 5] : "custom";
}
