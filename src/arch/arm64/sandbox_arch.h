/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ioctls arm64's code makes, for the seccomp allowlists
 * (src/sandbox_lists.h): on a vCPU thread and on the main thread once
 * the guest runs.
 */
#ifndef KVMINI_ARM64_SANDBOX_ARCH_H
#define KVMINI_ARM64_SANDBOX_ARCH_H

#include <stddef.h>

/* registers: the hypercall's result, and reports */
static const char *const arch_vcpu_ioctls[] = {
	"KVM_GET_ONE_REG", "KVM_SET_ONE_REG", NULL,
};
static const char *const arch_main_ioctls[] = { "KVM_GET_ONE_REG", NULL };
/* both, for a main thread running the only vCPU (SANDBOX_MAIN_VCPU) */
static const char *const arch_main_vcpu_ioctls[] = {
	"KVM_GET_ONE_REG", "KVM_SET_ONE_REG", NULL,
};

/*
 * The GDB stub's back end (gdb.c), on whichever thread serves GDB:
 * registers, the stage-1 walk's sysregs, the debug state, and the
 * number of debug registers (KVM_CHECK_EXTENSION on the VM fd).
 */
static const char *const arch_gdb_ioctls[] = {
	"KVM_GET_ONE_REG", "KVM_SET_ONE_REG", "KVM_SET_GUEST_DEBUG",
	"KVM_CHECK_EXTENSION", NULL,
};

#endif /* KVMINI_ARM64_SANDBOX_ARCH_H */
