// SPDX-License-Identifier: GPL-2.0
/*
 * A driver that asks virtio-rng for more than a request may hold: a full
 * ring of chains of 64 buffers of 64 MiB each (4 GiB a chain, all over
 * one 64 MiB region; run with -m 128M), then chains of exactly the most
 * a chain may hold (64 MiB). The first must fail (used, 0 bytes), the
 * others be served with what one request gets, and all of it soon: one
 * notification used to mean 32 GiB of getrandom() and minutes in the
 * notifying thread, deaf to --timeout, and a used length that wrapped.
 * Works by exits and with --irqchip (a device thread serves).
 */
#include "guest.h"
#include "virtio_drv.h"

#define SEGS		64
#define QSIZE		SEGS	/* the descriptor table holds the chain */
#define MIB		(1u << 20)
#define REGION		(KVMINI_RAM_BASE + 64 * MIB)

static alignas(16) struct vdesc descs[SEGS];
static alignas(4) uint16_t avail[2 + QSIZE + 1];
static alignas(8) uint32_t used[1 + 2 * QSIZE + 1];

static struct vdrv rng = {
	.base = KVMINI_VIRTIO_BASE, .desc = descs, .avail = avail, .used = used,
};

/* One chain of SEGS buffers of len bytes, step apart; a ring of it. */
static void flood(uint32_t len, uint32_t step)
{
	unsigned int i;

	for (i = 0; i < SEGS; i++)
		vdrv_set_desc(&rng, i, REGION + (uint64_t)i * step, len,
			      VD_WRITE | (i < SEGS - 1 ? VD_NEXT : 0),
			      (uint16_t)(i + 1));
	for (i = 0; i < QSIZE; i++)
		vdrv_offer(&rng, 0, i == QSIZE - 1);
	vdrv_wait_used(&rng, rng.next_avail);
}

unsigned long guest_main(void)
{
	unsigned long ret;
	unsigned int i;
	uint32_t len;

	if (!vdrv_probe(rng.base, VIRTIO_ID_RNG))
		return guest_fail("no virtio-rng at KVMINI_VIRTIO_BASE");
	if (vdrv_bring_up(&rng, QSIZE) & VS_NEEDS_RESET)
		return guest_fail("a good set-up needs a reset");
	flood(64 * MIB, 0);
	for (i = 0; i < QSIZE; i++)
		if (vdrv_used_len(&rng, i))
			return guest_fail("a 4 GiB chain was served");
	flood(MIB, MIB);
	for (i = 0; i < QSIZE; i++) {
		len = vdrv_used_len(&rng, QSIZE + i);
		if (!len || len > SEGS * MIB)
			return guest_fail("a 64 MiB chain was not served");
	}
	con_puts("rng flood survived: ");
	con_putu(len);
	con_puts(" bytes a request\n");
	ret = guest_pass();
	guest_end();		/* x86 with --irqchip: a hlt would not end it */
	return ret;
}
