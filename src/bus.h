/* SPDX-License-Identifier: GPL-2.0 */
/*
 * I/O bus: devices claim port (PIO) and MMIO ranges; exits are dispatched
 * to the device owning the address. Unclaimed reads return all-ones and
 * unclaimed writes are dropped; both are counted.
 */
#ifndef KVMINI_BUS_H
#define KVMINI_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum bus_space { BUS_PIO, BUS_MMIO, BUS_NR_SPACES };

struct bus_ops {
	/* len is 1, 2, 4 or 8; off is relative to the region's base */
	uint64_t (*read)(void *opaque, uint64_t off, unsigned int len);
	void (*write)(void *opaque, uint64_t off, unsigned int len, uint64_t val);
	/* optional: device counters for the statistics report */
	void (*stats)(void *opaque,
		      void (*emit)(void *ctx, const char *name, uint64_t val),
		      void *ctx);
};

#define BUS_MAX_REGIONS	16

struct bus_region {
	uint64_t base;
	uint64_t len;
	enum bus_space space;
	int dev;		/* index into the profile's device table */
	const char *name;
	const struct bus_ops *ops;
	void *opaque;
};

struct bus {
	struct bus_region regions[BUS_MAX_REGIONS];
	unsigned int nr;
	uint64_t unclaimed_reads;
	uint64_t unclaimed_writes;
};

/* Returns 0, or -1 when the range is empty, wraps or overlaps another. */
int bus_register(struct bus *bus, enum bus_space space, uint64_t base,
		 uint64_t len, const char *name, const struct bus_ops *ops,
		 void *opaque);

/*
 * A device's state: size zeroed bytes, registered as the opaque of a new
 * region. NULL (message printed) when out of memory or the range is
 * taken; the state is freed by the device's destroy.
 */
void *bus_new_device(struct bus *bus, enum bus_space space, uint64_t base,
		     uint64_t len, const char *name, const struct bus_ops *ops,
		     size_t size);

/*
 * Performs one access of len bytes (1..8) at addr. data holds the bytes
 * written or receives the bytes read, in guest (little-endian) order.
 * Returns the region that handled it, or NULL when unclaimed.
 */
const struct bus_region *bus_access(struct bus *bus, enum bus_space space,
				    uint64_t addr, void *data,
				    unsigned int len, bool is_write);

#endif /* KVMINI_BUS_H */
