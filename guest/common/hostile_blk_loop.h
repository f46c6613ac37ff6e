/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What hostile_blk_table writes and hostile_blk_loop feeds on: sector s
 * of the disk holds s + 1, a u16 at offset TABLE_AT, for the available
 * index's whole cycle (65536 sectors: a 32 MiB disk).
 */
#ifndef HOSTILE_BLK_LOOP_H
#define HOSTILE_BLK_LOOP_H

#include <stdint.h>

#define QSIZE		8
#define SECTOR		512
#define SECTORS		65536
#define TABLE_AT	2
#define T_IN		0
#define T_OUT		1

/* the virtio-blk device: the second virtio-mmio slot, after virtio-rng */
#define BLK_BASE	(KVMINI_VIRTIO_BASE + KVMINI_VIRTIO_SIZE)

struct blk_hdr {
	uint32_t type, reserved;
	uint64_t sector;
};

#endif /* HOSTILE_BLK_LOOP_H */
