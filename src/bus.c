// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "bus.h"

int bus_register(struct bus *bus, enum bus_space space, uint64_t base,
		 uint64_t len, uint64_t dev_base, int dev,
		 const struct bus_ops *ops, void *opaque)
{
	struct bus_region *r;
	unsigned int i;

	if (!len || base + len - 1 < base || bus->nr == BUS_MAX_REGIONS)
		return -1;
	for (i = 0; i < bus->nr; i++) {
		r = &bus->regions[i];
		if (r->space == space && base <= r->base + r->len - 1 &&
		    r->base <= base + len - 1)
			return -1;
	}
	bus->regions[bus->nr++] = (struct bus_region){
		.base = base, .len = len, .dev_base = dev_base, .space = space,
		.dev = dev, .ops = ops, .opaque = opaque,
	};
	return 0;
}

static const struct bus_region *bus_find(const struct bus *bus,
					 enum bus_space space, uint64_t addr,
					 unsigned int len)
{
	const struct bus_region *r;
	unsigned int i;

	for (i = 0; i < bus->nr; i++) {
		r = &bus->regions[i];
		/* the whole access must fall inside one region */
		if (r->space == space && addr >= r->base &&
		    addr - r->base < r->len && len <= r->len - (addr - r->base))
			return r;
	}
	return NULL;
}

const struct bus_region *bus_access(struct bus *bus, enum bus_space space,
				    uint64_t addr, void *data,
				    unsigned int len, bool is_write)
{
	const struct bus_region *r = NULL;
	uint64_t val = 0;

	if (len >= 1 && len <= 8)
		r = bus_find(bus, space, addr, len);
	if (!r) {
		/* vCPU threads may race here */
		if (is_write) {
			__atomic_fetch_add(&bus->unclaimed_writes, 1,
					   __ATOMIC_RELAXED);
		} else {
			__atomic_fetch_add(&bus->unclaimed_reads, 1,
					   __ATOMIC_RELAXED);
			memset(data, 0xff, len > 8 ? 8 : len);
		}
		return NULL;
	}
	if (is_write) {
		memcpy(&val, data, len);
		if (r->ops->write)
			r->ops->write(r->opaque, addr - r->dev_base, len, val);
	} else {
		val = r->ops->read ? r->ops->read(r->opaque, addr - r->dev_base, len)
				   : ~0ULL;
		memcpy(data, &val, len);
	}
	return r;
}
