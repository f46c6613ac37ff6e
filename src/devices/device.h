/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A device class: one file in src/devices/, defined with DEVICE_CLASS(),
 * built on every architecture. Where it sits (port or MMIO range,
 * interrupt line) is not its choice: a row of the machine's table
 * (src/arch/<arch>/devices.c) places it, and the device manager
 * (devmgr.h) allocates its state, claims its bus ranges, runs its life
 * cycle and describes it to a kernel.
 */
#ifndef KVMINI_DEVICE_H
#define KVMINI_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus.h"
#include "compiler.h"
#include "option.h"

struct vm;

#define DEV_NO_IRQ	(-1)

/* Where a table row puts a device. */
struct device_place {
	enum bus_space space;
	uint64_t base;
	uint64_t size;
	int irq;		/* interrupt line (arch numbering) or DEV_NO_IRQ */
};

/*
 * The interrupt line a device raises, the one its row names: a device
 * drives it with irq_line_set() and never needs the architecture's
 * interrupt controller itself.
 */
struct irq_line {
	struct vm *vm;
	int irq;		/* arch numbering, or DEV_NO_IRQ */
};

static inline struct irq_line irq_line_of(struct vm *vm,
					  const struct device_place *at)
{
	return (struct irq_line){ vm, at->irq };
}

/*
 * Drives the line to level (nothing without an interrupt controller or
 * for DEV_NO_IRQ); 0, or -1 with a message. In devmgr.c.
 */
int irq_line_set(const struct irq_line *line, int level);

/* A sub-range of the place the device answers (the rest is not its). */
struct device_range {
	uint64_t off;
	uint64_t len;
};

/*
 * What a device adds to its device-tree node (arm64), beyond the name,
 * "compatible", "reg" and "interrupts" the manager writes from its row.
 */
struct dt_writer {
	void *ctx;
	void (*u32s)(void *ctx, const char *name, const uint32_t *v, int n);
	void (*strs)(void *ctx, const char *name, const char *s, size_t len);
	uint32_t clock;		/* phandle of the machine's fixed APB clock */
};

/* What a device's init gets besides its place. */
struct device_env {
	const void *params;	/* its class's, as its options left them */
	bool polling;		/* --polling: poll rings, no notifications */
	bool no_ioeventfd;	/* virtio: notify and interrupt by exits */
};

typedef void (*stat_emit_fn)(void *ctx, const char *name, uint64_t val);

struct device_class {
	const char *name;
	size_t size;		/* state: zeroed by the manager, then init */
	const struct bus_ops *ops;
	/* NULL: the whole place; else these parts of it */
	const struct device_range *ranges;
	unsigned int nr_ranges;
	/*
	 * optional: its command-line options, ended by a row without a
	 * name; they parse into params, which hold params_defaults before
	 * (see DEVICE_PARAMS)
	 */
	const struct option_def *options;
	void *params;
	const void *params_defaults;
	size_t params_size;
	/*
	 * optional: whether its options want the device; instance counts
	 * the earlier ones of its class (the n-th --disk...)
	 */
	bool (*wanted)(const void *params, unsigned int instance);
	/*
	 * optional: checks its options against the host before kvmini
	 * opens any file: ST_OK or the status to exit with (one line)
	 */
	int (*check)(const void *params);
	/*
	 * optional: host resources (files, taps), before any KVM call:
	 * ST_OK or the status to exit with (message printed)
	 */
	int (*open)(void *state, const void *params, unsigned int instance);
	/* optional: set up state on the VM; 0 or -1 (message printed) */
	int (*init)(void *state, struct vm *vm, const struct device_env *env,
		    const struct device_place *at);
	/* optional: before the first KVM_RUN (e.g. start a poller) */
	int (*start)(void *state);
	/* optional: after every vCPU has left KVM_RUN; may run twice */
	void (*stop)(void *state);
	/*
	 * optional: release what open (and, if attached, init) acquired;
	 * the manager frees the state
	 */
	void (*fini)(void *state, bool attached);
	/* optional: the device's counters for the statistics report */
	void (*stats)(void *state, stat_emit_fn emit, void *ctx);
	/* a Linux console: its name for console= ("ttyS0"), else NULL */
	const char *console;
	/*
	 * optional, a console's: takes up to n input bytes and returns how
	 * many; once it refused some, it signals the eventfd room_fd when
	 * the guest has made room
	 */
	size_t (*input)(void *state, const uint8_t *buf, size_t n,
			int room_fd);
	/* its interrupt is edge-triggered (else level-high) */
	bool irq_edge;
	/*
	 * ACPI _HID (x86): the machine's DSDT describes the device, with
	 * its place's resources, to a kernel that finds devices there
	 */
	const char *acpi_hid;
	/*
	 * device tree (arm64): the node's name ("name@base") and its
	 * "compatible" (NUL-separated); no name, no node (see DT_NODE)
	 */
	const char *dt_node;
	const char *dt_compatible;
	size_t dt_compatible_len;
	void (*dt_props)(const struct dt_writer *w);
};

/* A class's parameters p, and the value they start from */
#define DEVICE_PARAMS(p, defaults)					\
	.params = &(p), .params_defaults = &(defaults),			\
	.params_size = sizeof(p)

/* A device-tree node name and its "compatible" strings, NUL-separated */
#define DT_NODE(name, compatible)					\
	.dt_node = (name), .dt_compatible = (compatible),		\
	.dt_compatible_len = sizeof(compatible)

/*
 * Defines device class id (its name "id" for the machine tables), in the
 * kvmini_devices section the manager searches: adding a device touches no
 * list but its machine's table.
 */
#define DEVICE_CLASS(id)						\
	static const struct device_class id##_class;			\
	static const struct device_class *const id##_class_entry	\
		__used __section("kvmini_devices") = &id##_class;	\
	static const struct device_class id##_class

/* the section's bounds, from the linker (devmgr.c reads them) */
extern const struct device_class *const __start_kvmini_devices[];
extern const struct device_class *const __stop_kvmini_devices[];

/* The class called name, or NULL. */
const struct device_class *device_class_find(const char *name);

/* The number of classes, and the i-th (in link order). */
size_t device_class_count(void);
const struct device_class *device_class_at(size_t i);

#endif /* KVMINI_DEVICE_H */
