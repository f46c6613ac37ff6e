// SPDX-License-Identifier: GPL-2.0
/*
 * The device manager, with tables of its own: placement from the row,
 * sub-ranges, overlapping or impossible rows refused with a message,
 * options that enable a device, the console, and interrupt wiring (the
 * device raises the line its row names: arch_set_irq is wrapped).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "arch.h"
#include "board.h"
#include "config.h"
#include "devmgr.h"
#include "devmgr_create.h"
#include "parse_args.h"
#include "status.h"
#include "vm.h"

static int last_irq = -1, last_level = -1;

int __wrap_arch_set_irq(struct vm *vm, unsigned int irq, int level)
{
	(void)vm;
	last_irq = (int)irq;
	last_level = level;
	return 0;
}

struct fx {
	struct vm vm;
	struct config cfg;
	struct devmgr dm;
};

static struct fx *fx_new(void)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	config_defaults(&f->cfg);
	return f;
}

static int create(struct fx *f, const struct device_row *rows)
{
	static const struct device_env env;
	int ret = devmgr_create(&f->dm, rows, &f->vm, &env);

	if (ret < 0) {
		devmgr_destroy(&f->dm);
		memset(&f->vm.bus, 0, sizeof(f->vm.bus));
	}
	return ret;
}

static void fx_free(struct fx *f)
{
	devmgr_destroy(&f->dm);
	free(f);
}

static uint8_t in(struct fx *f, uint64_t port)
{
	uint8_t v = 0;

	assert_non_null(bus_access(&f->vm.bus, BUS_PIO, port, &v, 1, false));
	return v;
}

static void out(struct fx *f, uint64_t port, uint8_t v)
{
	assert_non_null(bus_access(&f->vm.bus, BUS_PIO, port, &v, 1, true));
}

/* A UART where its row says (COM2), raising the row's line. */
static void test_placement_and_irq(void **state)
{
	static const struct device_row rows[] = {
		{ "serial8250", .at = { BUS_PIO, 0x2f8, 8, 3 } },
		{ NULL },
	};
	struct fx *f = fx_new();
	uint8_t v;

	(void)state;
	assert_int_equal(create(f, rows), 0);
	assert_int_equal(f->dm.nr, 1);
	out(f, 0x2ff, 0x5a);				/* scratch */
	assert_int_equal(in(f, 0x2ff), 0x5a);
	assert_null(bus_access(&f->vm.bus, BUS_PIO, 0x3f8, &v, 1, false));
	assert_null(bus_access(&f->vm.bus, BUS_PIO, 0x300, &v, 1, false));
	out(f, 0x2f9, 0x02);				/* THR-empty on */
	assert_int_equal(last_irq, 3);
	assert_int_equal(last_level, 1);
	in(f, 0x2fa);					/* IIR read: acked */
	assert_int_equal(last_level, 0);
	assert_ptr_equal(devmgr_console(&f->dm), &f->dm.dev[0]);
	fx_free(f);
}

/* One row, two UARTs: each a stride above the last, on its own line. */
static void test_row_instances(void **state)
{
	const struct device_row rows[] = {
		{ "serial8250", .at = { BUS_PIO, 0x2f8, 8, 3 },
		  .count = 2, .stride = 0x100, .irqs = (const int[]){ 3, 4 } },
		{ "debugcon", .at = { BUS_PIO, 0xe9, 1, DEV_NO_IRQ } },
		{ NULL },
	};
	struct fx *f = fx_new();
	unsigned int i;

	(void)state;
	assert_int_equal(create(f, rows), 0);
	assert_int_equal(f->dm.nr, 3);
	for (i = 0; i < 2; i++) {
		assert_string_equal(f->dm.dev[i].cls->name, "serial8250");
		assert_int_equal(f->dm.dev[i].instance, i);
		assert_int_equal(f->dm.dev[i].at.base, 0x2f8 + 0x100 * i);
		assert_int_equal(f->dm.dev[i].at.irq, 3 + (int)i);
	}
	assert_int_equal(f->dm.dev[2].instance, 0);
	out(f, 0x3ff, 0x5a);			/* the second one's scratch */
	assert_int_equal(in(f, 0x3ff), 0x5a);
	assert_int_equal(in(f, 0x2ff), 0);
	out(f, 0x3f9, 0x02);			/* its THR-empty: its line */
	assert_int_equal(last_irq, 4);
	assert_int_equal(last_level, 1);
	in(f, 0x3fa);
	fx_free(f);
}

/* Sub-ranges: the i8042 answers its two ports, not the three between. */
static void test_sub_ranges(void **state)
{
	static const struct device_row rows[] = {
		{ "i8042", .at = { BUS_PIO, 0x60, 5, DEV_NO_IRQ } },
		{ "debugcon", .at = { BUS_PIO, 0x61, 1, DEV_NO_IRQ } },	/* a hole */
		{ NULL },
	};
	static const struct device_row too_small[] = {
		{ "i8042", .at = { BUS_PIO, 0x60, 2, DEV_NO_IRQ } },	/* no 0x64 */
		{ NULL },
	};
	struct fx *f = fx_new();
	const struct bus_region *r;
	uint8_t v = 0;

	(void)state;
	assert_int_equal(create(f, rows), 0);
	assert_int_equal(f->dm.nr, 2);
	r = bus_access(&f->vm.bus, BUS_PIO, 0x61, &v, 1, false);
	assert_non_null(r);
	assert_string_equal(f->dm.dev[r->dev].cls->name, "debugcon");
	assert_null(bus_access(&f->vm.bus, BUS_PIO, 0x62, &v, 1, false));
	r = bus_access(&f->vm.bus, BUS_PIO, 0x64, &v, 1, false);
	assert_non_null(r);
	assert_int_equal(r->dev, 0);
	assert_ptr_equal(devmgr_console(&f->dm), NULL);
	fx_free(f);

	f = fx_new();
	assert_int_equal(create(f, too_small), -1);
	fx_free(f);
}

/* Rows that cannot all be: an overlap, an unknown class, too many. */
static void test_bad_tables(void **state)
{
	static const struct device_row overlap[] = {
		{ "serial8250", .at = { BUS_PIO, 0x3f8, 8, 4 } },
		{ "debugcon", .at = { BUS_PIO, 0x3ff, 1, DEV_NO_IRQ } },
		{ NULL },
	};
	static const struct device_row other_space[] = {
		{ "serial8250", .at = { BUS_PIO, 0x3f8, 8, 4 } },
		{ "debugcon", .at = { BUS_MMIO, 0x3ff, 1, DEV_NO_IRQ } },
		{ NULL },
	};
	static const struct device_row unknown[] = {
		{ "no-such-device", .at = { BUS_PIO, 0x80, 1, DEV_NO_IRQ } },
		{ NULL },
	};
	struct device_row many[DEVMGR_MAX + 2];
	struct fx *f = fx_new();
	int i;

	(void)state;
	assert_int_equal(create(f, overlap), -1);
	assert_int_equal(f->dm.nr, 0);
	assert_int_equal(create(f, other_space), 0);
	assert_int_equal(f->dm.nr, 2);
	fx_free(f);

	f = fx_new();
	assert_int_equal(create(f, unknown), -1);
	for (i = 0; i < DEVMGR_MAX + 1; i++)
		many[i] = (struct device_row){
			"debugcon",
			.at = { BUS_PIO, 0x100 + (uint64_t)i, 1, DEV_NO_IRQ },
		};
	many[DEVMGR_MAX + 1] = (struct device_row){ NULL };
	assert_int_equal(create(f, many), -1);
	fx_free(f);
}

/* A device an option enables is not there without it. */
static void test_wanted(void **state)
{
	static const struct device_row rows[] = {
		{ "isa-debug-exit", .at = { BUS_PIO, 0xf4, 4, DEV_NO_IRQ } },
		{ NULL },
	};
	struct fx *f = fx_new();

	(void)state;
	assert_int_equal(create(f, rows), 0);
	assert_int_equal(f->dm.nr, 0);
	devmgr_destroy(&f->dm);
	assert_int_equal(PARSE(&f->cfg, "--isa-debug-exit"), ST_OK);
	assert_int_equal(create(f, rows), 0);
	assert_int_equal(f->dm.nr, 1);
	fx_free(f);
}

/* Options that ask for more instances than the table has are refused. */
static void test_room(void **state)
{
	static const struct device_row rows[] = {
		{ "virtio-blk", .at = { BUS_MMIO, 0x10000000, 0x200, 5 } },
		{ NULL },
	};
	const struct device_row two[] = {
		{ "virtio-blk", .at = { BUS_MMIO, 0x10000000, 0x200, 5 },
		  .count = 2, .stride = 0x200, .irqs = (const int[]){ 5, 6 } },
		{ NULL },
	};
	char disk[] = "/tmp/kvmini-disk-XXXXXX", disk2[] = "/tmp/kvmini-disk-XXXXXX";
	struct fx *f = fx_new();
	struct devmgr dm;

	(void)state;
	close(mkstemp(disk));
	close(mkstemp(disk2));
	assert_int_equal(PARSE(&f->cfg, "--disk", "/dev/null,ro",
			       "--disk", "/dev/null,ro"), ST_OK);
	assert_int_equal(devmgr_prepare(&dm, rows), ST_USAGE);
	assert_int_equal(dm.nr, 0);	/* refused before any disk opened */
	devmgr_destroy(&dm);
	/* a row of two instances takes two, and refuses a third */
	assert_int_equal(PARSE(&f->cfg, "--disk", disk, "--disk", disk2), ST_OK);
	assert_int_equal(devmgr_prepare(&dm, two), ST_OK);
	assert_int_equal(dm.nr, 2);
	assert_int_equal(dm.dev[1].at.base, 0x10000200);
	assert_int_equal(dm.dev[1].at.irq, 6);
	devmgr_destroy(&dm);
	assert_int_equal(PARSE(&f->cfg, "--disk", disk, "--disk", disk2,
			       "--disk", disk), ST_OK);
	assert_int_equal(devmgr_prepare(&dm, two), ST_USAGE);
	devmgr_destroy(&dm);
	unlink(disk);
	unlink(disk2);
	free(f);
}

/* Every row of this machine's table names a class that exists. */
static void test_machine_table(void **state)
{
	const struct device_row *r;
	int n = 0;

	(void)state;
	for (r = machine_devices; r->class_name; r++, n++)
		assert_non_null(device_class_find(r->class_name));
	assert_true(n > 0 && n <= DEVMGR_MAX);
	assert_null(device_class_find("no-such-device"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placement_and_irq),
		cmocka_unit_test(test_row_instances),
		cmocka_unit_test(test_sub_ranges),
		cmocka_unit_test(test_bad_tables),
		cmocka_unit_test(test_wanted),
		cmocka_unit_test(test_room),
		cmocka_unit_test(test_machine_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
