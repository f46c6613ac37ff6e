// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the table hostile_blk_loop feeds on (hostile_blk_loop.h) to the
 * disk, 512 KiB a request from a chunk at 4 MiB (run with -m 8M and a
 * 32 MiB --disk), and passes. A run of its own: those 32 MiB take
 * seconds in an emulated host with a sanitizer's kvmini, which the loop's
 * run, ended by --timeout, must not spend before its loop.
 */
#include "guest.h"
#include "hostile_blk_loop.h"
#include "virtio_drv.h"

#define CHUNK		1024	/* sectors a write */
#define CHUNK_ADDR	(KVMINI_RAM_BASE + (4u << 20))

static alignas(16) struct vdesc descs[QSIZE];
static alignas(4) uint16_t avail[2 + QSIZE + 1];
static alignas(8) uint32_t used[1 + 2 * QSIZE + 1];
static alignas(16) struct blk_hdr hdr;
static uint8_t status;

static struct vdrv blk = {
	.base = BLK_BASE, .desc = descs, .avail = avail, .used = used,
};

unsigned long guest_main(void)
{
	uint8_t *chunk = (uint8_t *)(uintptr_t)CHUNK_ADDR;
	unsigned int c, i;
	uint16_t v;

	if (!vdrv_probe(blk.base, VIRTIO_ID_BLK))
		return guest_fail("no virtio-blk (--disk) after virtio-rng");
	if (vdrv_bring_up(&blk, QSIZE) & VS_NEEDS_RESET)
		return guest_fail("a good set-up needs a reset");
	vdrv_set_desc(&blk, 0, (uintptr_t)&hdr, sizeof(hdr), VD_NEXT, 1);
	vdrv_set_desc(&blk, 1, CHUNK_ADDR, CHUNK * SECTOR, VD_NEXT, 2);
	vdrv_set_desc(&blk, 2, (uintptr_t)&status, 1, VD_WRITE, 0);
	for (c = 0; c < SECTORS / CHUNK; c++) {
		for (i = 0; i < CHUNK; i++) {
			v = (uint16_t)(c * CHUNK + i + 1);
			memcpy(&chunk[i * SECTOR + TABLE_AT], &v, sizeof(v));
		}
		hdr = (struct blk_hdr){ T_OUT, 0, c * CHUNK };
		status = 0xff;
		vdrv_offer(&blk, 0, 1);
		vdrv_wait_used(&blk, blk.next_avail);
		if (status)
			return guest_fail("cannot write the table (a 32 MiB disk?)");
	}
	con_puts("table written\n");
	return guest_pass();
}
