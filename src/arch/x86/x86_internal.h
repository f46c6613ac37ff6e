/* SPDX-License-Identifier: GPL-2.0 */
/* Internal to src/arch/x86. */
#ifndef KVMINI_X86_INTERNAL_H
#define KVMINI_X86_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct config;
struct image;
struct kvm_ioapic_state;
struct kvm_lapic_state;
struct kvm_pic_state;
struct kvm_pit_state2;
struct kvm_vcpu_events;
struct devmgr;
struct kvm_segment;
struct vcpu;
struct vm;

#define X86_CR0_PE	(1u << 0)	/* protected mode */

/* Linux guests (linux.c) */
int x86_bzimage_check(struct image *img, uint64_t ram_size);
int x86_boot_linux(struct vm *vm, const struct config *cfg,
		   const struct image *img, const struct devmgr *dm);

/* Multiboot v1 images (multiboot.c) */
#define X86_MB_BOOT_MAGIC	0x2badb002u	/* EAX at the entry */
/* Marks an ELF32 image with a Multiboot header; ST_OK if it has none. */
/* where a PC's BIOS puts the 8259s' interrupts: IRQs 0-7, then 8-15 */
#define X86_PIC_VECTORS_MASTER	0x08
#define X86_PIC_VECTORS_SLAVE	0x70

int x86_multiboot_check(struct image *img);
/*
 * The information structure, command line and module (--initrd), the
 * BIOS's vector table, a PC's ACPI tables.
 */
int x86_boot_multiboot(struct vm *vm, const struct config *cfg,
		       const struct devmgr *dm);

/* ACPI S3 for Multiboot images (sleep.c), arch_acpi_s3() */
/* After the irqchip's set-up: keeps it for the wake-up. 0 or -1. */
int x86_s3_prepare(struct vm *vm);
/* Before the vCPU's set-up: keeps KVM's reset state. 0 or -1. */
int x86_s3_save_vcpu(struct vcpu *vcpu);
/* Where the ACPI tables put the FACS, whose waking vector it reads. */
void x86_s3_set_facs(struct vm *vm, uint64_t gpa);
void x86_s3_destroy(struct vm *vm);

/* A flat 4 GiB segment of type (code 11, data 3), as the GDT has it. */
void x86_flat_segment(struct kvm_segment *s, uint16_t sel, uint8_t type);

/* The --timeout report (postmortem.c): lines from KVM's state structures. */

/* The vectors set in the 256-bit LAPIC register at reg: "0xec,0x30" or "-". */
void x86_lapic_vectors(const struct kvm_lapic_state *l, unsigned int reg,
		       char *buf, size_t len);
/*
 * LAPIC: IRR, ISR, TPR, LVT0/1 and the timer; deadline_in is the
 * TSC-deadline timer's distance (0: not armed; NULL: unknown).
 */
void x86_report_lapic(FILE *out, const struct kvm_lapic_state *l,
		      uint64_t apic_base, const int64_t *deadline_in);
void x86_report_events(FILE *out, const struct kvm_vcpu_events *ev);
void x86_report_pic(FILE *out, const struct kvm_pic_state *master,
		    const struct kvm_pic_state *slave);
void x86_report_ioapic(FILE *out, const struct kvm_ioapic_state *io);
void x86_report_pit(FILE *out, const struct kvm_pit_state2 *pit);

#endif /* KVMINI_X86_INTERNAL_H */
