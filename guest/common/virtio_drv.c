// SPDX-License-Identifier: GPL-2.0
#include "guest.h"
#include "virtio_drv.h"

#define VR_VERSION	0x004
#define VR_DRV_FEAT	0x020
#define VR_DRV_FEAT_SEL	0x024
#define VR_QUEUE_SEL	0x030
#define VR_QUEUE_NUM	0x038
#define VR_DESC_LO	0x080
#define VR_DESC_HI	0x084
#define VR_AVAIL_LO	0x090
#define VR_AVAIL_HI	0x094
#define VR_USED_LO	0x0a0
#define VR_USED_HI	0x0a4

#define VS_ACK		1
#define VS_DRIVER	2
#define VS_DRIVER_OK	4
#define VS_FEATURES_OK	8

int vdrv_probe(uintptr_t base, uint32_t id)
{
	return mmio_r32(base + VR_MAGIC) == 0x74726976 &&
	       mmio_r32(base + VR_VERSION) == 2 &&
	       mmio_r32(base + VR_DEVICE_ID) == id;
}

static void w64(uintptr_t reg, const void *p)
{
	mmio_w32(reg, (uint32_t)(uintptr_t)p);
	mmio_w32(reg + 4, (uint32_t)((uint64_t)(uintptr_t)p >> 32));
}

uint32_t vdrv_bring_up(struct vdrv *d, uint16_t qsize)
{
	uintptr_t b = d->base;
	const uint32_t s = VS_ACK | VS_DRIVER | VS_FEATURES_OK;

	mmio_w32(b + VR_STATUS, 0);
	memset(d->used, 0, 4 + 8u * qsize + 2);
	memset(d->avail, 0, 4 + 2u * qsize + 2);
	d->qsize = qsize;
	d->next_avail = 0;
	mmio_w32(b + VR_STATUS, VS_ACK | VS_DRIVER);
	mmio_w32(b + VR_DRV_FEAT_SEL, 1);
	mmio_w32(b + VR_DRV_FEAT, 1);		/* VIRTIO_F_VERSION_1 */
	mmio_w32(b + VR_STATUS, s);
	mmio_w32(b + VR_QUEUE_SEL, 0);
	mmio_w32(b + VR_QUEUE_NUM, qsize);
	w64(b + VR_DESC_LO, d->desc);
	w64(b + VR_AVAIL_LO, d->avail);
	w64(b + VR_USED_LO, d->used);
	mmio_w32(b + VR_QUEUE_READY, 1);
	mmio_w32(b + VR_STATUS, s | VS_DRIVER_OK);
	return mmio_r32(b + VR_STATUS);
}

void vdrv_set_desc(struct vdrv *d, unsigned int i, uint64_t addr,
		   uint32_t len, uint16_t flags, uint16_t next)
{
	d->desc[i].addr = addr;
	d->desc[i].len = len;
	d->desc[i].flags = flags;
	d->desc[i].next = next;
}

void vdrv_notify(struct vdrv *d)
{
	mmio_w32(d->base + VR_QUEUE_NOTIFY, 0);
	mmio_w32(d->base + VR_INT_ACK, 3);
}

void vdrv_offer(struct vdrv *d, uint16_t head, int notify)
{
	d->avail[2 + d->next_avail % d->qsize] = head;
	d->next_avail++;
	/* the entry before the index: the device may be reading already */
	__atomic_store_n(&d->avail[1], d->next_avail, __ATOMIC_RELEASE);
	if (notify)
		vdrv_notify(d);
}

uint16_t vdrv_used_idx(const struct vdrv *d)
{
	/* flags, then idx */
	return (uint16_t)(__atomic_load_n(&d->used[0], __ATOMIC_ACQUIRE) >> 16);
}

uint32_t vdrv_used_len(const struct vdrv *d, unsigned int i)
{
	return d->used[1 + 2 * (i % d->qsize) + 1];
}

int vdrv_needs_reset(const struct vdrv *d)
{
	return !!(mmio_r32(d->base + VR_STATUS) & VS_NEEDS_RESET);
}

void vdrv_wait_used(const struct vdrv *d, uint16_t idx)
{
	while (vdrv_used_idx(d) != idx)
		;
}
