/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM interfaces newer than the build host's <linux/kvm.h>: the SMCCC
 * filter (Linux 6.4) and the capabilities of kvmini's own patch series
 * (kernel/patches, docs/kvm-extensions.md). Values match those kernels.
 */
#ifndef KVMINI_ARM64_KVM_EXT_H
#define KVMINI_ARM64_KVM_EXT_H

#include <linux/types.h>

#ifndef KVM_ARM_VM_SMCCC_CTRL
#define KVM_ARM_VM_SMCCC_CTRL		0
#define KVM_ARM_VM_SMCCC_FILTER		0

enum kvm_smccc_filter_action {
	KVM_SMCCC_FILTER_HANDLE = 0,
	KVM_SMCCC_FILTER_DENY,
	KVM_SMCCC_FILTER_FWD_TO_USER,
};

struct kvm_smccc_filter {
	__u32 base;
	__u32 nr_functions;
	__u8 action;
	__u8 pad[15];
};
#endif

/* kernel/patches/arm64-kvm: the next number after Linux 6.12's last */
#define KVM_CAP_ARM_HIDE_SEEK		239

/*
 * kernel/patches: KVM's own host_cpuid is a vendor hypervisor service,
 * offered by default, listed in bit 0 of this firmware bitmap (vendor
 * functions 64 to 127), hidden by clearing it before the VM first runs.
 */
#define KVM_REG_ARM_VENDOR_HYP_BMAP_2	KVM_REG_ARM_FW_FEAT_BMAP_REG(3)
#define KVM_REG_ARM_VENDOR_HYP_BIT_HOST_CPUID	0

#endif /* KVMINI_ARM64_KVM_EXT_H */
