// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 machine: where each device sits and which interrupt it raises
 * (GIC SPI numbers), below RAM as on QEMU's "virt" machine.
 */
#include "devices/simvirtio.h"
#include "devmgr.h"
#include "arch.h"

const struct device_row machine_devices[] = {
	/* class          space     base                   size       irq */
	{ "pl011",      { BUS_MMIO, KVMINI_UART_BASE,      0x1000,    KVMINI_UART_SPI } },
	{ "exit",       { BUS_MMIO, KVMINI_EXIT_BASE,      8,         DEV_NO_IRQ } },
	{ "simvirtio",  { BUS_MMIO, KVMINI_SIMVIRTIO_BASE, SV_WINDOW, DEV_NO_IRQ } },
	/* virtio-mmio: 0x200 each, as on QEMU's virt */
	{ "virtio-rng", { BUS_MMIO, KVMINI_VIRTIO_BASE,         0x200, KVMINI_VIRTIO_SPI } },
	{ "virtio-blk", { BUS_MMIO, KVMINI_VIRTIO_BASE + 0x200, 0x200, KVMINI_VIRTIO_SPI + 1 } },
	{ "virtio-blk", { BUS_MMIO, KVMINI_VIRTIO_BASE + 0x400, 0x200, KVMINI_VIRTIO_SPI + 2 } },
	{ "virtio-blk", { BUS_MMIO, KVMINI_VIRTIO_BASE + 0x600, 0x200, KVMINI_VIRTIO_SPI + 3 } },
	{ "virtio-blk", { BUS_MMIO, KVMINI_VIRTIO_BASE + 0x800, 0x200, KVMINI_VIRTIO_SPI + 4 } },
	{ "virtio-net", { BUS_MMIO, KVMINI_VIRTIO_BASE + 0xa00, 0x200, KVMINI_VIRTIO_SPI + 5 } },
	{ NULL },
};
