/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal virtio-mmio driver for bare guests that test kvmini's virtio
 * devices, hostile ones included: it does only what it is told, with
 * rings wherever the caller puts them.
 */
#ifndef VIRTIO_DRV_H
#define VIRTIO_DRV_H

#include <stdint.h>

/* virtio-mmio registers (virtio 1.2, 4.2.2) */
#define VR_MAGIC	0x000
#define VR_DEVICE_ID	0x008
#define VR_QUEUE_READY	0x044
#define VR_QUEUE_NOTIFY	0x050
#define VR_INT_ACK	0x064
#define VR_STATUS	0x070

#define VS_NEEDS_RESET	64

#define VD_NEXT		1
#define VD_WRITE	2

#define VIRTIO_ID_RNG	4
#define VIRTIO_ID_BLK	2

struct vdesc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

struct vdrv {
	uintptr_t base;		/* the device's registers */
	uint16_t qsize;
	struct vdesc *desc;	/* 16-byte aligned */
	uint16_t *avail;	/* flags, idx, ring[qsize], used_event */
	uint32_t *used;		/* flags | idx << 16, then {id, len}... */
	uint16_t next_avail;
};

/* Whether the device at base is virtio (version 2) of type id. */
int vdrv_probe(uintptr_t base, uint32_t id);

/*
 * Resets the device and brings queue 0 up with d's rings and size
 * qsize (features: VERSION_1 only); the status register after.
 */
uint32_t vdrv_bring_up(struct vdrv *d, uint16_t qsize);

void vdrv_set_desc(struct vdrv *d, unsigned int i, uint64_t addr,
		   uint32_t len, uint16_t flags, uint16_t next);

/* Makes head available; notifies if notify. */
void vdrv_offer(struct vdrv *d, uint16_t head, int notify);
void vdrv_notify(struct vdrv *d);

uint16_t vdrv_used_idx(const struct vdrv *d);
uint32_t vdrv_used_len(const struct vdrv *d, unsigned int i);
int vdrv_needs_reset(const struct vdrv *d);

/* Spins until the used index reaches idx (a device thread serves). */
void vdrv_wait_used(const struct vdrv *d, uint16_t idx);

#endif /* VIRTIO_DRV_H */
