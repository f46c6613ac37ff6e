// SPDX-License-Identifier: GPL-2.0
/*
 * A virtio-blk driver whose one request refills the ring it came from,
 * for ever: the request reads a sector onto the available ring, and its
 * header overlaps the ring's index, so the sector it reads is the index
 * and what it reads is the next index. It first writes that table to the
 * disk (sector s holds s + 1 at offset 2: 32 MiB for the index's whole
 * cycle; run with -m 8M), then notifies once and spins. kvmini must still
 * end the run at --timeout; it used to serve in the notifying thread
 * until killed.
 */
#include "guest.h"
#include "virtio_drv.h"

#define QSIZE		8
#define SECTOR		512
#define SECTORS		65536
#define CHUNK		1024	/* sectors a write */
#define CHUNK_ADDR	(KVMINI_RAM_BASE + (4u << 20))	/* run with -m 8M */
#define T_IN		0
#define T_OUT		1

struct blk_hdr {
	uint32_t type, reserved;
	uint64_t sector;
};

static alignas(16) struct vdesc descs[QSIZE];
static alignas(4) uint16_t avail[2 + QSIZE + 1];
static alignas(8) uint32_t used[1 + 2 * QSIZE + 1];
static alignas(16) struct blk_hdr hdr;
static uint8_t status;
/* the available ring of the loop, at trap + 16, its header 6 before */
static alignas(4096) uint8_t trap[1024];

static struct vdrv blk = {
	.base = KVMINI_VIRTIO_BASE + KVMINI_VIRTIO_SIZE,
	.desc = descs, .avail = avail, .used = used,
};

static int write_table(void)
{
	uint8_t *chunk = (uint8_t *)(uintptr_t)CHUNK_ADDR;
	unsigned int c, i;
	uint16_t v;

	vdrv_set_desc(&blk, 0, (uintptr_t)&hdr, sizeof(hdr), VD_NEXT, 1);
	vdrv_set_desc(&blk, 1, CHUNK_ADDR, CHUNK * SECTOR, VD_NEXT, 2);
	vdrv_set_desc(&blk, 2, (uintptr_t)&status, 1, VD_WRITE, 0);
	for (c = 0; c < SECTORS / CHUNK; c++) {
		for (i = 0; i < CHUNK; i++) {
			v = (uint16_t)(c * CHUNK + i + 1);
			memcpy(&chunk[i * SECTOR + 2], &v, sizeof(v));
		}
		hdr = (struct blk_hdr){ T_OUT, 0, c * CHUNK };
		status = 0xff;
		vdrv_offer(&blk, 0, 1);
		vdrv_wait_used(&blk, blk.next_avail);
		if (status)
			return -1;
	}
	return 0;
}

unsigned long guest_main(void)
{
	if (!vdrv_probe(blk.base, VIRTIO_ID_BLK))
		return guest_fail("no virtio-blk (--disk) after virtio-rng");
	if (vdrv_bring_up(&blk, QSIZE) & VS_NEEDS_RESET)
		return guest_fail("a good set-up needs a reset");
	if (write_table() < 0)
		return guest_fail("cannot write the table (a 32 MiB disk?)");
	con_puts("table written\n");
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
