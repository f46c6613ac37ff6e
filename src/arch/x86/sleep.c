// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI S3 (suspend to RAM) for Multiboot images, as a PC and its BIOS
 * do it: the guest writes S3 to PM1a_CNT (acpi_pm.c), every vCPU stops,
 * and the machine sleeps until the RTC's alarm fires (when PM1_EN and
 * the RTC's register B both enable it), or until the run is stopped.
 * It wakes as SeaBIOS's resume path leaves a PC: RAM as it was, every
 * vCPU, the PICs, the IOAPIC and the PIT as kvmini first set them up
 * (the APs wait for INIT and SIPI again), and the boot CPU at the FACS's
 * waking vector: X_Firmware_Waking_Vector in flat 32-bit protected mode
 * if the guest set it, else Firmware_Waking_Vector in real mode
 * (segment = vector / 16, other segments 0).
 */
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "arch.h"
#include "log.h"
#include "status.h"
#include "vcpu.h"
#include "vm.h"
#include "x86_internal.h"

/* FACS fields (ACPI 6.5, table 5.14): byte offsets */
#define FACS_WAKING_VECTOR	12
#define FACS_X_WAKING_VECTOR	24
#define REAL_MODE_END		0x100000

/* a vCPU as KVM created it, before kvmini's set-up */
struct vcpu_reset {
	struct kvm_mp_state mp;
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	struct kvm_fpu fpu;
	struct kvm_lapic_state lapic;
	struct kvm_vcpu_events events;
};

struct x86_s3 {
	uint64_t facs;		/* guest address of the FACS; 0: none */
	struct kvm_irqchip chip[3];	/* PIC master, slave, IOAPIC */
	struct kvm_pit_state2 pit;
	struct vcpu_reset cpu[VM_MAX_VCPUS];
};

int x86_s3_prepare(struct vm *vm)
{
	struct x86_s3 *s3 = calloc(1, sizeof(*s3));
	unsigned int i;

	if (!s3)
		return err_sys("calloc");
	vm->arch.s3 = s3;
	for (i = 0; i < 3; i++) {
		s3->chip[i].chip_id = i;
		if (ioctl(vm->fd, KVM_GET_IRQCHIP, &s3->chip[i]) < 0)
			return err_sys("KVM_GET_IRQCHIP");
	}
	if (vm->arch.pit && ioctl(vm->fd, KVM_GET_PIT2, &s3->pit) < 0)
		return err_sys("KVM_GET_PIT2");
	return 0;
}

void x86_s3_set_facs(struct vm *vm, uint64_t gpa)
{
	if (vm->arch.s3)
		vm->arch.s3->facs = gpa;
}

int x86_s3_save_vcpu(struct vcpu *vcpu)
{
	struct vcpu_reset *r;

	if (!vcpu->vm->arch.s3)
		return 0;
	r = &vcpu->vm->arch.s3->cpu[vcpu->id];
	if (ioctl(vcpu->fd, KVM_GET_MP_STATE, &r->mp) < 0 ||
	    ioctl(vcpu->fd, KVM_GET_REGS, &r->regs) < 0 ||
	    ioctl(vcpu->fd, KVM_GET_SREGS, &r->sregs) < 0 ||
	    ioctl(vcpu->fd, KVM_GET_FPU, &r->fpu) < 0 ||
	    ioctl(vcpu->fd, KVM_GET_LAPIC, &r->lapic) < 0 ||
	    ioctl(vcpu->fd, KVM_GET_VCPU_EVENTS, &r->events) < 0)
		return err_sys("saving the vCPU's reset state");
	/* a pending NMI or SIPI of the sleep must not survive it */
	r->events.flags |= KVM_VCPUEVENT_VALID_NMI_PENDING;
	return 0;
}

void x86_s3_destroy(struct vm *vm)
{
	free(vm->arch.s3);
	vm->arch.s3 = NULL;
}

/* Where the boot CPU resumes: false if the guest left no valid vector. */
static bool waking_vector(struct vm *vm, struct kvm_regs *regs,
			  struct kvm_sregs *s)
{
	const uint8_t *facs = vm_gpa(vm, vm->arch.s3->facs,
				     FACS_X_WAKING_VECTOR + 8);
	uint32_t vec;
	uint64_t xvec;

	if (!facs)
		return false;
	memcpy(&vec, facs + FACS_WAKING_VECTOR, sizeof(vec));
	memcpy(&xvec, facs + FACS_X_WAKING_VECTOR, sizeof(xvec));
	if (xvec) {
		if (xvec > UINT32_MAX)
			return false;
		x86_flat_segment(&s->cs, 0, 11);
		x86_flat_segment(&s->ds, 0, 3);
		s->es = s->ds;
		s->fs = s->ds;
		s->gs = s->ds;
		s->ss = s->ds;
		s->cr0 |= X86_CR0_PE;
		regs->rip = xvec;
		return true;
	}
	if (!vec || vec >= REAL_MODE_END)
		return false;
	s->cs.selector = (uint16_t)(vec >> 4);
	s->cs.base = vec & ~0xfu;
	s->ds.selector = 0;
	s->ds.base = 0;
	s->es = s->ds;
	s->fs = s->ds;
	s->gs = s->ds;
	s->ss = s->ds;
	regs->rip = vec & 0xf;
	return true;
}

static int restore_vcpu(struct vcpu *vcpu, const struct vcpu_reset *r,
			const struct kvm_regs *regs,
			const struct kvm_sregs *sregs)
{
	/* the APIC base (in the sregs) first: it sets the LAPIC's mode */
	if (ioctl(vcpu->fd, KVM_SET_SREGS, sregs) < 0 ||
	    ioctl(vcpu->fd, KVM_SET_REGS, regs) < 0 ||
	    ioctl(vcpu->fd, KVM_SET_FPU, &r->fpu) < 0 ||
	    ioctl(vcpu->fd, KVM_SET_LAPIC, &r->lapic) < 0 ||
	    ioctl(vcpu->fd, KVM_SET_VCPU_EVENTS, &r->events) < 0 ||
	    ioctl(vcpu->fd, KVM_SET_MP_STATE, &r->mp) < 0)
		return err_sys("resetting a vCPU at the wake-up");
	return 0;
}

/* The machine as firmware leaves it when it resumes; a status. */
static int resume(struct vm *vm)
{
	struct x86_s3 *s3 = vm->arch.s3;
	struct kvm_regs regs = s3->cpu[0].regs;
	struct kvm_sregs sregs = s3->cpu[0].sregs;
	unsigned int i;

	if (!waking_vector(vm, &regs, &sregs)) {
		err_msg("guest woke from ACPI S3 without a valid waking vector in its FACS");
		return ST_GUEST_ERROR;
	}
	for (i = 0; i < 3; i++) {
		if (ioctl(vm->fd, KVM_SET_IRQCHIP, &s3->chip[i]) < 0) {
			err_sys("KVM_SET_IRQCHIP");
			return ST_HOST;
		}
	}
	if (vm->arch.pit && ioctl(vm->fd, KVM_SET_PIT2, &s3->pit) < 0) {
		err_sys("KVM_SET_PIT2");
		return ST_HOST;
	}
	for (i = 0; i < vm->vcpus->nr; i++) {
		const struct vcpu_reset *r = &s3->cpu[i];

		if (restore_vcpu(vm->vcpus->v[i], r, i ? &r->regs : &regs,
				 i ? &r->sregs : &sregs) < 0)
			return ST_HOST;
	}
	return ST_OK;
}

/*
 * With every vCPU stopped: sleeps, then wakes the machine up. arg: not
 * NULL if the RTC's alarm may wake it.
 */
static void s3_sleep(struct vm *vm, void *arg)
{
	uint64_t alarm = 0;
	struct timespec real, until;
	int st;

	if (arg && vm->rtc_alarm.next)
		alarm = vm->rtc_alarm.next(vm->rtc_alarm.opaque);
	if (alarm) {
		/* the alarm's wall-clock second, on the monotonic clock */
		clock_gettime(CLOCK_REALTIME, &real);
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += (time_t)alarm - real.tv_sec;
		until.tv_nsec -= real.tv_nsec;
		if (until.tv_nsec < 0) {
			until.tv_nsec += 1000000000L;
			until.tv_sec--;
		}
	}
	if (!vcpus_pause_sleep(vm, alarm ? &until : NULL, NULL, NULL))
		return;		/* the run ends asleep */
	st = resume(vm);
	if (st != ST_OK)
		vm_request_stop(vm, st);
}

int arch_acpi_s3(struct vm *vm, bool rtc_wake)
{
	struct x86_s3 *s3 = vm->arch.s3;

	if (!s3 || !s3->facs)
		return -1;
	return vcpus_pause(vm, s3_sleep, rtc_wake ? vm : NULL);
}
