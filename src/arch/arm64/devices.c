// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 machine: where each device sits and which interrupt it raises
 * (GIC SPI numbers), below RAM as on QEMU's "virt" machine.
 */
#include "arch.h"
#include "board.h"
#include "devices/simvirtio_dev.h"
#include "devmgr.h"

/* the n-th virtio-mmio device's place (guests find them there) */
#define VIRTIO_AT(n)	(KVMINI_VIRTIO_BASE + (n) * KVMINI_VIRTIO_SIZE)
#define VIRTIO_SIZE	KVMINI_VIRTIO_SIZE

const struct device_row machine_devices[] = {
	/* class            space     base                   size       irq */
	{ "pl011",      .at = { BUS_MMIO, KVMINI_UART_BASE,      0x1000,    KVMINI_UART_SPI } },
	{ "exit",       .at = { BUS_MMIO, KVMINI_EXIT_BASE,      8,         DEV_NO_IRQ } },
	{ "post-code",  .at = { BUS_MMIO, KVMINI_POST_CODE,      1,         DEV_NO_IRQ } },
	{ "boot-timer", .at = { BUS_MMIO, KVMINI_BOOT_TIMER,     0x1000,    DEV_NO_IRQ } },
	{ "simvirtio",  .at = { BUS_MMIO, KVMINI_SIMVIRTIO_BASE, SV_WINDOW, DEV_NO_IRQ } },
	/* virtio-mmio: 0x200 each, as on QEMU's virt */
	{ "virtio-rng", .at = { BUS_MMIO, VIRTIO_AT(0), VIRTIO_SIZE, KVMINI_VIRTIO_SPI } },
	/* four disks, one after the other */
	{ "virtio-blk", .at = { BUS_MMIO, VIRTIO_AT(1), VIRTIO_SIZE, KVMINI_VIRTIO_SPI + 1 },
	  .count = 4, .stride = VIRTIO_SIZE,
	  .irqs = (const int[]){ KVMINI_VIRTIO_SPI + 1, KVMINI_VIRTIO_SPI + 2,
				 KVMINI_VIRTIO_SPI + 3, KVMINI_VIRTIO_SPI + 4 } },
	{ "virtio-net", .at = { BUS_MMIO, VIRTIO_AT(5), VIRTIO_SIZE, KVMINI_VIRTIO_SPI + 5 } },
	{ NULL },
};
