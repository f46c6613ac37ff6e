/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kvmini's core asks of an architecture (src/arch/<arch>/) while a
 * guest runs: interrupt lines, exits only it knows, register dumps, the
 * stuck-guest report, its facts for the statistics and its seccomp
 * ioctls. Setting the machine up is board.h's, which only machine.c
 * calls.
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

/* Arch facts for the statistics report ("arch" object). */
void arch_report(struct vm *vm,
		 void (*emit)(void *ctx, const char *name, uint64_t val),
		 void *ctx);

/* Drives interrupt line irq (arch numbering) of the in-kernel irqchip. */
int arch_set_irq(struct vm *vm, unsigned int irq, int level);

/*
 * Handles an exit reason the exit table (exits.h) has no handler for:
 * EXIT_ACTION_UNHANDLED if this architecture has none either.
 */
struct exit_action arch_handle_exit(struct vcpu *vcpu);

/*
 * The guest asks to sleep in ACPI S3 (acpi_pm.c); rtc_wake: the RTC's
 * alarm may wake it. The machine sleeps once every vCPU has stopped and
 * wakes as a PC's firmware resumes it (x86: Multiboot images). 0, or -1
 * if it cannot sleep (the request is then ignored).
 */
int arch_acpi_s3(struct vm *vm, bool rtc_wake);

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

#endif /* KVMINI_ARCH_H */
