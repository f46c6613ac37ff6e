// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile virtio driver, against kvmini's virtio-rng (virtio-mmio at
 * KVMINI_VIRTIO_BASE): bad buffers (outside RAM, zero and huge lengths)
 * must fail their request only (used, 0 bytes); damaged rings (a looping
 * chain, a head or an available index out of range, a queue size that is
 * not a power of 2) must set DEVICE_NEEDS_RESET and take nothing more; a
 * reset must bring the device back, however often. kvmini must stay up
 * throughout, and not print a line for each of thousands of resets.
 */
#include "guest.h"
#include "virtio_drv.h"

#define QSIZE		8

/* the device reads and writes these during MMIO exits, which clobber memory */
static alignas(16) struct vdesc descs[QSIZE];
static alignas(4) uint16_t avail[2 + QSIZE + 1];
static alignas(8) uint32_t used[1 + 2 * QSIZE + 1];
static alignas(8) uint8_t buf[64];

static struct vdrv rng = {
	.base = KVMINI_VIRTIO_BASE, .desc = descs, .avail = avail, .used = used,
};

static uint32_t bring_up(uint16_t qsize)
{
	return vdrv_bring_up(&rng, qsize);
}

static void offer(uint16_t head)
{
	vdrv_offer(&rng, head, 1);
}

static int needs_reset(void)
{
	return vdrv_needs_reset(&rng);
}

/* One request of one buffer; whether it came back with want bytes. */
static int request(uint64_t addr, uint32_t len, uint32_t want)
{
	uint16_t before = vdrv_used_idx(&rng);

	vdrv_set_desc(&rng, 0, addr, len, VD_WRITE, 0);
	offer(0);
	return vdrv_used_idx(&rng) == (uint16_t)(before + 1) &&
	       vdrv_used_len(&rng, before) == want && !needs_reset();
}

unsigned long guest_main(void)
{
	unsigned int i;

	if (!vdrv_probe(rng.base, VIRTIO_ID_RNG))
		return guest_fail("no virtio-rng at KVMINI_VIRTIO_BASE");
	if (bring_up(QSIZE) & VS_NEEDS_RESET)
		return guest_fail("a good set-up needs a reset");
	if (!request((uintptr_t)buf, sizeof(buf), sizeof(buf)))
		return guest_fail("a good request");
	/* bad buffers: the request fails, the queue goes on */
	if (!request(GUEST_UNCLAIMED_MMIO, 16, 0))
		return guest_fail("a buffer outside RAM");
	if (!request((uintptr_t)buf, 0, 0))
		return guest_fail("a zero-length buffer");
	if (!request((uintptr_t)buf, 0x7fffffff, 0))
		return guest_fail("a huge buffer");
	/* damaged rings: the device needs a reset, then works again */
	vdrv_set_desc(&rng, 0, (uintptr_t)buf, 8, VD_WRITE | VD_NEXT, 1);
	vdrv_set_desc(&rng, 1, (uintptr_t)buf, 8, VD_WRITE | VD_NEXT, 0);
	offer(0);
	if (!needs_reset() || vdrv_used_idx(&rng) != 4)
		return guest_fail("a looping chain");
	offer(0);			/* nothing more is taken */
	if (vdrv_used_idx(&rng) != 4)
		return guest_fail("a broken queue was used");
	bring_up(QSIZE);
	offer(QSIZE + 3);
	if (!needs_reset())
		return guest_fail("a head out of range");
	bring_up(QSIZE);
	avail[1] = 100;
	vdrv_notify(&rng);
	if (!needs_reset())
		return guest_fail("an available index far ahead");
	if (!(bring_up(6) & VS_NEEDS_RESET) ||
	    mmio_r32(rng.base + VR_QUEUE_READY))
		return guest_fail("a queue size of 6");
	if (bring_up(QSIZE) & VS_NEEDS_RESET ||
	    !request((uintptr_t)buf, sizeof(buf), sizeof(buf)))
		return guest_fail("after a reset");
	/* breaking it again and again: kvmini counts, and prints a few */
	for (i = 0; i < 50; i++)
		if (!(bring_up(6) & VS_NEEDS_RESET))
			return guest_fail("a queue size of 6, again");
	if (bring_up(QSIZE) & VS_NEEDS_RESET)
		return guest_fail("after 50 resets");
	con_puts("virtio survived\n");
	return guest_pass();
}
