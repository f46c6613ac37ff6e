/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What generic code asks of an architecture (src/arch/<arch>/).
 */
#ifndef KVMINI_ARCH_H
#define KVMINI_ARCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "arch_defs.h"		/* per arch: arch_cycles(), memory map */

struct config;
struct devmgr;
struct exit_action;
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

/* Releases what arch_vm_init and arch_vm_ready acquired. */
void arch_vm_destroy(struct vm *vm);

/* Arch facts for the statistics report ("arch" object). */
void arch_report(struct vm *vm,
		 void (*emit)(void *ctx, const char *name, uint64_t val),
		 void *ctx);

/* Drives interrupt line irq (arch numbering) of the in-kernel irqchip. */
int arch_set_irq(struct vm *vm, unsigned int irq, int level);

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

/*
 * Handles an exit reason the exit table (exits.h) has no handler for:
 * EXIT_ACTION_UNHANDLED if this architecture has none either.
 */
struct exit_action arch_handle_exit(struct vcpu *vcpu);

/* Prints the registers (one report block) for a failing vCPU. */
void arch_dump_regs(struct vcpu *vcpu, FILE *out);

/*
 * At --timeout, before the vCPUs are stopped: saves the VM-wide interrupt
 * state for arch_vcpu_report_wait(), as in-kernel timers keep raising
 * interrupts once no vCPU takes them.
 */
void arch_vm_save_wait(struct vm *vm);

/*
 * The vCPU's state as a waiting guest sees it (instruction pointer,
 * interrupt mask, KVM's mp_state, pending interrupts): the rest of the
 * line "  vcpuN: " begins, then lines indented by 4.
 */
void arch_vcpu_report_wait(struct vcpu *vcpu, FILE *out);

/* The guest's return register (rax, x0). 0 or -1. */
int arch_result_reg(struct vcpu *vcpu, uint64_t *val);

/*
 * The seccomp allowlists (src/sandbox.c): the ioctls this architecture's
 * code makes on a vCPU thread (exits, reports) and on the main thread
 * once the guest runs (--timeout reports, the result register).
 */
extern const unsigned long arch_vcpu_ioctls[];
extern const unsigned int arch_nr_vcpu_ioctls;
extern const unsigned long arch_main_ioctls[];
extern const unsigned int arch_nr_main_ioctls;

#endif /* KVMINI_ARCH_H */
