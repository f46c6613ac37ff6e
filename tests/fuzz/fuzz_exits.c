// SPDX-License-Identifier: GPL-2.0
/*
 * Exit dispatch on a kvm_run page the input fills: the page is shared
 * with the kernel and read as untrusted, so whatever it holds, handling
 * the exit, recording it for the --timeout report, accounting and
 * tracing it, and printing that report must stay inside it. Port and
 * MMIO exits reach the legacy devices.
 *
 * Input: a byte choosing the exit reason, a byte of options (--strict-io,
 * the kvm_run size KVM gave), then the page from its union on.
 */
#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "compiler.h"
#include "config.h"
#include "devmgr.h"
#include "profile.h"
#include "vcpu.h"
#include "vm.h"

#include "fuzz.h"

#define RUN_MAX		(3 * 4096)	/* KVM_GET_VCPU_MMAP_SIZE on x86 */
#define RUN_UNION	offsetof(struct kvm_run, io)

static const struct device_row rows[] = {
	{ "debugcon",   { BUS_PIO,  0xe9,       1,      DEV_NO_IRQ } },
	{ "serial8250", { BUS_PIO,  0x3f8,      8,      4 } },
	{ "i8042",      { BUS_PIO,  0x60,       5,      DEV_NO_IRQ } },
	{ "cmos_rtc",   { BUS_PIO,  0x70,       2,      DEV_NO_IRQ } },
	{ "pl011",      { BUS_MMIO, 0x09000000, 0x1000, 33 } },
	{ NULL },
};

static const uint32_t reasons[] = {
	KVM_EXIT_IO, KVM_EXIT_MMIO, KVM_EXIT_HLT, KVM_EXIT_SYSTEM_EVENT,
	KVM_EXIT_SHUTDOWN, KVM_EXIT_FAIL_ENTRY, KVM_EXIT_INTERNAL_ERROR,
	KVM_EXIT_DEBUG, KVM_EXIT_UNKNOWN, KVM_EXIT_HYPERCALL,
};

static struct trace *trace;
static FILE *devnull;

int __wrap_arch_set_irq(struct vm *v, unsigned int irq, int level)
{
	(void)v;
	(void)irq;
	(void)level;
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet_stdout();
	trace = trace_open("/dev/null");
	devnull = fopen("/dev/null", "w");
	if (!trace || !devnull)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	uint8_t r = fz_u8(&f), opt = fz_u8(&f);
	/* the page as KVM sized it: exactly, so that ASan sees past it */
	size_t run_size = opt & 2 ? RUN_MAX : 2 * 4096;
	struct profile prof = { 0 };
	struct kvm_run *run;
	struct config cfg;
	struct devmgr dm;
	struct vcpu vcpu;
	struct vm vm;
	int dev, i;

	run = calloc(1, run_size);
	if (!run)
		abort();
	run->exit_reason = r < 0xf0 ? reasons[r % ARRAY_SIZE(reasons)] :
			   fz_u32(&f);
	fz_bytes(&f, (uint8_t *)run + RUN_UNION, run_size - RUN_UNION);

	memset(&vm, 0, sizeof(vm));
	vm.fd = -1;
	vm.kvm_fd = -1;
	vm.run_size = (int)run_size;
	config_defaults(&cfg);
	if (devmgr_create(&dm, rows, &vm, &cfg) < 0)
		abort();
	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.vm = &vm;
	vcpu.fd = -1;		/* register reads fail, as after a crash */
	vcpu.stats_fd = -1;
	vcpu.run = run;
	vcpu.strict_io = opt & 1;

	/* as vcpu_run() does with each exit, then the --timeout report */
	for (i = 0; i < 1 + (opt >> 6); i++) {
		vcpu_record_exit(&vcpu);
		vcpu_handle_exit(&vcpu, &dev);
		profile_exit(&prof, trace, 0, run, dev, 1);
	}
	vcpu_report_wait(&vcpu, devnull);

	devmgr_stop(&dm);
	devmgr_destroy(&dm);
	free(run);
	return 0;
}
