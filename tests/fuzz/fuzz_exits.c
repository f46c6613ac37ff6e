// SPDX-License-Identifier: GPL-2.0
/*
 * Exit dispatch on a kvm_run page the input fills: the page is shared
 * with the kernel and read as untrusted, so whatever it holds, handling
 * the exit, recording it for the --timeout report, accounting and
 * tracing it, and printing that report must stay inside it. Port and
 * MMIO exits reach the legacy devices. The report also reads what KVM
 * holds for a stuck guest (registers, events, LAPIC, PIC, IOAPIC, PIT,
 * the guest's stack through KVM_TRANSLATE): the guest wrote most of it,
 * so with an option bit the input answers those ioctls too.
 *
 * Input: a byte choosing the exit reason, a byte of options (--strict-io,
 * the kvm_run size KVM gave, KVM state from the input, the VM's saved as
 * at a timeout, vCPU 1 not 0, how many times the exit repeats), with the
 * state option a 2-byte length and that many bytes of answers, then the
 * page from its union on.
 */
#include <errno.h>
#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arch.h"
#include "board.h"
#include "compiler.h"
#include "config.h"
#include "devmgr.h"
#include "devmgr_create.h"
#include "profile.h"
#include "trace.h"
#include "vcpu.h"
#include "vm.h"

#include "../ioctl_wrap.h"
#include "fuzz.h"

#define RUN_MAX		(3 * 4096)	/* KVM_GET_VCPU_MMAP_SIZE on x86 */
#define RUN_UNION	offsetof(struct kvm_run, io)
#define STATE_FD	1000	/* the VM's and vCPU's fd: never opened */
#define GUEST_RAM	0x10000	/* what KVM_TRANSLATE may point into */

static const struct device_row rows[] = {
	{ "debugcon", .at = { BUS_PIO,  0xe9,       1,      DEV_NO_IRQ } },
	{ "serial8250", .at = { BUS_PIO,  0x3f8,      8,      4 } },
	{ "i8042", .at = { BUS_PIO,  0x60,       5,      DEV_NO_IRQ } },
	{ "cmos-rtc", .at = { BUS_PIO,  0x70,       2,      DEV_NO_IRQ } },
	{ "pl011", .at = { BUS_MMIO, 0x09000000, 0x1000, 33 } },
	{ NULL },
};

static const uint32_t reasons[] = {
	KVM_EXIT_IO, KVM_EXIT_MMIO, KVM_EXIT_HLT, KVM_EXIT_SYSTEM_EVENT,
	KVM_EXIT_SHUTDOWN, KVM_EXIT_FAIL_ENTRY, KVM_EXIT_INTERNAL_ERROR,
	KVM_EXIT_DEBUG, KVM_EXIT_UNKNOWN, KVM_EXIT_HYPERCALL,
};

static struct trace *trace;
static struct trace_ring *ring;
static FILE *devnull;
static uint8_t guest_ram[GUEST_RAM];
static struct fz state;		/* the answers to KVM's GET ioctls */

#ifdef __x86_64__
/* x86's answers: registers, events, LAPIC, PIC, IOAPIC, PIT, stack */
static int answer_arch(unsigned long req, void *arg)
{
	struct kvm_translation *t;
	struct kvm_irqchip *chip;
	struct kvm_msrs *msrs;
	uint32_t i;

	switch (req) {
	case KVM_GET_REGS:
	case KVM_GET_SREGS:
	case KVM_GET_VCPU_EVENTS:
	case KVM_GET_LAPIC:
	case KVM_GET_PIT2:
		memset(arg, 0, _IOC_SIZE(req));
		fz_bytes(&state, arg, _IOC_SIZE(req));
		return 0;
	case KVM_GET_IRQCHIP:	/* chip_id is the caller's */
		chip = arg;
		memset(&chip->chip, 0, sizeof(chip->chip));
		fz_bytes(&state, &chip->chip, sizeof(chip->chip));
		return 0;
	case KVM_GET_MSRS:	/* how many it read: maybe fewer */
		msrs = arg;
		for (i = 0; i < msrs->nmsrs; i++)
			msrs->entries[i].data = fz_u64(&state);
		return (int)(fz_u8(&state) % (msrs->nmsrs + 1));
	case KVM_TRANSLATE:	/* mostly into guest_ram */
		t = arg;
		t->physical_address = fz_u8(&state) == 0xfe ? fz_u64(&state) :
				      fz_u16(&state);
		t->valid = fz_u8(&state) & 1;
		return 0;
	}
	errno = ENOTTY;
	return -1;
}
#else
/* arm64's: each register KVM_GET_ONE_REG reads, at its size */
static int answer_arch(unsigned long req, void *arg)
{
	const struct kvm_one_reg *r = arg;
	uint64_t v;
	size_t size;

	if (req != KVM_GET_ONE_REG) {
		errno = ENOTTY;
		return -1;
	}
	size = 1u << ((r->id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);
	if (size > sizeof(v)) {
		errno = EINVAL;
		return -1;
	}
	v = fz_u64(&state);
	memcpy((void *)(uintptr_t)r->addr, &v, size);
	return 0;
}
#endif

/*
 * KVM on STATE_FD: each GET call takes a byte (0xff: it fails, EIO), then
 * fills what it returns from the input, zeros once that runs out.
 */
int __wrap_ioctl(int fd, unsigned long req, ...)
{
	void *arg;

	IOCTL_ARG(req, arg);
	if (fd != STATE_FD)
		return __real_ioctl(fd, req, arg);
	if (fz_u8(&state) == 0xff) {
		errno = EIO;
		return -1;
	}
	if (req == KVM_GET_MP_STATE) {
		memset(arg, 0, sizeof(struct kvm_mp_state));
		fz_bytes(&state, arg, sizeof(struct kvm_mp_state));
		return 0;
	}
	return answer_arch(req, arg);
}

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
	trace = trace_open("/dev/null", 8);
	ring = trace ? trace_ring_new(trace, 0) : NULL;
	devnull = fopen("/dev/null", "w");
	if (!ring || !devnull)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	uint8_t r = fz_u8(&f), opt = fz_u8(&f);
	/* the page as KVM sized it: exactly, so that ASan sees past it */
	size_t run_size = opt & 2 ? RUN_MAX : 2 * 4096;
	bool from_input = opt & 4;
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
	state = (struct fz){ NULL, 0 };
	if (from_input) {
		state.n = fz_u16(&f);
		if (state.n > f.n)
			state.n = f.n;
		state.p = f.p;
		f.p += state.n;
		f.n -= state.n;
	}
	fz_bytes(&f, (uint8_t *)run + RUN_UNION, run_size - RUN_UNION);

	memset(&vm, 0, sizeof(vm));
	vm.fd = from_input ? STATE_FD : -1;
	vm.kvm_fd = -1;
	vm.irqchip = from_input;
	vm.slots[0] = (struct vm_slot){ 0, sizeof(guest_ram), guest_ram };
	vm.nr_slots = 1;
	vm.run_size = (int)run_size;
	config_defaults(&cfg);
	if (devmgr_create(&dm, rows, &vm, &(struct device_env){ 0 }) < 0)
		abort();
	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.vm = &vm;
	vcpu.id = (opt >> 4) & 1;
	/* without state from the input, register reads fail */
	vcpu.fd = from_input ? STATE_FD : -1;
	vcpu.stats_fd = -1;
	vcpu.run = run;
	vcpu.strict_io = opt & 1;

	/* as vcpu_run() does with each exit, then the --timeout report */
	for (i = 0; i < 1 + (opt >> 6); i++) {
		postmortem_record_exit(&vcpu);
		exit_dispatch(&vcpu, &dev);
		profile_exit(&prof, run, dev, 1);
		trace_exit(ring, run, (uint64_t)i, 1);
	}
	trace_drain(trace, 0, true);	/* the records' text, every input */
	if (opt & 8)
		arch_vm_save_wait(&vm);	/* as the monitor does at a timeout */
	postmortem_report(&vcpu, devnull);

	arch_vm_destroy(&vm);
	devmgr_stop(&dm);
	devmgr_destroy(&dm);
	free(run);
	return 0;
}
