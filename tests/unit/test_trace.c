// SPDX-License-Identifier: GPL-2.0
/*
 * The per-exit trace: the vCPUs' rings (wrap-around, a full ring whose
 * vCPU waits for the drain and loses nothing), the drain's merge by
 * time of several vCPUs, the records it keeps for the next drain, the
 * SAMPLE lines in their place, the text of each line. The drains are
 * given their clock readings, so the times are known.
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "arch.h"
#include "kvmstats.h"
#include "trace.h"

#define HEADER	"# ns vcpu reason address cycles\n"

struct fx {
	char path[32];
	struct trace *t;
	uint64_t base;		/* cycle count of ns 0 */
};

static struct fx *fx_open(unsigned int recs)
{
	struct fx *f = calloc(1, sizeof(*f));
	int fd;

	snprintf(f->path, sizeof(f->path), "/tmp/kvmini-trace-XXXXXX");
	fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	f->t = trace_open(f->path, recs);
	assert_non_null(f->t);
	/* ns 0 at base, then one ns per cycle from there */
	f->base = arch_cycles() + 1;
	trace_drain_at(f->t, 0, f->base, false);
	return f;
}

/* the drain at base + ns: ns from base are the records' times */
static void drain(struct fx *f, uint64_t ns, bool all)
{
	trace_drain_at(f->t, ns, f->base + ns, all);
}

static char *contents(const struct fx *f)
{
	static char buf[1 << 20];
	ssize_t n;
	int fd = open(f->path, O_RDONLY);

	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	assert_true(n >= 0);
	buf[n] = '\0';
	close(fd);
	return buf;
}

static void fx_close(struct fx *f)
{
	trace_close(f->t);
	unlink(f->path);
	free(f);
}

static void put(struct fx *f, struct trace_ring *r, uint64_t ns,
		uint32_t reason, uint64_t addr, uint64_t cycles)
{
	trace_put(r, f->base + ns, reason, addr, cycles);
}

static void test_lines(void **state)
{
	struct fx *f = fx_open(16);
	struct trace_ring *r = trace_ring_new(f->t, 0);
	struct kvm_run run = { .exit_reason = KVM_EXIT_IO };

	(void)state;
	assert_string_equal(contents(f), HEADER);
	run.io.port = 0xe9;
	trace_exit(r, &run, f->base + 100, 1234);
	run.exit_reason = KVM_EXIT_MMIO;
	run.mmio.phys_addr = 0xfee00000;
	trace_exit(r, &run, f->base + 2500, 0);
	run.exit_reason = KVM_EXIT_HLT;
	trace_exit(r, &run, f->base + 1000000, 7);
	put(f, r, 1000001, 0xdeadbeef, UINT64_MAX, UINT64_MAX);
	drain(f, 2000000, false);
	assert_string_equal(contents(f), HEADER
		"100 0 IO 0xe9 1234\n"
		"2500 0 MMIO 0xfee00000 0\n"
		"1000000 0 HLT 0x0 7\n"
		"1000001 0 OTHER 0xffffffffffffffff 18446744073709551615\n");
	fx_close(f);
}

/* three vCPUs, their records interleaved in time: one file in order */
static void test_merge(void **state)
{
	struct fx *f = fx_open(16);
	struct trace_ring *r0 = trace_ring_new(f->t, 0);
	struct trace_ring *r1 = trace_ring_new(f->t, 1);
	struct trace_ring *r2 = trace_ring_new(f->t, 2);
	size_t first;

	(void)state;
	put(f, r0, 10, KVM_EXIT_IO, 1, 0);
	put(f, r0, 30, KVM_EXIT_IO, 3, 0);
	put(f, r0, 50, KVM_EXIT_IO, 5, 0);
	put(f, r1, 20, KVM_EXIT_MMIO, 2, 0);
	put(f, r1, 40, KVM_EXIT_MMIO, 4, 0);
	put(f, r2, 5, KVM_EXIT_HLT, 0, 0);
	put(f, r2, 30, KVM_EXIT_HLT, 0, 0);	/* a tie: the lower vCPU first */
	/* after this drain's reading: kept for the next */
	put(f, r1, 200, KVM_EXIT_MMIO, 6, 0);
	put(f, r2, 150, KVM_EXIT_HLT, 0, 0);
	drain(f, 100, false);
	assert_string_equal(contents(f), HEADER
		"5 2 HLT 0x0 0\n"
		"10 0 IO 0x1 0\n"
		"20 1 MMIO 0x2 0\n"
		"30 0 IO 0x3 0\n"
		"30 2 HLT 0x0 0\n"
		"40 1 MMIO 0x4 0\n"
		"50 0 IO 0x5 0\n");
	first = strlen(contents(f));
	/* stored after the last drain, yet older: its vCPU's order holds */
	put(f, r0, 90, KVM_EXIT_IO, 7, 0);
	put(f, r0, 120, KVM_EXIT_IO, 8, 0);
	drain(f, 1000, false);
	assert_string_equal(contents(f) + first,
		"90 0 IO 0x7 0\n"
		"120 0 IO 0x8 0\n"
		"150 2 HLT 0x0 0\n"
		"200 1 MMIO 0x6 0\n");
	fx_close(f);
}

/* the indices run past the ring's end many times over */
static void test_wrap(void **state)
{
	struct fx *f = fx_open(8);
	struct trace_ring *r = trace_ring_new(f->t, 3);
	char want[1 << 12], *p = want;
	uint64_t ns = 1;
	int i, k;

	(void)state;
	p += sprintf(p, HEADER);
	for (k = 0; k < 10; k++) {
		for (i = 0; i < 3 + k % 3; i++, ns++) {
			put(f, r, ns, KVM_EXIT_IO, ns, ns * 3);
			p += sprintf(p, "%llu 3 IO 0x%llx %llu\n",
				     (unsigned long long)ns,
				     (unsigned long long)ns,
				     (unsigned long long)ns * 3);
		}
		drain(f, ns, false);
		assert_string_equal(contents(f), want);
	}
	fx_close(f);
}

/* a SAMPLE line goes where its time puts it among the exits */
static void test_sample(void **state)
{
	struct fx *f = fx_open(16);
	struct trace_ring *r = trace_ring_new(f->t, 0);
	struct kvmstats *ks = calloc(1, sizeof(*ks));

	(void)state;
	snprintf(ks->name[0], KVMSTATS_NAME, "io_exits");
	ks->value[0] = 9;
	snprintf(ks->name[1], KVMSTATS_NAME, "not_sampled");
	snprintf(ks->name[2], KVMSTATS_NAME, "exits");
	ks->value[2] = 12;
	ks->n = 3;
	put(f, r, 100, KVM_EXIT_IO, 1, 0);
	put(f, r, 300, KVM_EXIT_IO, 2, 0);
	trace_sample_at(f->t, ks, f->base + 200);
	drain(f, 250, false);
	assert_string_equal(contents(f), HEADER
		"100 0 IO 0x1 0\n"
		"200 - SAMPLE exits=12 io_exits=9\n");
	drain(f, 400, false);
	assert_string_equal(contents(f), HEADER
		"100 0 IO 0x1 0\n"
		"200 - SAMPLE exits=12 io_exits=9\n"
		"300 0 IO 0x2 0\n");
	free(ks);
	fx_close(f);
}

struct producer {
	struct fx *f;
	struct trace_ring *r;
	sem_t wakes;
	unsigned int nr_wakes;	/* the producer's own count */
	int done;
};

#define FLOOD	5000

static void wake(void *arg)
{
	struct producer *p = arg;

	p->nr_wakes++;
	sem_post(&p->wakes);
}

static void *produce(void *arg)
{
	struct producer *p = arg;
	uint64_t i;

	for (i = 0; i < FLOOD; i++)
		put(p->f, p->r, i, KVM_EXIT_IO, i, i);
	__atomic_store_n(&p->done, 1, __ATOMIC_RELEASE);
	sem_post(&p->wakes);
	return NULL;
}

/*
 * A ring of 8 and a vCPU thread that stores 5000 records: it asks for
 * the drain and, full, waits for it; the drain runs only when asked.
 * Every record is in the file, once, in order.
 */
static void test_full_ring(void **state)
{
	struct producer p = { .f = fx_open(8) };
	unsigned int drains = 0;
	pthread_t th;
	char *s, *line;
	uint64_t n = 0;

	(void)state;
	p.r = trace_ring_new(p.f->t, 0);
	sem_init(&p.wakes, 0, 0);
	trace_set_waker(p.f->t, wake, &p);
	assert_int_equal(pthread_create(&th, NULL, produce, &p), 0);
	do {
		sem_wait(&p.wakes);
		drain(p.f, FLOOD, false);
		drains++;
	} while (!__atomic_load_n(&p.done, __ATOMIC_ACQUIRE));
	pthread_join(th, NULL);
	drain(p.f, FLOOD, true);
	assert_true(p.nr_wakes >= FLOOD / 8 - 2);
	assert_true(drains >= FLOOD / 8);
	s = contents(p.f);
	assert_memory_equal(s, HEADER, strlen(HEADER));
	for (line = strtok(s + strlen(HEADER), "\n"); line;
	     line = strtok(NULL, "\n"), n++) {
		char want[64];

		snprintf(want, sizeof(want), "%llu 0 IO 0x%llx %llu",
			 (unsigned long long)n, (unsigned long long)n,
			 (unsigned long long)n);
		assert_string_equal(line, want);
	}
	assert_int_equal(n, FLOOD);
	sem_destroy(&p.wakes);
	fx_close(p.f);
}

static void test_open_errors(void **state)
{
	(void)state;
	assert_null(trace_open(NULL, 8));
	assert_null(trace_open("/nonexistent/dir/trace", 8));
	assert_null(trace_open("/tmp/kvmini-trace-never", 12));
	assert_null(trace_open("/tmp/kvmini-trace-never", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_full_ring),
		cmocka_unit_test(test_open_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
