/* SPDX-License-Identifier: GPL-2.0 */
/* Internal to src/arch/arm64. */
#ifndef KVMINI_ARM64_INTERNAL_H
#define KVMINI_ARM64_INTERNAL_H

#include <stdint.h>

struct config;
struct image;
struct vcpu;
struct devmgr;
struct vm;

int arm64_set_reg(struct vcpu *vcpu, uint64_t id, uint64_t val);

/* vGICv3 in the kernel, after all vCPUs exist (gic.c) */
int arm64_gic_create(struct vm *vm);
int arm64_pmu_init(struct vm *vm);

/*
 * initrd and device tree for a Linux Image; sets vm->arch.dtb (boot.c).
 * ST_OK, ST_IMAGE (initrd unreadable, RAM too small) or ST_HOST.
 */
int arm64_boot_linux(struct vm *vm, const struct config *cfg,
		     const struct image *img, const struct devmgr *dm);

#endif /* KVMINI_ARM64_INTERNAL_H */
