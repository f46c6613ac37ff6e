/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmini's x86 guest physical memory map and I/O ports (docs/guest-abi.md).
 */
#ifndef KVMINI_X86_H
#define KVMINI_X86_H

#define KVMINI_RESULT_ADDR	0x400		/* u64: bare guests store 42 */
#define KVMINI_DEVTABLE_ADDR	0x500		/* struct sv_device_table */
#define KVMINI_GDT_ADDR		0x800		/* protected and long mode */
#define KVMINI_PT_ADDR		0x1000		/* long mode: PML4, PDPT, 4 PDs */
#define KVMINI_ZERO_PAGE	0x7000		/* Linux: struct boot_params */
#define KVMINI_BOOT_END		0x8000		/* end of the VMM-owned area */
#define KVMINI_MB_INFO		0x10000		/* Multiboot: information (EBX) */
#define KVMINI_CMDLINE		0x20000		/* Linux: command line */
#define KVMINI_ACPI_ADDR	0xe0000		/* Linux: ACPI tables, RSDP first */
#define KVMINI_ACPI_SIZE	0x10000		/* (e820: ACPI; in the BIOS area) */
#define KVMINI_IMAGE_ADDR	0x8000		/* default load address */
#define KVMINI_STACK_TOP	0x100000	/* rsp in protected/long mode */
#define KVMINI_STACK_SIZE	0x10000		/* per vCPU, downwards */
#define KVMINI_REAL_STACK_TOP	0x8000		/* ss:sp = 0:0x8000 in real mode */

#define KVMINI_RAM_BASE		0x0
#define KVMINI_RAM_MIN		0x100000	/* 1 MiB: holds the stack top */
#define KVMINI_RAM_MAX		0xc0000000ULL	/* RAM must end below MMIO */
#define KVMINI_RAM_MAX_TEXT	"3G"	/* the same, for messages */
#define KVMINI_CMDLINE_MAX	2048	/* Linux x86's COMMAND_LINE_SIZE, with the NUL */

#define KVMINI_DEBUG_PORT	0xe9		/* console: bytes to stdout */
#define KVMINI_SIMVIRTIO_BASE	0xd0000000	/* config page + queue pages */
#define KVMINI_VIRTIO_BASE	0xd0100000	/* virtio-mmio devices, a page each */
#define KVMINI_VIRTIO_SIZE	0x1000		/* rng, blk (up to 4), net */
#define KVMINI_BOOT_TIMER	0xd0200000	/* u8 W: 123 = booted */
#define KVMINI_POST_PORT	0x80		/* u8 W: boot phase codes */
#define KVMINI_FW_CFG_PORT	0x510		/* QEMU's fw_cfg: u16 selector, u8 data */
#define KVMINI_ACPI_PM_PORT	0x600		/* ACPI PM1a event, control, timer */
#define KVMINI_IOAPIC_ADDR	0xfec00000	/* KVM's in-kernel IOAPIC */
#define KVMINI_LAPIC_ADDR	0xfee00000	/* each vCPU's local APIC */

/* GDT selectors set up by kvmini */
#define KVMINI_SEL_CODE32	0x08
#define KVMINI_SEL_DATA		0x10
#define KVMINI_SEL_CODE64	0x18

#endif /* KVMINI_X86_H */
