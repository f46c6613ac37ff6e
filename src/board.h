/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine an architecture builds (src/arch/<arch>/): its checks of an
 * image and the options, the VM's and each vCPU's set-up, the boot data
 * of a kernel (ACPI, device tree, Linux boot) and the result register.
 * Only the machine set-up (machine.c) calls these.
 */
#ifndef KVMINI_BOARD_H
#define KVMINI_BOARD_H

#include <stdint.h>

#include "devmgr.h"

struct config;
struct image;
struct vcpu;
struct vm;

/*
 * VM-wide set-up after RAM exists, before devices and vCPUs (x86: TSS).
 * This and arch_vm_ready() return ST_OK or the status to exit with.
 */
int arch_vm_init(struct vm *vm, const struct config *cfg,
		 const struct image *img);

/*
 * After every vCPU exists and has its start state: interrupt controller,
 * boot data for a kernel image (arm64: vGIC, initrd, device tree).
 */
int arch_vm_ready(struct vm *vm, const struct config *cfg,
		  const struct image *img, const struct devmgr *dm);

/*
 * The machine's devices: where each sits and which interrupt it raises
 * (src/arch/<arch>/devices.c), ended by a row without a class.
 */
extern const struct device_row machine_devices[];

/* Releases what arch_vm_init and arch_vm_ready acquired. */
void arch_vm_destroy(struct vm *vm);

/*
 * Validates mode and layout of a parsed image, and recognises kernel
 * images (which it may move to where they must load); ST_OK or ST_IMAGE.
 */
int arch_image_check(struct image *img, uint64_t ram_size);

/*
 * This architecture's rules for options with this image (e.g. vCPU
 * count and start mode), before any KVM call: ST_OK or ST_USAGE.
 */
int arch_check_config(const struct config *cfg, const struct image *img);

/* Puts a vCPU in the image's start state (mode, registers, tables). */
int arch_vcpu_init(struct vcpu *vcpu, const struct image *img);

/* The guest's return register (rax, x0). 0 or -1. */
int arch_result_reg(struct vcpu *vcpu, uint64_t *val);

#endif /* KVMINI_BOARD_H */
