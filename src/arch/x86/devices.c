// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 machine: where each device sits and which interrupt it raises
 * (ISA lines, as the in-kernel PIC and IOAPIC number them).
 */
#include "arch.h"
#include "board.h"
#include "devices/simvirtio_dev.h"
#include "devmgr.h"

/* the n-th virtio-mmio device's place (guests find them there) */
#define VIRTIO_AT(n)	(KVMINI_VIRTIO_BASE + (n) * KVMINI_VIRTIO_SIZE)
#define VIRTIO_SIZE	KVMINI_VIRTIO_SIZE

const struct device_row machine_devices[] = {
	/* class                space     base                   size       irq */
	{ "debugcon",       .at = { BUS_PIO,  KVMINI_DEBUG_PORT,     1,         DEV_NO_IRQ } },
	{ "serial8250",     .at = { BUS_PIO,  0x3f8,                 8,         4 } },
	{ "i8042",          .at = { BUS_PIO,  0x60,                  5,         DEV_NO_IRQ } },
	{ "cmos-rtc",       .at = { BUS_PIO,  0x70,                  2,         DEV_NO_IRQ } },
	{ "simvirtio",      .at = { BUS_MMIO, KVMINI_SIMVIRTIO_BASE, SV_WINDOW, DEV_NO_IRQ } },
	{ "isa-debug-exit", .at = { BUS_PIO,  0xf4,                  4,         DEV_NO_IRQ } },
	{ "post-code",      .at = { BUS_PIO,  KVMINI_POST_PORT,      1,         DEV_NO_IRQ } },
	{ "boot-timer",     .at = { BUS_MMIO, KVMINI_BOOT_TIMER,     0x1000,    DEV_NO_IRQ } },
	{ "fw-cfg",         .at = { BUS_PIO,  KVMINI_FW_CFG_PORT,    2,         DEV_NO_IRQ } },
	/* PM1a event, control and timer: a PC's ACPI tables name them */
	{ "acpi-pm",        .at = { BUS_PIO,  KVMINI_ACPI_PM_PORT,   12,        DEV_NO_IRQ } },
	/* QEMU's pc-testdev (--pc-testdev): ports 0xe0-0xe7, 0x2000-0x2017 */
	{ "pc-testdev",     .at = { BUS_PIO,  0xe0,                  0x1f38,    DEV_NO_IRQ } },
	{ "pc-testdev-mem", .at = { BUS_MMIO, 0xff000000,            0x10000,   DEV_NO_IRQ } },
	/* virtio-mmio: a page each; ISA lines a PC without IDE, LPT or
	 * floppy leaves free (7 is the PIC's spurious one)
	 */
	{ "virtio-rng",     .at = { BUS_MMIO, VIRTIO_AT(0), VIRTIO_SIZE, 11 } },
	/* four disks, a page apart */
	{ "virtio-blk",     .at = { BUS_MMIO, VIRTIO_AT(1), VIRTIO_SIZE, 5 },
	  .count = 4, .stride = VIRTIO_SIZE, .irqs = (const int[]){ 5, 6, 9, 14 } },
	{ "virtio-net",     .at = { BUS_MMIO, VIRTIO_AT(5), VIRTIO_SIZE, 10 } },
	{ NULL },
};
