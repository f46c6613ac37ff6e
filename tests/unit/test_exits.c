// SPDX-License-Identifier: GPL-2.0
/*
 * Exit dispatch and reports, fed with hand-made kvm_run pages: every exit
 * reason ends with its documented status, I/O reaches the bus.
 */
#include <linux/kvm.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "compiler.h"
#include "profile.h"
#include "status.h"
#include "vcpu.h"
#include "vm.h"

#define RUN_SIZE 8192

struct fx {
	struct vm vm;
	struct vcpu vcpu;
	unsigned int writes;
	uint64_t last;
};

static void count_write(void *opaque, uint64_t off, unsigned int len,
			uint64_t val)
{
	struct fx *f = opaque;

	(void)off;
	(void)len;
	f->writes++;
	f->last = val;
}

static const struct bus_ops ops = { .write = count_write };

static struct fx *fx_new(uint32_t reason)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->vm.run_size = RUN_SIZE;
	f->vcpu.vm = &f->vm;
	f->vcpu.fd = -1;	/* register dumps fail politely */
	f->vcpu.run = calloc(1, RUN_SIZE);
	f->vcpu.run->exit_reason = reason;
	bus_register(&f->vm.bus, BUS_PIO, 0xe9, 1, 0xe9, 0, &ops, f);
	return f;
}

static void fx_free(struct fx *f)
{
	free(f->vcpu.run);
	free(f);
}

/* the action as one number: a status to stop with, or one of these */
#define CONTINUE	(-1)
#define VCPU_DONE	(-2)

static int handle(struct fx *f, int *dev)
{
	struct exit_action a = exit_dispatch(&f->vcpu, dev);

	if (a.kind == EXIT_CONTINUE)
		return CONTINUE;
	if (a.kind == EXIT_VCPU_DONE)
		return VCPU_DONE;
	return (int)a.status;
}

static void test_fatal_reasons(void **state)
{
	static const struct { uint32_t reason; int status; } cases[] = {
		{ KVM_EXIT_SHUTDOWN, ST_SHUTDOWN },
		{ KVM_EXIT_FAIL_ENTRY, ST_FAIL_ENTRY },
		{ KVM_EXIT_INTERNAL_ERROR, ST_INTERNAL },
		{ KVM_EXIT_DEBUG, ST_UNKNOWN_EXIT },
		{ 200, ST_UNKNOWN_EXIT },
		{ KVM_EXIT_HLT, VCPU_DONE },
	};
	unsigned int i;
	int dev;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fx *f = fx_new(cases[i].reason);

		f->vcpu.run->internal.suberror = 99;	/* unknown suberror */
		f->vcpu.run->internal.ndata = 1000;	/* more than fit */
		assert_int_equal(handle(f, &dev), cases[i].status);
		assert_int_equal(dev, EXIT_DEV_NONE);
		fx_free(f);
	}
}

static void test_system_event(void **state)
{
	struct fx *f = fx_new(KVM_EXIT_SYSTEM_EVENT);
	int dev;

	(void)state;
	f->vcpu.run->system_event.type = KVM_SYSTEM_EVENT_SHUTDOWN;
	assert_int_equal(handle(f, &dev), ST_OK);
	f->vcpu.run->system_event.type = 77;
	assert_int_equal(handle(f, &dev), ST_UNKNOWN_EXIT);
	fx_free(f);
}

static void test_string_io_reaches_device(void **state)
{
	struct fx *f = fx_new(KVM_EXIT_IO);
	struct kvm_run *run = f->vcpu.run;
	uint8_t *data = (uint8_t *)run + 4096;
	int dev;

	(void)state;
	run->io.direction = KVM_EXIT_IO_OUT;
	run->io.port = 0xe9;
	run->io.size = 1;
	run->io.count = 3;
	run->io.data_offset = 4096;
	data[0] = 'a';
	data[1] = 'b';
	data[2] = 'c';
	assert_int_equal(handle(f, &dev), CONTINUE);
	assert_int_equal(dev, 0);
	assert_int_equal(f->writes, 3);
	assert_int_equal(f->last, 'c');
	fx_free(f);
}

static void test_io_data_outside_run_page(void **state)
{
	struct fx *f = fx_new(KVM_EXIT_IO);
	int dev;

	(void)state;
	f->vcpu.run->io.size = 4;
	f->vcpu.run->io.count = 2000;		/* 8000 bytes at 4096 */
	f->vcpu.run->io.data_offset = 4096;
	f->vcpu.run->io.port = 0xe9;
	assert_int_equal(handle(f, &dev), ST_INTERNAL);
	assert_int_equal(f->writes, 0);
	fx_free(f);
}

/* data_offset + size * count wraps around to a small number */
static void test_io_data_offset_wraps(void **state)
{
	struct fx *f = fx_new(KVM_EXIT_IO);
	int dev;

	(void)state;
	f->vcpu.run->io.direction = KVM_EXIT_IO_OUT;
	f->vcpu.run->io.size = 4;
	f->vcpu.run->io.count = 4;
	f->vcpu.run->io.data_offset = ~0ULL - 7;	/* + 16 wraps to 8 */
	f->vcpu.run->io.port = 0xe9;
	assert_int_equal(handle(f, &dev), ST_INTERNAL);
	assert_int_equal(f->writes, 0);
	fx_free(f);
}

/* 0-byte elements: count would not be bounded by the page (a hang) */
static void test_io_zero_size(void **state)
{
	struct fx *f = fx_new(KVM_EXIT_IO);
	int dev;

	(void)state;
	f->vcpu.run->io.direction = KVM_EXIT_IO_OUT;
	f->vcpu.run->io.size = 0;
	f->vcpu.run->io.count = 0x8f000000;
	f->vcpu.run->io.data_offset = 4096;
	f->vcpu.run->io.port = 0xe9;
	assert_int_equal(handle(f, &dev), ST_INTERNAL);
	assert_int_equal(f->writes, 0);
	fx_free(f);
}

/* the recorded exit copies no data when data_offset + size wraps */
static void test_record_offset_wraps(void **state)
{
	struct fx *f = fx_new(KVM_EXIT_IO);

	(void)state;
	f->vcpu.run->io.direction = KVM_EXIT_IO_OUT;
	f->vcpu.run->io.size = 1;
	f->vcpu.run->io.count = 1;
	f->vcpu.run->io.data_offset = ~0ULL;	/* + 1 wraps to 0 */
	postmortem_record_exit(&f->vcpu);
	assert_int_equal(f->vcpu.exits[0].data, 0);
	assert_int_equal(f->vcpu.exits[0].size, 1);
	fx_free(f);
}

static void test_unclaimed_mmio(void **state)
{
	struct fx *f = fx_new(KVM_EXIT_MMIO);
	int dev;

	(void)state;
	f->vcpu.run->mmio.phys_addr = 0xe0000000;
	f->vcpu.run->mmio.len = 4;
	assert_int_equal(handle(f, &dev), CONTINUE);
	assert_int_equal(dev, EXIT_DEV_UNCLAIMED);
	assert_int_equal(*(uint32_t *)f->vcpu.run->mmio.data, 0xffffffff);
	f->vcpu.strict_io = true;
	assert_int_equal(handle(f, &dev), ST_UNCLAIMED);
	assert_int_equal(f->vm.bus.unclaimed_reads, 2);
	fx_free(f);
}

static void test_profile_counts(void **state)
{
	struct fx *f = fx_new(KVM_EXIT_MMIO);
	struct profile p = { 0 };

	(void)state;
	profile_exit(&p, f->vcpu.run, 3, 100);
	profile_exit(&p, f->vcpu.run, EXIT_DEV_UNCLAIMED, 50);
	f->vcpu.run->exit_reason = 1000;
	profile_exit(&p, f->vcpu.run, EXIT_DEV_NONE, 7);
	assert_int_equal(p.reason[KVM_EXIT_MMIO].count, 2);
	assert_int_equal(p.reason[KVM_EXIT_MMIO].cycles, 150);
	assert_int_equal(p.dev[3].count, 1);
	assert_int_equal(p.unclaimed.cycles, 50);
	assert_int_equal(p.reason[PROF_OTHER].count, 1);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fatal_reasons),
		cmocka_unit_test(test_system_event),
		cmocka_unit_test(test_string_io_reaches_device),
		cmocka_unit_test(test_io_data_outside_run_page),
		cmocka_unit_test(test_io_data_offset_wraps),
		cmocka_unit_test(test_io_zero_size),
		cmocka_unit_test(test_record_offset_wraps),
		cmocka_unit_test(test_unclaimed_mmio),
		cmocka_unit_test(test_profile_counts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
