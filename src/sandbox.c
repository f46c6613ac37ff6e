// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp allowlists (docs/security.md, "seccomp"): one filter per
 * thread role, compiled at build time (src/sandbox_lists.h,
 * src/sandbox_bpf.h) and installed by the thread itself, without TSYNC.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compiler.h"
#include "log.h"
#include "sandbox.h"
#include "sandbox_bpf.h"
#include "status.h"

#if KVMINI_ASAN || KVMINI_TSAN
#include <sanitizer/common_interface_defs.h>
#endif

#define NAME_LEN	32

static bool enabled;
static enum sandbox_selftest selftest;
static void (*before_exit)(void);
/* how the violation line calls this thread */
static __thread char thread_name[NAME_LEN] = "main";
/* sandbox_allow_serving's calls: bit i for sandbox_serving[i] */
static unsigned int serving_bits;

/* --seccomp-selftest: which threads act, and what they do */
enum tested { NOT_TESTED, TESTED_VCPU, TESTED_DEVICE };
enum plant { FORBIDDEN_CALL, UB, USE_AFTER_FREE, DATA_RACE, WILD_WRITE };

static const struct {
	const char *name;
	enum tested threads;
	enum plant plant;
	bool built;		/* in this build (the sanitizer that reports) */
	const char *variant;	/* else the build that has it */
} selftests[SANDBOX_NR_SELFTESTS] = {
	[SANDBOX_SELFTEST_VCPU] = { "vcpu", TESTED_VCPU, FORBIDDEN_CALL, true },
	[SANDBOX_SELFTEST_DEVICE] = {
		"device", TESTED_DEVICE, FORBIDDEN_CALL, true },
	[SANDBOX_SELFTEST_UBSAN_VCPU] = {
		"ubsan-vcpu", TESTED_VCPU, UB, KVMINI_UBSAN, "asan" },
	[SANDBOX_SELFTEST_UBSAN_DEVICE] = {
		"ubsan-device", TESTED_DEVICE, UB, KVMINI_UBSAN, "asan" },
	[SANDBOX_SELFTEST_ASAN_VCPU] = {
		"asan-vcpu", TESTED_VCPU, USE_AFTER_FREE, KVMINI_ASAN, "asan" },
	[SANDBOX_SELFTEST_ASAN_DEVICE] = {
		"asan-device", TESTED_DEVICE, USE_AFTER_FREE, KVMINI_ASAN,
		"asan" },
	[SANDBOX_SELFTEST_TSAN_VCPU] = {
		"tsan-vcpu", TESTED_VCPU, DATA_RACE, KVMINI_TSAN, "tsan" },
	[SANDBOX_SELFTEST_TSAN_DEVICE] = {
		"tsan-device", TESTED_DEVICE, DATA_RACE, KVMINI_TSAN, "tsan" },
	/* a fatal signal: ASan's and TSan's handler reports it */
	[SANDBOX_SELFTEST_SEGV_VCPU] = {
		"segv-vcpu", TESTED_VCPU, WILD_WRITE,
		KVMINI_ASAN || KVMINI_TSAN, "asan" },
	[SANDBOX_SELFTEST_SEGV_DEVICE] = {
		"segv-device", TESTED_DEVICE, WILD_WRITE,
		KVMINI_ASAN || KVMINI_TSAN, "asan" },
};

/* which --seccomp-selftest acts in each role's threads */
static const enum tested role_tested[SANDBOX_NR_ROLES] = {
	[SANDBOX_VCPU] = TESTED_VCPU,
	[SANDBOX_POLLER] = TESTED_DEVICE,
	[SANDBOX_VIRTIO] = TESTED_DEVICE,
	[SANDBOX_NET_RX] = TESTED_DEVICE,
	[SANDBOX_CONSOLE_IN] = TESTED_DEVICE,
	[SANDBOX_GDB] = TESTED_DEVICE,		/* a thread beside the vCPUs */
};

/* Appends s to buf at *n, as room allows; async-signal-safe. */
static void put(char *buf, size_t size, size_t *n, const char *s)
{
	while (*s && *n < size)
		buf[(*n)++] = *s++;
}

static void put_num(char *buf, size_t size, size_t *n, long v)
{
	char d[24];
	int i = 0;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do {
		d[i++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		d[i++] = '-';
	while (i > 0 && *n < size)
		buf[(*n)++] = d[--i];
}

/*
 * SIGSYS from a filter: one line, the terminal back as it was, and the
 * documented status. Raw system calls only, which every filter allows
 * (no sanitizer interceptor runs in between).
 */
static void sigsys_handler(int sig, siginfo_t *si, void *uc)
{
	static int reported;
	char buf[4 * NAME_LEN + 64];
	size_t n = 0;
	long nr = si->si_syscall;

	(void)sig;
	(void)uc;
	/*
	 * the first thread caught reports and ends the process; another
	 * caught meanwhile waits for that end (sched_yield: every filter
	 * allows it, and a forbidden call here, SIGSYS blocked, would kill
	 * the process with SIGSYS instead of the status)
	 */
	if (__atomic_exchange_n(&reported, 1, __ATOMIC_SEQ_CST))
		for (;;)
			syscall(SYS_sched_yield);
	put(buf, sizeof(buf), &n, "kvmini: seccomp: ");
	put(buf, sizeof(buf), &n, thread_name);
	put(buf, sizeof(buf), &n, " thread made a forbidden system call: ");
	if (si->si_arch != sandbox_audit_arch)
		put(buf, sizeof(buf), &n, "another architecture's");
	else
		put(buf, sizeof(buf), &n, sandbox_syscall_name(nr));
	put(buf, sizeof(buf), &n, " (");
	put_num(buf, sizeof(buf), &n, nr);
	put(buf, sizeof(buf), &n, ")\n");
	syscall(SYS_write, STDERR_FILENO, buf, n);
	if (before_exit)
		before_exit();
	syscall(SYS_exit_group, ST_SECCOMP);
}

const char *sandbox_syscall_name(long nr)
{
	if (nr < 0 || nr >= SANDBOX_NR_NAMES || !sandbox_names[nr])
		return "?";
	return sandbox_names[nr];
}

/*
 * The sanitizer builds: an ASan or TSan report in a filtered thread needs
 * files it may not open there, so they are read now, before any filter:
 * the symbolizer's list of modules and their debug information (the
 * file and line of each frame: docs/security.md says what it costs), and
 * a copy of /proc/self/maps, which the runtime uses where it cannot read
 * it (__sanitizer_sandbox_on_notify: the runtimes' own hook for
 * sandboxes).
 */
static void sanitizer_prepare(void)
{
#if KVMINI_ASAN || KVMINI_TSAN
	__sanitizer_sandbox_arguments args = { 0 };
	char where[128];

	__sanitizer_sandbox_on_notify(&args);
	__sanitizer_symbolize_pc(__builtin_return_address(0), "%L", where,
				 sizeof(where));
#endif
}

int sandbox_init(bool on, enum sandbox_selftest test, void (*restore)(void))
{
	struct sigaction sa = { .sa_sigaction = sigsys_handler,
				.sa_flags = SA_SIGINFO };

	selftest = test;
	before_exit = restore;
	if (!on)
		return 0;
	/* one line before any guest, rather than one per thread later */
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL) {
		err_msg("seccomp: this kernel has no seccomp filters (CONFIG_SECCOMP_FILTER): use --no-seccomp to run without them");
		return -1;
	}
	sanitizer_prepare();
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) < 0)
		return err_sys("sigaction SIGSYS");
	enabled = true;
	return 0;
}

bool sandbox_enabled(void)
{
	return enabled;
}

int sandbox_parse_selftest(const char *name, int *test)
{
	int i;

	for (i = SANDBOX_SELFTEST_NONE + 1; i < SANDBOX_NR_SELFTESTS; i++) {
		if (strcmp(name, selftests[i].name))
			continue;
		/* undefined behaviour where no sanitizer stops it: no */
		if (!selftests[i].built) {
			err_msg("--seccomp-selftest=%s: this kvmini is not built with that sanitizer (make VARIANT=%s)",
				name, selftests[i].variant);
			return -1;
		}
		*test = i;
		return 0;
	}
	err_msg("--seccomp-selftest: vcpu or device, or either after ubsan-, asan-, tsan- or segv-: '%s' (see kvmini --help)",
		name);
	return -1;
}

/*
 * The self-test's errors. Their values go through relaxed atomics, which
 * order nothing but hide them from the compiler: it must keep each
 * access, and warns of none.
 */
static int planted = INT_MAX;
static char *planted_ptr;
static uintptr_t planted_addr = 16;	/* in the zero page */
static int planted_shared;	/* the race: no lock, on purpose */
static int planted_turn;

/*
 * --seccomp-selftest, in a tested thread after its filter: a call no
 * role allows, or an error its sanitizer reports (parsing refused them
 * in a build without that sanitizer).
 */
static void plant(enum plant what)
{
	int fd, n;

	switch (what) {
	case FORBIDDEN_CALL:
		fd = open("/", O_RDONLY | O_CLOEXEC);
		if (fd >= 0)
			close(fd);
		break;
	case UB:		/* signed overflow */
		n = __atomic_load_n(&planted, __ATOMIC_RELAXED);
		__atomic_store_n(&planted, n + 1, __ATOMIC_RELAXED);
		break;
	case USE_AFTER_FREE:
		__atomic_store_n(&planted_ptr, malloc(8), __ATOMIC_RELAXED);
		free(__atomic_load_n(&planted_ptr, __ATOMIC_RELAXED));
		n = __atomic_load_n(&planted_ptr, __ATOMIC_RELAXED)[0];
		__atomic_store_n(&planted, n, __ATOMIC_RELAXED);
		break;
	case DATA_RACE:
		/*
		 * a read after the main thread's write, which comes once
		 * every thread exists: only a relaxed atomic says when, and
		 * for TSan that orders nothing
		 */
		while (!__atomic_load_n(&planted_turn, __ATOMIC_RELAXED))
			sched_yield();
		__atomic_store_n(&planted, planted_shared, __ATOMIC_RELAXED);
		break;
	case WILD_WRITE:
		*(int *)__atomic_load_n(&planted_addr, __ATOMIC_RELAXED) = 1;
		break;
	}
}

/*
 * The bits of calls (NULL-terminated, or NULL) in sandbox_serving: 0, or
 * -1 for a call no filter has a slot for (one line printed).
 */
static int serving_mask(const char *const *calls, unsigned int *bits)
{
	unsigned int i;

	for (; calls && *calls; calls++) {
		for (i = 0; i < sandbox_nr_serving &&
			    strcmp(sandbox_serving[i], *calls); i++)
			;
		if (i == sandbox_nr_serving) {
			err_msg("seccomp: %s: not among the serving calls (src/sandbox_lists.h) this architecture has",
				*calls);
			return -1;
		}
		*bits |= 1U << i;
	}
	return 0;
}

int sandbox_allow_serving(const char *const *calls)
{
	return serving_mask(calls, &serving_bits);
}

struct sock_filter *sandbox_patch(const struct sandbox_filter *f,
				  unsigned int bits, pid_t pid)
{
	struct sock_filter *insns;
	unsigned int i;

	insns = malloc(f->len * sizeof(*insns));
	if (!insns)
		return NULL;
	memcpy(insns, f->insns, f->len * sizeof(*insns));
	if (f->pid_at)
		insns[f->pid_at].k = (uint32_t)pid;
	for (i = 0; i < sandbox_nr_serving; i++)
		if (f->serving_at[i] && (bits & (1U << i)))
			insns[f->serving_at[i]].k = SECCOMP_RET_ALLOW;
	return insns;
}

/*
 * Installs role's program, patched (sandbox_patch), on the calling
 * thread. No new privileges, as seccomp(2) requires of an unprivileged
 * thread. 0 or -errno.
 */
static int install(enum sandbox_role role, unsigned int bits)
{
	const struct sandbox_filter *f = &sandbox_filters[role];
	struct sock_fprog prog = { .len = f->len };
	struct sock_filter *insns;
	int err = 0;

	insns = sandbox_patch(f, bits, getpid());
	if (!insns)
		return -ENOMEM;
	prog.filter = insns;
	/*
	 * and in the kernel's log (audit type 1326), which also names a call
	 * where no handler runs: LeakSanitizer's tracer blocks SIGSYS
	 */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_LOG, &prog) < 0)
		err = -errno;
	free(insns);
	return err;
}

int sandbox_enter(enum sandbox_role role, const char *name,
		  const char *const *calls)
{
	unsigned int bits = 0;
	int err;

	if (serving_mask(calls, &bits) < 0)
		return -1;
	if (enabled) {
		snprintf(thread_name, sizeof(thread_name), "%s", name);
		if (sandbox_filters[role].serves)
			bits |= serving_bits;
		err = install(role, bits);
		if (err) {
			err_msg("seccomp: %s thread: cannot install its filter: %s",
				name, strerror(-err));
			return -1;
		}
	}
	if (selftest == SANDBOX_SELFTEST_NONE)
		return 0;
	if (role_tested[role] == selftests[selftest].threads)
		plant(selftests[selftest].plant);
	/* the main thread, filtered last: the race's first write */
	if (role == SANDBOX_MAIN && selftests[selftest].plant == DATA_RACE) {
		planted_shared = 1;
		__atomic_store_n(&planted_turn, 1, __ATOMIC_RELAXED);
	}
	return 0;
}
