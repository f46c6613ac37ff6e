// SPDX-License-Identifier: GPL-2.0
/*
 * The run's timeline: which mark keeps which time; --stats' boot and
 * start-up sections, their keys in order; boot markers past the last
 * kept. Linked with --wrap=clock_gettime: the test sets the clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "devmgr.h"
#include "report.h"
#include "timeline.h"
#include "vcpu.h"
#include "vm.h"

static uint64_t fake_ns;

static unsigned int clock_reads;

int __wrap_clock_gettime(clockid_t id, struct timespec *ts)
{
	clock_reads++;
	if (id != CLOCK_MONOTONIC)
		return (int)syscall(SYS_clock_gettime, id, ts);
	ts->tv_sec = (time_t)(fake_ns / 1000000000);
	ts->tv_nsec = (long)(fake_ns % 1000000000);
	return 0;
}

/* a fresh timeline, its origin at 1 s: no step reached */
static int fresh(void **state)
{
	int s;

	(void)state;
	fake_ns = 1000000000;
	timeline_start();
	for (s = 0; s < TL_NR_STEPS; s++)
		assert_int_equal(timeline_at(s), 0);
	return 0;
}

static void test_mark_keeps_the_latest(void **state)
{
	(void)state;
	fake_ns += 500;
	timeline_mark(TL_KVM_OPEN);
	assert_int_equal(timeline_at(TL_KVM_OPEN), 500);
	fake_ns += 250;
	timeline_mark(TL_KVM_OPEN);
	assert_int_equal(timeline_at(TL_KVM_OPEN), 750);
}

static void test_first_and_last(void **state)
{
	(void)state;
	fake_ns = 0;
	timeline_start();
	timeline_mark_first(TL_FIRST_RUN);	/* at the origin: kept as 1 */
	assert_int_equal(timeline_at(TL_FIRST_RUN), 1);
	fake_ns = 200;
	timeline_mark_first(TL_FIRST_EXIT);
	assert_int_equal(timeline_at(TL_FIRST_EXIT), 200);
	fake_ns = 300;
	timeline_mark_first(TL_FIRST_EXIT);
	assert_int_equal(timeline_at(TL_FIRST_EXIT), 200);

	fake_ns = 400;
	timeline_mark_last(TL_LAST_EXIT);
	assert_int_equal(timeline_at(TL_LAST_EXIT), 400);
	fake_ns = 900;
	timeline_mark_last(TL_LAST_EXIT);
	assert_int_equal(timeline_at(TL_LAST_EXIT), 900);
	/* a vCPU whose loop ended earlier but reports later changes nothing */
	fake_ns = 600;
	timeline_mark_last(TL_LAST_EXIT);
	assert_int_equal(timeline_at(TL_LAST_EXIT), 900);
}

/* untimed steps read no clock and stay unreached; markers are timed */
static void test_untimed_steps(void **state)
{
	const struct tl_marker *m;
	unsigned int dropped, reads;
	int s;

	(void)state;
	fake_ns = 0;
	timeline_start();
	timeline_time_steps(false);
	reads = clock_reads;
	fake_ns = 500;
	timeline_mark(TL_OPTIONS);
	timeline_mark_first(TL_FIRST_RUN);
	timeline_mark_last(TL_LAST_EXIT);
	assert_int_equal(clock_reads, reads);
	for (s = 0; s < TL_NR_STEPS; s++)
		assert_int_equal(timeline_at(s), 0);
	timeline_marker(TL_POST_CODE, 0x60);
	assert_int_equal(timeline_markers(&m, &dropped), 1);
	assert_int_equal(m[0].ns, 500);
	timeline_time_steps(true);
	timeline_mark(TL_OPTIONS);
	assert_int_equal(timeline_at(TL_OPTIONS), 500);
	/* a new timeline times its steps again */
	timeline_time_steps(false);
	fake_ns = 0;
	timeline_start();
	fake_ns = 500;
	timeline_mark(TL_OPTIONS);
	assert_int_equal(timeline_at(TL_OPTIONS), 500);
}

static char *finish(enum report_format fmt)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	report_finish(f, fmt);
	assert_int_equal(fclose(f), 0);
	return text;
}

/* every step's key, in the order of a run, with the time it was marked */
static void test_json_section(void **state)
{
	const char *at;
	char key[48], *text;
	int s;

	(void)state;
	for (s = 0; s < TL_NR_STEPS; s++) {
		fake_ns += 1000;
		timeline_mark(s);
	}
	text = finish(REPORT_JSON);
	/* it continues report_stats' object and closes it */
	assert_true(!strncmp(text, ",\"startup\":{", 12));
	assert_string_equal(text + strlen(text) - 3, "}}\n");
	at = text;
	for (s = 0; s < TL_NR_STEPS; s++) {
		snprintf(key, sizeof(key), "\"%s_ns\":%d", timeline_name(s),
			 1000 * (s + 1));
		at = strstr(at, key);
		assert_non_null(at);
	}
	free(text);
}

static void test_text_section(void **state)
{
	const char *at;
	char *text;
	int s;

	(void)state;
	text = finish(REPORT_TEXT);
	at = strstr(text, "start-up and teardown");
	assert_non_null(at);
	for (s = 0; s < TL_NR_STEPS; s++) {
		at = strstr(at, timeline_name(s));
		assert_non_null(at);
	}
	free(text);
}

/* the whole report of a VM without vCPUs or devices, as JSON */
static char *whole_report(void)
{
	static struct vm vm;
	static struct vcpu_set set;
	static struct devmgr dm;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	vm.vcpus = &set;
	report_stats(f, REPORT_JSON, &vm, &dm, 1, 0);
	report_finish(f, REPORT_JSON);
	assert_int_equal(fclose(f), 0);
	return text;
}

/* each string of keys found after the one before it */
static void assert_in_order(const char *text, const char *const *keys)
{
	const char *at = text;

	for (; *keys; keys++) {
		at = strstr(at, *keys);
		if (!at)
			fail_msg("not found in order: %s in %s", *keys, text);
	}
}

static void test_boot_section(void **state)
{
	static const char *const keys[] = {
		"\"exits\":",
		"\"boot\":{\"first_instruction_ns\":100,\"markers\":2,\"dropped\":0",
		"\"phases\":{\"0\":{\"ns\":100,\"exits\":{}}",
		"\"1\":{\"source\":\"post-code\",\"code\":64,\"range\":\"kernel\",\"ns\":200,\"exits\":{}}",
		"\"2\":{\"source\":\"boot-timer\",\"code\":123,\"ns\":300",
		"\"exit_ns\":400}",
		"\"kvm\":",
		"\"startup\":{\"options_ns\":",
		"\"teardown_ns\":",
		NULL,
	};
	char *text;

	(void)state;
	fake_ns += 100;
	timeline_mark_first(TL_FIRST_RUN);
	fake_ns += 100;
	timeline_marker(TL_POST_CODE, 0x40);
	assert_int_equal(timeline_phase(), 1);
	fake_ns += 100;
	timeline_marker(TL_BOOT_TIMER, 123);
	assert_int_equal(timeline_phase(), 2);
	fake_ns += 100;
	timeline_mark_last(TL_LAST_EXIT);
	text = whole_report();
	assert_in_order(text, keys);
	free(text);
}

/* past TL_MAX_MARKERS: counted as dropped, the last phase goes on */
static void test_markers_dropped(void **state)
{
	const struct tl_marker *m;
	unsigned int i, dropped;

	(void)state;
	for (i = 0; i < TL_MAX_MARKERS + 3; i++) {
		fake_ns += 10;
		timeline_marker(TL_POST_CODE, (uint8_t)i);
	}
	assert_int_equal(timeline_phase(), TL_MAX_MARKERS);
	assert_int_equal(timeline_markers(&m, &dropped), TL_MAX_MARKERS);
	assert_int_equal(dropped, 3);
	/* the kept ones are the first, in order */
	for (i = 0; i < TL_MAX_MARKERS; i++) {
		assert_int_equal(m[i].code, i);
		assert_int_equal(m[i].ns, 10 * (i + 1));
	}
}

static void test_code_ranges(void **state)
{
	(void)state;
	assert_string_equal(timeline_code_range(0x00), "firmware");
	assert_string_equal(timeline_code_range(0x1f), "firmware");
	assert_string_equal(timeline_code_range(0x20), "bootloader");
	assert_string_equal(timeline_code_range(0x5f), "kernel");
	assert_string_equal(timeline_code_range(0x60), "userspace");
	assert_string_equal(timeline_code_range(0x7f), "userspace");
	assert_string_equal(timeline_code_range(0x80), "custom");
	assert_string_equal(timeline_code_range(0xff), "custom");
}

/* names are distinct and none is missing from the table */
static void test_names(void **state)
{
	int s, t;

	(void)state;
	for (s = 0; s < TL_NR_STEPS; s++) {
		assert_non_null(timeline_name(s));
		for (t = 0; t < s; t++)
			assert_string_not_equal(timeline_name(s),
						timeline_name(t));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_mark_keeps_the_latest, fresh),
		cmocka_unit_test(test_first_and_last),
		cmocka_unit_test(test_untimed_steps),
		cmocka_unit_test_setup(test_json_section, fresh),
		cmocka_unit_test_setup(test_text_section, fresh),
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup(test_boot_section, fresh),
		cmocka_unit_test_setup(test_markers_dropped, fresh),
		cmocka_unit_test(test_code_ranges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
