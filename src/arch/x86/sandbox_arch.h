/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ioctls x86's code makes, for the seccomp allowlists
 * (src/sandbox_lists.h): on a vCPU thread and on the main thread once
 * the guest runs.
 */
#ifndef KVMINI_X86_SANDBOX_ARCH_H
#define KVMINI_X86_SANDBOX_ARCH_H

#include <stddef.h>

/*
 * the wake-up from ACPI S3 (sleep.c), on the vCPU thread that stopped
 * last: every vCPU and the irqchip back to their first state
 */
#define ARCH_RESUME_IOCTLS						\
	"KVM_SET_REGS", "KVM_SET_SREGS", "KVM_SET_FPU", "KVM_SET_LAPIC",	\
	"KVM_SET_VCPU_EVENTS", "KVM_SET_MP_STATE", "KVM_SET_IRQCHIP",	\
	"KVM_SET_PIT2"

/* exit reports */
static const char *const arch_vcpu_ioctls[] = {
	"KVM_GET_REGS", "KVM_GET_SREGS", ARCH_RESUME_IOCTLS,
	"KVM_TRANSLATE",	/* --gdb: a soft watchpoint's bytes */
	NULL,
};

/* postmortem.c's report of a stuck guest, arch_result_reg */
static const char *const arch_main_ioctls[] = {
	"KVM_GET_REGS", "KVM_GET_SREGS", "KVM_GET_MSRS", "KVM_GET_IRQCHIP",
	"KVM_GET_PIT2", "KVM_GET_LAPIC", "KVM_TRANSLATE", "KVM_GET_VCPU_EVENTS",
	NULL,
};

/* both, for a main thread running the only vCPU (SANDBOX_MAIN_VCPU) */
static const char *const arch_main_vcpu_ioctls[] = {
	"KVM_GET_REGS", "KVM_GET_SREGS", "KVM_GET_MSRS", "KVM_GET_IRQCHIP",
	"KVM_GET_PIT2", "KVM_GET_LAPIC", "KVM_TRANSLATE", "KVM_GET_VCPU_EVENTS",
	ARCH_RESUME_IOCTLS, NULL,
};

/*
 * the GDB stub's thread (gdb.c), on a vCPU stopped out of KVM_RUN:
 * registers (KERNEL_GS_BASE by the MSR calls), translation, the debug
 * registers and which of KVM_SET_GUEST_DEBUG's controls KVM takes (on
 * the VM's fd)
 */
static const char *const arch_gdb_ioctls[] = {
	"KVM_GET_REGS", "KVM_SET_REGS", "KVM_GET_SREGS", "KVM_SET_SREGS",
	"KVM_GET_FPU", "KVM_SET_FPU", "KVM_GET_MSRS", "KVM_SET_MSRS",
	"KVM_TRANSLATE", "KVM_SET_GUEST_DEBUG", "KVM_CHECK_EXTENSION", NULL,
};

#endif /* KVMINI_X86_SANDBOX_ARCH_H */
