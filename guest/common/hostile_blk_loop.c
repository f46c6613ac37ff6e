// SPDX-License-Identifier: GPL-2.0
/*
 * A virtio-blk driver whose one request refills the ring it came from,
 * for ever: the request reads a sector onto the available ring, and its
 * header overlaps the ring's index, so the sector it reads is the index
 * and what it reads is the next index. The table of those sectors is on
 * the disk already, written by hostile_blk_table.c in a run before this
 * one (run with the same --disk); this guest reads one sector of it to
 * make sure, then notifies once and spins, within milliseconds of its
 * start. kvmini must still end the run at --timeout; it used to serve in
 * the notifying thread until killed.
 */
#include "guest.h"
#include "hostile_blk_loop.h"
#include "virtio_drv.h"

static alignas(16) struct vdesc descs[QSIZE];
static alignas(4) uint16_t avail[2 + QSIZE + 1];
static alignas(8) uint32_t used[1 + 2 * QSIZE + 1];
static alignas(16) struct blk_hdr hdr;
static alignas(16) uint8_t sector[SECTOR];
static uint8_t status;
/* the available ring of the loop, at trap + 16, its header 6 before */
static alignas(4096) uint8_t trap[1024];

static struct vdrv blk = {
	.base = BLK_BASE, .desc = descs, .avail = avail, .used = used,
};

/* Whether the table's last sector but one is on the disk. */
static int table_found(void)
{
	uint16_t v;

	vdrv_set_desc(&blk, 0, (uintptr_t)&hdr, sizeof(hdr), VD_NEXT, 1);
	vdrv_set_desc(&blk, 1, (uintptr_t)sector, SECTOR,
		      VD_WRITE | VD_NEXT, 2);
	vdrv_set_desc(&blk, 2, (uintptr_t)&status, 1, VD_WRITE, 0);
	hdr = (struct blk_hdr){ T_IN, 0, SECTORS - 2 };
	status = 0xff;
	vdrv_offer(&blk, 0, 1);
	vdrv_wait_used(&blk, blk.next_avail);
	memcpy(&v, &sector[TABLE_AT], sizeof(v));
	return !status && v == SECTORS - 1;
}

unsigned long guest_main(void)
{
	if (!vdrv_probe(blk.base, VIRTIO_ID_BLK))
		return guest_fail("no virtio-blk (--disk) after virtio-rng");
	if (vdrv_bring_up(&blk, QSIZE) & VS_NEEDS_RESET)
		return guest_fail("a good set-up needs a reset");
	if (!table_found())
		return guest_fail("no table on the disk (hostile_blk_table first)");
	blk.avail = (uint16_t *)(trap + 16);
	vdrv_bring_up(&blk, QSIZE);
	memset(trap, 0, 16);		/* the header: type IN */
	vdrv_set_desc(&blk, 0, (uintptr_t)trap + 10, sizeof(hdr), VD_NEXT, 1);
	vdrv_set_desc(&blk, 1, (uintptr_t)trap + 16, SECTOR,
		      VD_WRITE | VD_NEXT, 2);
	vdrv_set_desc(&blk, 2, (uintptr_t)&status, 1, VD_WRITE, 0);
	con_puts("feeding the ring\n");
	vdrv_offer(&blk, 0, 1);
	for (;;)
		;
}
