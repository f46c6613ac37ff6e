/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtio-mmio transport (virtio 1.2, 4.2; version 2, "modern" only),
 * shared by every virtio device class: its registers, feature and status
 * negotiation, queue set-up, and the interrupt line. A device class puts
 * struct virtio_dev first in its state, uses virtio_mmio_ops as its bus
 * ops and gives a struct virtio_backend for what is its own.
 */
#ifndef KVMINI_VIRTIO_MMIO_H
#define KVMINI_VIRTIO_MMIO_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "bus.h"
#include "devices/device.h"
#include "virtqueue.h"

#define VIRTIO_MAX_QUEUES	2
#define VIRTIO_MMIO_SIZE	0x200	/* registers and device config */
/* --polling: how long the poller watches idle rings before it sleeps */
#define VIRTIO_POLL_IDLE_NS	500000
/* what Linux's virtio_mmio driver binds in ACPI (virtio_mmio_acpi_match) */
#define VIRTIO_MMIO_ACPI_HID	"LNRO0005"

struct virtio_dev;

struct virtio_backend {
	uint32_t device_id;		/* VIRTIO_ID_* */
	uint64_t features;		/* its own; VERSION_1 is added */
	unsigned int nr_queues;
	uint16_t queue_max;		/* a power of 2, up to VQ_MAX_SIZE */
	/*
	 * bit q: queue q's buffers wait for data the device receives (a
	 * network RX queue): new ones are no request, so a poller leaves
	 * the queue to notifications
	 */
	uint32_t rx_queues;
	/* device config space: read (and for some devices written) */
	const void *(*config)(struct virtio_dev *d, uint32_t *size);
	/*
	 * queue q has new buffers (d->lock held): serve the batch, taking
	 * chains with vq_pop() until it returns 0 or less; an RX queue's
	 * (rx_queues) may go on serving when its data comes
	 */
	void (*notify)(struct virtio_dev *d, unsigned int q);
	/* optional: the driver reset the device (d->lock held) */
	void (*reset)(struct virtio_dev *d);
	/*
	 * the system calls serving a request makes (NULL-terminated): the
	 * seccomp filters of the vCPU threads and of this device's thread
	 * allow them (sandbox.h), no other thread's
	 */
	const char *const *syscalls;
};

struct virtio_queue_stats {
	uint64_t notifies;	/* QueueNotify writes: one exit each */
	uint64_t kicks;		/* notifications through ioeventfd: no exit */
	uint64_t polls;		/* --polling: passes that found new buffers */
	uint64_t interrupts;	/* used-buffer interrupts raised */
	uint64_t requests;	/* chains completed */
	uint64_t bad_requests;	/* chains with an unusable buffer */
};

struct virtio_dev {
	struct vm *vm;
	uint64_t base;
	struct irq_line line;	/* its row's interrupt */
	bool want_eventfds;	/* not --no-ioeventfd */
	bool polling;		/* --polling: a poller watches the rings */
	/*
	 * VIRTIO_POLL_IDLE_NS; read by the poller at every idle check, so
	 * a unit test can hold it busy (UINT64_MAX) or idle (0) at will
	 */
	uint64_t poll_idle_ns;
	const struct virtio_backend *be;
	const char *name;
	pthread_mutex_t lock;	/* vCPUs and device threads */
	uint32_t status;
	uint32_t dev_features_sel, drv_features_sel;
	uint64_t drv_features;
	uint32_t queue_sel;
	uint32_t int_status;
	uint32_t config_generation;
	int level;		/* the interrupt line as last driven */
	struct virtqueue vq[VIRTIO_MAX_QUEUES];
	struct virtio_queue_stats qstats[VIRTIO_MAX_QUEUES];
	uint64_t bad_accesses;
	uint64_t needs_reset;	/* times the driver broke it */
	/*
	 * With an in-kernel interrupt controller: notifications through
	 * ioeventfds that a thread of ours waits on, interrupts through an
	 * irqfd (each write a pulse: the interrupt is edge-triggered)
	 */
	int kick_fd[VIRTIO_MAX_QUEUES];
	int irq_fd;
	int stop_fd;
	pthread_t notifier;
	bool notifier_running;
	bool stopping;		/* the poller's stop, read while it spins */
};

extern const struct bus_ops virtio_mmio_ops;

/* Sets up the transport for the device its row placed. 0 or -1. */
int virtio_init(struct virtio_dev *d, struct vm *vm,
		const struct device_env *env, const struct device_place *at,
		const struct virtio_backend *be, const char *name);
void virtio_fini(struct virtio_dev *d);

/*
 * The device class's start and stop (state: a struct virtio_dev first):
 * with an in-kernel interrupt controller and not --no-ioeventfd, the
 * ioeventfds, the irqfd and the thread that serves the notifications
 * (with --polling, that polls the rings while the driver is busy).
 * Without (or if KVM refuses), notifications and interrupts are exits.
 * In notifier.c.
 */
int virtio_start(void *state);
void virtio_stop(void *state);

/*
 * Completes a chain on queue q (d->lock held): pushes it as used with
 * the bytes written and raises the interrupt if the driver wants one.
 */
void virtio_complete(struct virtio_dev *d, unsigned int q, uint16_t head,
		     uint32_t written);

/*
 * After a device thread took from queue q (d->lock held): if the driver
 * broke it, the device needs a reset (notifications check this already).
 */
void virtio_check_broken(struct virtio_dev *d, unsigned int q);

/*
 * For the notifier (notifier.c), d->lock held: whether queue qi's rings
 * are the device's to use, and serving its new buffers (in batches,
 * until none is left or the VM stops).
 */
bool virtio_live(struct virtio_dev *d, unsigned int qi);
void virtio_serve(struct virtio_dev *d, unsigned int qi);

/* Counters for the statistics report, per queue ("q0_notifies"...). */
void virtio_stats(struct virtio_dev *d, stat_emit_fn emit, void *ctx);

/* The device-tree properties of every virtio-mmio node. */
void virtio_dt_props(const struct dt_writer *w);

/*
 * What every virtio-mmio device class has, in its DEVICE_CLASS():
 * the transport's registers, a kernel finds it as "virtio,mmio" (device
 * tree, node dt_name@base) or LNRO0005 (ACPI), and its interrupt is
 * edge-triggered (an irqfd pulses).
 */
#define VIRTIO_MMIO_CLASS(dt_name)				\
	.ops = &virtio_mmio_ops,				\
	.irq_edge = true,					\
	.acpi_hid = VIRTIO_MMIO_ACPI_HID,			\
	DT_NODE(dt_name, "virtio,mmio"),			\
	.dt_props = virtio_dt_props


#endif /* KVMINI_VIRTIO_MMIO_H */
