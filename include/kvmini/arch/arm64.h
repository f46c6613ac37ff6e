/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmini's arm64 guest physical memory map (docs/guest-abi.md). Devices
 * sit below RAM, where QEMU's "virt" machine puts its own.
 */
#ifndef KVMINI_ARM64_H
#define KVMINI_ARM64_H

#define KVMINI_GICD_BASE	0x08000000	/* GICv3 distributor, 64 KiB */
#define KVMINI_GICR_BASE	0x080a0000	/* redistributors, 128 KiB each */
#define KVMINI_GICC_BASE	0x08010000	/* --gic v2: CPU interface */
#define KVMINI_GITS_BASE	0x08080000	/* --gic v3-its: ITS, 128 KiB */
#define KVMINI_UART_BASE	0x09000000	/* PL011: console, both kinds */
#define KVMINI_UART_SPI		1		/* its interrupt: SPI 1 */
#define KVMINI_PMU_INTID	23		/* --pmu: overflow, PPI 7 */
#define KVMINI_EXIT_BASE	0x0a000000	/* test device: u64 EXIT reg */
#define KVMINI_BOOT_TIMER	0x0a001000	/* u8 W: 123 = booted */
#define KVMINI_POST_CODE	0x0a002000	/* u8 W: boot phase codes */
#define KVMINI_HIDESEEK_BASE	0x0b000000	/* HIDE/SEEK page (in KVM) */
#define KVMINI_HIDE		(KVMINI_HIDESEEK_BASE + 0)	/* u8 W */
#define KVMINI_SEEK		(KVMINI_HIDESEEK_BASE + 1)	/* u8 R */
#define KVMINI_HIDESEEK_TARGET	0x40000000	/* its bits [58:51] */

/* SMCCC vendor-hypervisor call: x0 = host CPU running this vCPU */
#define KVMINI_HOST_CPUID_FUNC	0x86000040
#define KVMINI_SMCCC_NOT_SUPPORTED	(-1)
#define KVMINI_SMCCC_INVALID_PARAMETER	(-3)
#define KVMINI_SIMVIRTIO_BASE	0x0c000000	/* config page + queue pages */
#define KVMINI_VIRTIO_BASE	0x0d000000	/* virtio-mmio devices, 0x200 each */
#define KVMINI_VIRTIO_SIZE	0x200		/* rng, blk (up to 4), net */
#define KVMINI_VIRTIO_SPI	16		/* their interrupts: SPI 16 on */

#define KVMINI_RAM_BASE		0x40000000
#define KVMINI_RAM_MIN		0x100000	/* 1 MiB */
#define KVMINI_RAM_MAX		0x80000000ULL	/* 2 GiB */
#define KVMINI_RAM_MAX_TEXT	"2G"	/* the same, for messages */
#define KVMINI_CMDLINE_MAX	2048	/* Linux arm64's COMMAND_LINE_SIZE, with the NUL */

#define KVMINI_RESULT_ADDR	(KVMINI_RAM_BASE + 0x400)	/* u64: 42 */
#define KVMINI_DEVTABLE_ADDR	(KVMINI_RAM_BASE + 0x500)
#define KVMINI_IMAGE_ADDR	(KVMINI_RAM_BASE + 0x80000)	/* flat images */
#define KVMINI_STACK_TOP	(KVMINI_RAM_BASE + 0x100000)	/* sp_el1 */

#endif /* KVMINI_ARM64_H */
