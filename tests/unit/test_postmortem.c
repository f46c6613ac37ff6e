// SPDX-License-Identifier: GPL-2.0
/*
 * The --timeout report's generic part: every exit to kvmini lands in the
 * vCPU's ring, and the report lists the last EXIT_RING_SIZE of them,
 * oldest first, after the total. Fed with hand-made kvm_run pages; the
 * vCPU fd is -1, so the architecture's part reports its state as
 * unavailable.
 */
#include <linux/kvm.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "status.h"
#include "vcpu.h"
#include "vm.h"

#define RUN_SIZE 4096

struct fx {
	struct vm vm;
	struct vcpu vcpu;
};

static struct fx *fx_new(void)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->vm.run_size = RUN_SIZE;
	f->vcpu.vm = &f->vm;
	f->vcpu.fd = -1;
	f->vcpu.run = calloc(1, RUN_SIZE);
	return f;
}

static void fx_free(struct fx *f)
{
	free(f->vcpu.run);
	free(f);
}

static void io(struct fx *f, uint16_t port, bool out, uint8_t size,
	       uint32_t count, uint32_t val)
{
	struct kvm_run *run = f->vcpu.run;

	run->exit_reason = KVM_EXIT_IO;
	run->io.direction = out ? KVM_EXIT_IO_OUT : KVM_EXIT_IO_IN;
	run->io.size = size;
	run->io.port = port;
	run->io.count = count;
	run->io.data_offset = 1024;
	memcpy((uint8_t *)run + 1024, &val, sizeof(val));
	postmortem_record_exit(&f->vcpu);
}

static void mmio(struct fx *f, uint64_t addr, bool write, uint32_t len,
		 uint64_t val)
{
	struct kvm_run *run = f->vcpu.run;

	run->exit_reason = KVM_EXIT_MMIO;
	run->mmio.phys_addr = addr;
	run->mmio.len = len;
	run->mmio.is_write = write;
	memcpy(run->mmio.data, &val, sizeof(val));
	postmortem_record_exit(&f->vcpu);
}

static void other(struct fx *f, uint32_t reason)
{
	f->vcpu.run->exit_reason = reason;
	postmortem_record_exit(&f->vcpu);
}

/* The report, as a string in buf. */
static char *report(struct fx *f, char *buf, size_t len)
{
	FILE *out = fmemopen(buf, len, "w");

	assert_non_null(out);
	postmortem_report(&f->vcpu, out);
	assert_int_equal(fclose(out), 0);
	return buf;
}

static void test_no_exits(void **state)
{
	struct fx *f = fx_new();
	char buf[1024], *r;

	(void)state;
	f->vcpu.id = 3;
	r = report(f, buf, sizeof(buf));
	assert_true(strncmp(r, "  vcpu3: ", 9) == 0);
	assert_non_null(strstr(r, "mp_state unknown"));
	assert_non_null(strstr(r, "\n    exits to kvmini: 0\n"));
	fx_free(f);
}

static void test_formats(void **state)
{
	struct fx *f = fx_new();
	char buf[1024], *r;

	(void)state;
	io(f, 0x3f8, true, 1, 1, 'A');
	io(f, 0x3fd, false, 1, 1, 0);
	io(f, 0x3f8, true, 1, 12, 0);		/* rep outsb */
	mmio(f, 0xd0000004, true, 4, 0x1234);
	mmio(f, 0xd0000000, false, 4, 0);
	other(f, KVM_EXIT_HLT);
	r = report(f, buf, sizeof(buf));
	assert_non_null(strstr(r,
		"    exits to kvmini: 6, the last (oldest first): IO out1 0x3f8=0x41, IO in1 0x3fd, IO outs1 0x3f8 x12, MMIO w4 0xd0000004=0x1234,\n"
		"      MMIO r4 0xd0000000, HLT\n"));
	fx_free(f);
}

/* Only the newest EXIT_RING_SIZE exits remain, in order. */
static void test_ring_wraps(void **state)
{
	struct fx *f = fx_new();
	char buf[1024], *r, *p;
	int i;

	(void)state;
	for (i = 0; i < 3 * EXIT_RING_SIZE + 2; i++)
		io(f, 0xe9, true, 1, 1, (uint32_t)i);
	r = report(f, buf, sizeof(buf));
	assert_non_null(strstr(r, "exits to kvmini: 26, the last (oldest first): IO out1 0xe9=0x12,"));
	p = strstr(r, "IO out1 0xe9=0x19\n");
	assert_non_null(p);
	assert_null(strstr(r, "=0x11,"));	/* fell out of the ring */
	fx_free(f);
}

/* I/O data that KVM would place outside kvm_run is not read. */
static void test_io_data_outside_run(void **state)
{
	struct fx *f = fx_new();
	struct kvm_run *run = f->vcpu.run;
	char buf[1024], *r;

	(void)state;
	run->exit_reason = KVM_EXIT_IO;
	run->io.direction = KVM_EXIT_IO_OUT;
	run->io.size = 4;
	run->io.count = 1;
	run->io.port = 0x3f8;
	run->io.data_offset = RUN_SIZE - 2;
	postmortem_record_exit(&f->vcpu);
	r = report(f, buf, sizeof(buf));
	assert_non_null(strstr(r, "IO out4 0x3f8=0x0\n"));
	fx_free(f);
}

static void test_finished_vcpu(void **state)
{
	struct fx *f = fx_new();
	char buf[1024], *r;

	(void)state;
	other(f, KVM_EXIT_HLT);
	f->vcpu.halted = true;
	r = report(f, buf, sizeof(buf));
	assert_non_null(strstr(r, "  vcpu0: finished at a hlt"));
	assert_non_null(strstr(r, "exits to kvmini: 1, the last (oldest first): HLT\n"));
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_exits),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_ring_wraps),
		cmocka_unit_test(test_io_data_outside_run),
		cmocka_unit_test(test_finished_vcpu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
