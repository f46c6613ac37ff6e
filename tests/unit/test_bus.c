// SPDX-License-Identifier: GPL-2.0
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bus.h"

struct fake {
	uint64_t last_off, last_val;
	unsigned int last_len, writes;
};

static uint64_t fake_read(void *opaque, uint64_t off, unsigned int len)
{
	(void)opaque;
	return 0x1122334455667788ULL + off + len;
}

static void fake_write(void *opaque, uint64_t off, unsigned int len,
		       uint64_t val)
{
	struct fake *f = opaque;

	f->last_off = off;
	f->last_len = len;
	f->last_val = val;
	f->writes++;
}

static const struct bus_ops ops = { .read = fake_read, .write = fake_write };

static void test_register_rejects_overlap(void **state)
{
	struct bus bus = { 0 };
	struct fake f = { 0 };

	(void)state;
	assert_int_equal(bus_register(&bus, BUS_MMIO, 0x1000, 0x100, 0x1000, 0, &ops, &f), 0);
	assert_int_equal(bus_register(&bus, BUS_MMIO, 0x10ff, 1, 0x10ff, 1, &ops, &f), -1);
	assert_int_equal(bus_register(&bus, BUS_MMIO, 0xf00, 0x101, 0xf00, 2, &ops, &f), -1);
	/* the same range in the other space is fine */
	assert_int_equal(bus_register(&bus, BUS_PIO, 0x1000, 0x100, 0x1000, 3, &ops, &f), 0);
	assert_int_equal(bus_register(&bus, BUS_MMIO, 0x1100, 0x10, 0x1100, 4, &ops, &f), 0);
	/* empty and wrapping ranges */
	assert_int_equal(bus_register(&bus, BUS_MMIO, 0x5000, 0, 0x5000, 5, &ops, &f), -1);
	assert_int_equal(bus_register(&bus, BUS_MMIO, ~0ULL - 4, 16, ~0ULL - 4, 6, &ops, &f), -1);
	assert_int_equal(bus.nr, 3);
}

static void test_dispatch_offsets_and_data(void **state)
{
	struct bus bus = { 0 };
	struct fake f = { 0 };
	const struct bus_region *r;
	uint8_t data[8] = { 0x78, 0x56, 0x34, 0x12 };
	uint64_t v = 0;

	(void)state;
	bus_register(&bus, BUS_MMIO, 0xd0000000, 0x1000, 0xd0000000, 7, &ops, &f);
	r = bus_access(&bus, BUS_MMIO, 0xd0000010, data, 4, true);
	assert_non_null(r);
	assert_int_equal(r->dev, 7);
	assert_int_equal(f.last_off, 0x10);
	assert_int_equal(f.last_len, 4);
	assert_int_equal(f.last_val, 0x12345678);
	r = bus_access(&bus, BUS_MMIO, 0xd0000008, &v, 2, false);
	assert_non_null(r);
	/* only len bytes are written back */
	assert_int_equal(v, (0x1122334455667788ULL + 8 + 2) & 0xffff);
}

/* A device's sub-range: offsets stay relative to the device's base. */
static void test_sub_range_offsets(void **state)
{
	struct bus bus = { 0 };
	struct fake f = { 0 };
	uint8_t v = 0x5a;

	(void)state;
	assert_int_equal(bus_register(&bus, BUS_PIO, 0x64, 1, 0x60, 3, &ops, &f), 0);
	assert_int_equal(bus_access(&bus, BUS_PIO, 0x64, &v, 1, true)->dev, 3);
	assert_int_equal(f.last_off, 4);
	assert_null(bus_access(&bus, BUS_PIO, 0x60, &v, 1, true));
}

static void test_unclaimed_counts_and_all_ones(void **state)
{
	struct bus bus = { 0 };
	struct fake f = { 0 };
	uint64_t v = 0;

	(void)state;
	bus_register(&bus, BUS_PIO, 0xe9, 1, 0xe9, 8, &ops, &f);
	assert_null(bus_access(&bus, BUS_PIO, 0x80, &v, 1, false));
	assert_int_equal(v, 0xff);
	v = 0;
	assert_null(bus_access(&bus, BUS_MMIO, 0xe9, &v, 4, false));
	assert_int_equal(v, 0xffffffff);
	assert_null(bus_access(&bus, BUS_PIO, 0x81, &v, 1, true));
	assert_int_equal(bus.unclaimed_reads, 2);
	assert_int_equal(bus.unclaimed_writes, 1);
	assert_int_equal(f.writes, 0);
}

static void test_access_straddling_region_end_is_unclaimed(void **state)
{
	struct bus bus = { 0 };
	struct fake f = { 0 };
	uint64_t v = 0;

	(void)state;
	bus_register(&bus, BUS_MMIO, 0x1000, 4, 0x1000, 7, &ops, &f);
	assert_null(bus_access(&bus, BUS_MMIO, 0x1002, &v, 4, true));
	assert_null(bus_access(&bus, BUS_MMIO, 0x1000, &v, 0, true));
	assert_null(bus_access(&bus, BUS_MMIO, 0x1000, &v, 9, true));
	assert_int_equal(f.writes, 0);
	assert_non_null(bus_access(&bus, BUS_MMIO, 0x1000, &v, 4, true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_rejects_overlap),
		cmocka_unit_test(test_dispatch_offsets_and_data),
		cmocka_unit_test(test_sub_range_offsets),
		cmocka_unit_test(test_unclaimed_counts_and_all_ones),
		cmocka_unit_test(test_access_straddling_region_end_is_unclaimed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
