// SPDX-License-Identifier: GPL-2.0
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "compiler.h"
#include "kvmini/simqueue.h"

#define LEN 8

struct fixture {
	struct sv_queue_ctrl ctrl;
	uint8_t buf[LEN + 8];	/* guard bytes after the buffer */
	struct simq q;
};

static void init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	memset(f->buf + LEN, 0xaa, 8);
	f->q = (struct simq){ .ctrl = &f->ctrl, .buf = f->buf, .len = LEN };
}

static void test_empty(void **state)
{
	struct fixture f;
	uint8_t v = 0x5a;

	(void)state;
	init(&f);
	assert_int_equal(simq_pop(&f.q, &v), SIMQ_EMPTY);
	assert_int_equal(simq_peek(&f.q, &v), SIMQ_EMPTY);
	assert_int_equal(v, 0x5a);
	assert_int_equal(f.ctrl.tail, 0);
}

static void test_full_holds_len_minus_one(void **state)
{
	struct fixture f;
	uint8_t v = 0;	/* aarch64 gcc 12: maybe-uninitialized */
	int i;

	(void)state;
	init(&f);
	for (i = 0; i < LEN - 1; i++)
		assert_int_equal(simq_push(&f.q, (uint8_t)i), SIMQ_OK);
	assert_int_equal(simq_push(&f.q, 99), SIMQ_FULL);
	assert_int_equal(f.ctrl.head, LEN - 1);
	assert_int_equal(f.ctrl.tail, 0);
	for (i = 0; i < LEN - 1; i++) {
		assert_int_equal(simq_pop(&f.q, &v), SIMQ_OK);
		assert_int_equal(v, i);
	}
	assert_int_equal(simq_pop(&f.q, &v), SIMQ_EMPTY);
}

static void test_wrap_around_keeps_order(void **state)
{
	struct fixture f;
	unsigned int i, next = 0, expect = 0;
	uint8_t v;

	(void)state;
	init(&f);
	/* 5 rounds of 5 pushes and 5 pops walk the indices around 3 times */
	for (i = 0; i < 5; i++) {
		while (simq_push(&f.q, (uint8_t)next) == SIMQ_OK && next % 5 != 4)
			next++;
		next++;
		while (simq_pop(&f.q, &v) == SIMQ_OK)
			assert_int_equal(v, expect++);
	}
	assert_int_equal(expect, next);
	assert_true(expect > 2 * LEN);
	assert_int_equal(f.ctrl.head, f.ctrl.tail);
	assert_memory_equal(f.buf + LEN, "\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa", 8);
}

static void test_full_across_the_wrap(void **state)
{
	struct fixture f;
	uint8_t v = 0;	/* aarch64 gcc 12: maybe-uninitialized */
	int i;

	(void)state;
	init(&f);
	/* head behind tail: full is head + 1 == tail, not head == len - 1 */
	f.ctrl.head = 2;
	f.ctrl.tail = 3;
	assert_int_equal(simq_push(&f.q, 7), SIMQ_FULL);
	f.ctrl.tail = 4;
	assert_int_equal(simq_push(&f.q, 7), SIMQ_OK);
	assert_int_equal(f.ctrl.head, 3);
	/* LEN - 1 bytes sit between tail 4 and head 3, wrapping at LEN */
	for (i = 0; i < LEN - 1; i++)
		assert_int_equal(simq_pop(&f.q, &v), SIMQ_OK);
	assert_int_equal(simq_pop(&f.q, &v), SIMQ_EMPTY);
	assert_int_equal(v, 7);
	assert_int_equal(simq_next(LEN - 1, LEN), 0);
}

static void test_corrupt_indices_never_touch_memory(void **state)
{
	static const uint32_t bad[] = { LEN, LEN + 1, 0x7fffffff, 0xffffffff };
	struct fixture f;
	unsigned int i;
	uint8_t v = 0x5a;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		init(&f);
		f.ctrl.head = bad[i];
		assert_int_equal(simq_push(&f.q, 1), SIMQ_CORRUPT);
		assert_int_equal(simq_pop(&f.q, &v), SIMQ_CORRUPT);
		/* the index that was out of range, as it was read */
		assert_true(f.q.bad_is_head);
		assert_int_equal(f.q.bad_index, bad[i]);
		init(&f);
		f.ctrl.tail = bad[i];
		assert_int_equal(simq_push(&f.q, 1), SIMQ_CORRUPT);
		assert_int_equal(simq_pop(&f.q, &v), SIMQ_CORRUPT);
		assert_false(f.q.bad_is_head);
		assert_int_equal(f.q.bad_index, bad[i]);
		assert_int_equal(f.ctrl.tail, bad[i]);	/* not advanced */
		assert_int_equal(v, 0x5a);
		assert_memory_equal(f.buf + LEN, "\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa", 8);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_full_holds_len_minus_one),
		cmocka_unit_test(test_wrap_around_keeps_order),
		cmocka_unit_test(test_full_across_the_wrap),
		cmocka_unit_test(test_corrupt_indices_never_touch_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
