// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile virtio driver, against kvmini's virtio-rng (virtio-mmio at
 * KVMINI_VIRTIO_BASE): bad buffers (outside RAM, zero and huge lengths)
 * must fail their request only (used, 0 bytes); damaged rings (a looping
 * chain, a head or an available index out of range, a queue size that is
 * not a power of 2) must set DEVICE_NEEDS_RESET and take nothing more; a
 * reset must bring the device back. kvmini must stay up throughout.
 */
#include "guest.h"

/* virtio-mmio registers (virtio 1.2, 4.2.2) */
#define R_MAGIC		0x000
#define R_DEVICE_ID	0x008
#define R_DRV_FEAT	0x020
#define R_DRV_FEAT_SEL	0x024
#define R_QUEUE_SEL	0x030
#define R_QUEUE_NUM	0x038
#define R_QUEUE_READY	0x044
#define R_QUEUE_NOTIFY	0x050
#define R_INT_ACK	0x064
#define R_STATUS	0x070
#define R_DESC_LO	0x080
#define R_DESC_HI	0x084
#define R_AVAIL_LO	0x090
#define R_AVAIL_HI	0x094
#define R_USED_LO	0x0a0
#define R_USED_HI	0x0a4

#define S_ACK		1
#define S_DRIVER	2
#define S_DRIVER_OK	4
#define S_FEATURES_OK	8
#define S_NEEDS_RESET	64

#define F_NEXT		1
#define F_WRITE		2

#define QSIZE		8
#define BASE		KVMINI_VIRTIO_BASE

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

/* the device reads and writes these during MMIO exits, which clobber memory */
static alignas(16) struct desc descs[QSIZE];
static alignas(4) uint16_t avail[2 + QSIZE + 1];
static alignas(8) uint32_t used[1 + 2 * QSIZE + 1];
static alignas(8) uint8_t buf[64];
static uint16_t next_avail;

static uint16_t used_idx(void)
{
	return (uint16_t)(used[0] >> 16);	/* flags, then idx */
}

static uint32_t used_len(unsigned int i)
{
	return used[1 + 2 * (i % QSIZE) + 1];
}

/* Resets and brings the queue up with size qsize; the status after. */
static uint32_t bring_up(uint32_t qsize)
{
	mmio_w32(BASE + R_STATUS, 0);
	memset(used, 0, sizeof(used));
	memset(avail, 0, sizeof(avail));
	next_avail = 0;
	mmio_w32(BASE + R_STATUS, S_ACK | S_DRIVER);
	mmio_w32(BASE + R_DRV_FEAT_SEL, 1);
	mmio_w32(BASE + R_DRV_FEAT, 1);		/* VIRTIO_F_VERSION_1 */
	mmio_w32(BASE + R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
	mmio_w32(BASE + R_QUEUE_SEL, 0);
	mmio_w32(BASE + R_QUEUE_NUM, qsize);
	mmio_w32(BASE + R_DESC_LO, (uint32_t)(uintptr_t)descs);
	mmio_w32(BASE + R_DESC_HI, (uint32_t)((uint64_t)(uintptr_t)descs >> 32));
	mmio_w32(BASE + R_AVAIL_LO, (uint32_t)(uintptr_t)avail);
	mmio_w32(BASE + R_AVAIL_HI, (uint32_t)((uint64_t)(uintptr_t)avail >> 32));
	mmio_w32(BASE + R_USED_LO, (uint32_t)(uintptr_t)used);
	mmio_w32(BASE + R_USED_HI, (uint32_t)((uint64_t)(uintptr_t)used >> 32));
	mmio_w32(BASE + R_QUEUE_READY, 1);
	mmio_w32(BASE + R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
	return mmio_r32(BASE + R_STATUS);
}

static void set_desc(unsigned int i, uint64_t addr, uint32_t len,
		     uint16_t flags, uint16_t next)
{
	descs[i].addr = addr;
	descs[i].len = len;
	descs[i].flags = flags;
	descs[i].next = next;
}

/* Offers head (the device sees it at the notify exit). */
static void offer(uint16_t head)
{
	avail[2 + next_avail % QSIZE] = head;
	next_avail++;
	avail[1] = next_avail;
	mmio_w32(BASE + R_QUEUE_NOTIFY, 0);
	mmio_w32(BASE + R_INT_ACK, 3);
}

static int needs_reset(void)
{
	return !!(mmio_r32(BASE + R_STATUS) & S_NEEDS_RESET);
}

/* One request of one buffer; whether it came back with want bytes. */
static int request(uint64_t addr, uint32_t len, uint32_t want)
{
	uint16_t before = used_idx();

	set_desc(0, addr, len, F_WRITE, 0);
	offer(0);
	return used_idx() == (uint16_t)(before + 1) &&
	       used_len(before) == want && !needs_reset();
}

unsigned long guest_main(void)
{
	if (mmio_r32(BASE + R_MAGIC) != 0x74726976 ||
	    mmio_r32(BASE + R_DEVICE_ID) != 4)
		return guest_fail("no virtio-rng at KVMINI_VIRTIO_BASE");
	if (bring_up(QSIZE) & S_NEEDS_RESET)
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
	set_desc(0, (uintptr_t)buf, 8, F_WRITE | F_NEXT, 1);
	set_desc(1, (uintptr_t)buf, 8, F_WRITE | F_NEXT, 0);
	offer(0);
	if (!needs_reset() || used_idx() != 4)
		return guest_fail("a looping chain");
	offer(0);			/* nothing more is taken */
	if (used_idx() != 4)
		return guest_fail("a broken queue was used");
	bring_up(QSIZE);
	offer(QSIZE + 3);
	if (!needs_reset())
		return guest_fail("a head out of range");
	bring_up(QSIZE);
	avail[1] = 100;
	mmio_w32(BASE + R_QUEUE_NOTIFY, 0);
	if (!needs_reset())
		return guest_fail("an available index far ahead");
	if (!(bring_up(6) & S_NEEDS_RESET) || mmio_r32(BASE + R_QUEUE_READY))
		return guest_fail("a queue size of 6");
	if (bring_up(QSIZE) & S_NEEDS_RESET ||
	    !request((uintptr_t)buf, sizeof(buf), sizeof(buf)))
		return guest_fail("after a reset");
	con_puts("virtio survived\n");
	return guest_pass();
}
