// SPDX-License-Identifier: GPL-2.0
/*
 * The main thread's watch: --migrate when kvmini cannot read its CPU
 * set (it used to divide by zero), and deadlines on CLOCK_MONOTONIC (a
 * wall-clock step must move no --timeout), as is the stop's clock (the
 * statistics' stop_ns). Linked with
 * --wrap=sched_getaffinity,--wrap=clock_gettime.
 */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "clock.h"
#include "config.h"
#include "status.h"
#include "vcpu.h"
#include "vm.h"
#include "watch.h"

static int affinity_fails;
static unsigned int clock_calls, other_clocks;

int __wrap_sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set)
{
	if (affinity_fails) {
		errno = EINVAL;
		return -1;
	}
	return (int)syscall(SYS_sched_getaffinity, pid, size, set) < 0 ? -1 : 0;
}

int __wrap_clock_gettime(clockid_t id, struct timespec *ts)
{
	clock_calls++;
	other_clocks += id != CLOCK_MONOTONIC;
	return (int)syscall(SYS_clock_gettime, id, ts);
}

/* the options that keep the main thread watching, each alone */
static void test_watch_needed(void **state)
{
	struct config cfg;

	(void)state;
	config_defaults(&cfg);
	assert_false(watch_needed(&cfg));
	cfg.timeout_ms = 1000;
	assert_true(watch_needed(&cfg));
	config_defaults(&cfg);
	cfg.migrate_ms = 10;
	assert_true(watch_needed(&cfg));
	config_defaults(&cfg);
	cfg.sample_ms = 10;
	assert_true(watch_needed(&cfg));
	config_defaults(&cfg);
	cfg.trace_file = "/dev/null";	/* its rings are drained there */
	assert_true(watch_needed(&cfg));
}

static void test_migrate_without_cpu_set(void **state)
{
	struct vcpu vcpu = { 0 };
	struct vcpu_set set = { 0 };
	struct vm vm = { 0 };
	struct config cfg;
	struct watch mon;

	(void)state;
	config_defaults(&cfg);
	cfg.migrate_ms = 10;
	vcpu.vm = &vm;
	set.v[0] = &vcpu;
	set.nr = 1;
	vm.vcpus = &set;
	affinity_fails = 1;
	watch_init(&mon, &vm, &cfg, NULL);
	affinity_fails = 0;
	assert_int_equal(mon.ncpus, -1);
	watch_tick(&mon);		/* threads stay put, nothing divides */
	watch_tick(&mon);
	assert_int_equal(mon.tick, 2);

	watch_init(&mon, &vm, &cfg, NULL);
	assert_true(mon.ncpus >= 1);
}

static void test_deadlines_are_monotonic(void **state)
{
	struct vm vm = { 0 };
	struct config cfg;
	struct watch mon;

	(void)state;
	config_defaults(&cfg);
	cfg.timeout_ms = 60000;
	cfg.migrate_ms = 5;
	assert_int_equal(vcpus_init(&vm, 0), 0);
	assert_int_equal(vcpus_start(&vm), 0);	/* no vCPU: all done */
	watch_init(&mon, &vm, &cfg, NULL);
	clock_calls = 0;
	other_clocks = 0;
	assert_false(watch_wait(&mon));
	assert_true(clock_calls > 0);
	assert_int_equal(other_clocks, 0);
	assert_false(vm_stopping(&vm));
	vcpus_destroy(&vm);
}

/* the stop's clock: the first request's time, on CLOCK_MONOTONIC */
static void test_stop_clock(void **state)
{
	struct vm vm = { 0 };

	(void)state;
	assert_int_equal(vm_stop_ns(&vm, now_ns()), 0);	/* no request */
	other_clocks = 0;
	vm_request_stop(&vm, ST_TIMEOUT);
	assert_true(vm.stop_at > 0);
	assert_int_equal(other_clocks, 0);
	vm.stop_at = 7;
	vm_request_stop(&vm, ST_OK);		/* not the first: ignored */
	assert_int_equal(vm.stop_at, 7);
	assert_int_equal(vm_stop_status(&vm), ST_TIMEOUT);
	assert_int_equal(vm_stop_ns(&vm, 1507), 1500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_watch_needed),
		cmocka_unit_test(test_migrate_without_cpu_set),
		cmocka_unit_test(test_deadlines_are_monotonic),
		cmocka_unit_test(test_stop_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
