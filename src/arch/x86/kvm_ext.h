/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM interfaces newer than the build host's <linux/kvm.h>: the
 * capability of kvmini's x86 patch series (kernel/patches/x86-exit-stats,
 * docs/x86-exit-stats.md). The value matches that kernel.
 */
#ifndef KVMINI_X86_KVM_EXT_H
#define KVMINI_X86_KVM_EXT_H

/* CPUID 0x4fffffff answers the VM's exit count and cycles */
#define KVM_CAP_X86_CPUID_EXIT_STATS	240

#endif /* KVMINI_X86_KVM_EXT_H */
