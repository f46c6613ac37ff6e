/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ioctls x86's code makes, for the seccomp allowlists
 * (src/sandbox_lists.h): on a vCPU thread and on the main thread once
 * the guest runs.
 */
#ifndef KVMINI_X86_SANDBOX_ARCH_H
#define KVMINI_X86_SANDBOX_ARCH_H

#include <stddef.h>

/* exit reports */
static const char *const arch_vcpu_ioctls[] = {
	"KVM_GET_REGS", "KVM_GET_SREGS", NULL,
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
	NULL,
};

#endif /* KVMINI_X86_SANDBOX_ARCH_H */
