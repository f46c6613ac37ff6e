/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SIMVIRTIO guest-visible interface, shared by the VMM and guest drivers.
 * docs/simvirtio.md is the specification; this header only names its numbers.
 */
#ifndef KVMINI_SIMVIRTIO_H
#define KVMINI_SIMVIRTIO_H

#include <stdint.h>

/* Configuration space: register offsets from the device's base address. */
#define SV_REG_MAGIC		0x00	/* u32 R */
#define SV_REG_MAX_QUEUE_LEN	0x04	/* u16 R, of the selected queue */
#define SV_REG_DEVICE_STATUS	0x06	/* u8  R */
#define SV_REG_DRIVER_STATUS	0x07	/* u8  R/W */
#define SV_REG_QUEUE_SEL	0x08	/* u8  R/W */
#define SV_REG_Q0_CTL		0x09	/* u8  R/W, TX (driver -> device) */
#define SV_REG_Q1_CTL		0x0a	/* u8  R/W, RX (device -> driver) */
#define SV_CONFIG_SIZE		0x1000	/* the whole page traps */

#define SV_MAGIC_VALUE		0x74726976	/* "virt" */

#define SV_DEVICE_RESET		0x0
#define SV_DEVICE_CONFIG	0x2
#define SV_DEVICE_READY		0x4

#define SV_DRIVER_ACK		0x0
#define SV_DRIVER		0x2
#define SV_DRIVER_OK		0x4
/* The seed's 0x8000 does not fit the u8 register: its bit 15 becomes bit 7. */
#define SV_DRIVER_RESET		0x80

/* Qn_CTL: written by the driver, read for the device's queue mode. */
#define SV_QCTL_NOTIFY		0x01	/* W: TX has data / RX has room */
#define SV_QCTL_POLLED		0x80	/* R: device polls, do not notify */

#define SV_QUEUE_TX		0
#define SV_QUEUE_RX		1
#define SV_NR_QUEUES		2

/* Handshake commands sent on TX before the device is ready. */
#define SV_CMD_RESET		'R'
#define SV_CMD_CONFIG		'C'

/*
 * Queue memory: one ordinary (non-trapping) page per queue, right after
 * the configuration page: TX at base + 0x1000, RX at base + 0x2000.
 */
#define SV_QUEUE_OFFSET(q)	(0x1000 * ((q) + 1))
#define SV_QUEUE_PAGE		0x1000
#define SV_QUEUE_CTRL		0x00	/* struct sv_queue_ctrl */
#define SV_QUEUE_BUF		0x40	/* u8 buffer[max queue len] */

struct sv_queue_ctrl {
	uint32_t head;		/* next slot the producer fills */
	uint32_t tail;		/* next slot the consumer reads */
};

/* Published in guest RAM at KVMINI_DEVTABLE_ADDR (see the arch header). */
#define SV_DEVTABLE_MAX		10
struct sv_device_table {
	uint16_t count;
	uint16_t pad[3];
	uint64_t device_addresses[SV_DEVTABLE_MAX];
};

#endif /* KVMINI_SIMVIRTIO_H */
