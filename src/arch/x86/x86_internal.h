/* SPDX-License-Identifier: GPL-2.0 */
/* Internal to src/arch/x86. */
#ifndef KVMINI_X86_INTERNAL_H
#define KVMINI_X86_INTERNAL_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gdb_arch.h"

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

/*
 * --cpuid-clear (cpuid.c): a comma-separated list of QEMU's feature names
 * into a mask (ST_OK, or ST_USAGE with one line), and the mask applied
 * to the CPUID entries a vCPU will get.
 */
int x86_cpuid_clear_parse(const char *list, uint32_t *mask);
void x86_cpuid_clear(struct kvm_cpuid2 *c, uint32_t mask);

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

/*
 * The GDB stub's back end (gdb.c): the parts that need no KVM, for the
 * unit tests. GDB's register layout follows the vCPU's mode.
 */
enum x86_gdb_mode {
	X86_GDB_REAL,	/* i386's layout; a new selector sets its base */
	X86_GDB_PROT,	/* i386's layout */
	X86_GDB_LONG,	/* EFER.LMA, compatibility mode too: amd64's */
};

/* What GDB's registers come from: KERNEL_GS_BASE only in long mode. */
struct x86_gdb_state {
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	struct kvm_fpu fpu;
	uint64_t kernel_gs_base;
};

enum x86_gdb_mode x86_gdb_mode(const struct kvm_sregs *s, uint64_t rflags);
/* The target description of a mode's layout; static. */
const char *x86_gdb_xml(enum x86_gdb_mode mode);
/* Registers in a layout, and their name by GDB's number (NULL: none). */
unsigned int x86_gdb_nr_regs(enum x86_gdb_mode mode);
const char *x86_gdb_reg_name(enum x86_gdb_mode mode, unsigned int regno);
/* The 'g' packet's length. */
size_t x86_gdb_regs_size(enum x86_gdb_mode mode);
/*
 * st as a 'g' packet into buf: the bytes written, or -1 if size is
 * short. unpack: the 'G' packet's bytes into st, which holds the vCPU's
 * state (fields GDB does not show stay): 0, or -1 unless len is the
 * layout's. The _reg forms do one register, GDB's number regno.
 */
long x86_gdb_pack(enum x86_gdb_mode mode, const struct x86_gdb_state *st,
		  uint8_t *buf, size_t size);
int x86_gdb_unpack(enum x86_gdb_mode mode, struct x86_gdb_state *st,
		   const uint8_t *buf, size_t len);
long x86_gdb_pack_reg(enum x86_gdb_mode mode, const struct x86_gdb_state *st,
		      unsigned int regno, uint8_t *buf, size_t size);
int x86_gdb_unpack_reg(enum x86_gdb_mode mode, struct x86_gdb_state *st,
		       unsigned int regno, const uint8_t *buf, size_t len);

/*
 * KVM_SET_GUEST_DEBUG's argument for d: 0, or -1 if the debug registers
 * cannot hold d->hw. valid: the control bits this KVM takes
 * (KVM_CAP_SET_GUEST_DEBUG2; 0 if unknown).
 */
int x86_gdb_guest_debug(const struct gdb_debug *d, uint32_t valid,
			struct kvm_guest_debug *dbg);
/* DR7 for d's hardware points, slot i in DRi: 0, or -1 as above. */
int x86_gdb_dr7(const struct gdb_debug *d, uint64_t *dr7);
/* What KVM_EXIT_DEBUG's a means under d. */
struct gdb_debug_exit x86_gdb_debug_decode(const struct kvm_debug_exit_arch *a,
					   const struct gdb_debug *d);

#endif /* KVMINI_X86_INTERNAL_H */
