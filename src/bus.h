/* SPDX-License-Identifier: GPL-2.0 */
/*
 * I/O bus: port (PIO) and MMIO ranges, each owned by one device; an exit
 * is dispatched to the device owning the address, nothing more. Unclaimed
 * reads return all-ones and unclaimed writes are dropped; both are
 * counted. Which device sits where is the device manager's (devmgr.h).
 */
#ifndef KVMINI_BUS_H
#define KVMINI_BUS_H

#include <stdbool.h>
#include <stdint.h>

enum bus_space { BUS_PIO, BUS_MMIO, BUS_NR_SPACES };

struct bus_ops {
	/* len is 1, 2, 4 or 8; off is relative to the device's base */
	uint64_t (*read)(void *opaque, uint64_t off, unsigned int len);
	void (*write)(void *opaque, uint64_t off, unsigned int len, uint64_t val);
};

#define BUS_MAX_REGIONS	24

struct bus_region {
	uint64_t base;
	uint64_t len;
	uint64_t dev_base;	/* off passed to ops is relative to this */
	enum bus_space space;
	int dev;		/* the owning device (devmgr index) */
	const struct bus_ops *ops;
	void *opaque;
};

struct bus {
	struct bus_region regions[BUS_MAX_REGIONS];
	unsigned int nr;
	uint64_t unclaimed_reads;
	uint64_t unclaimed_writes;
};

/*
 * Claims [base, base + len) for device dev, whose handlers see offsets
 * from dev_base. 0, or -1 when the range is empty, wraps, overlaps
 * another or the bus is full.
 */
int bus_register(struct bus *bus, enum bus_space space, uint64_t base,
		 uint64_t len, uint64_t dev_base, int dev,
		 const struct bus_ops *ops, void *opaque);

/*
 * Performs one access of len bytes (1..8) at addr. data holds the bytes
 * written or receives the bytes read, in guest (little-endian) order.
 * Returns the region that handled it, or NULL when unclaimed.
 */
const struct bus_region *bus_access(struct bus *bus, enum bus_space space,
				    uint64_t addr, void *data,
				    unsigned int len, bool is_write);

#endif /* KVMINI_BUS_H */
