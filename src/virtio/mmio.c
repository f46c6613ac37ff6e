// SPDX-License-Identifier: GPL-2.0
#include <linux/virtio_config.h>
#include <linux/virtio_mmio.h>
#include <linux/virtio_ring.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "log.h"
#include "mmio.h"
#include "sandbox.h"
#include "vm.h"

#define MAGIC		0x74726976	/* "virt" */
#define VENDOR		0x696d766b	/* "kvmi" */
/* lines a device prints of one kind before it only counts them */
#define ERR_LINES_MAX	10

/* Without an irqfd: the line is up while InterruptStatus is not 0. */
static void update_irq(struct virtio_dev *d)
{
	int level = d->int_status != 0;

	if (d->irq_fd >= 0 || level == d->level)
		return;
	d->level = level;
	irq_line_set(&d->line, level);
}

/* InterruptStatus gains bits: the guest is interrupted. */
static void raise_irq(struct virtio_dev *d, uint32_t bits)
{
	d->int_status |= bits;
	if (d->irq_fd >= 0) {
		if (eventfd_write(d->irq_fd, 1) < 0)
			err_sys("eventfd_write (irqfd)");
		return;
	}
	update_irq(d);
}

/* every device: virtio 1.x, and the ring's own notification suppression */
static uint64_t offered(const struct virtio_dev *d)
{
	return d->be->features | (1ULL << VIRTIO_F_VERSION_1) |
	       (1ULL << VIRTIO_RING_F_EVENT_IDX);
}

static struct virtqueue *selected(struct virtio_dev *d)
{
	return d->queue_sel < d->be->nr_queues ? &d->vq[d->queue_sel] : NULL;
}

static void reset(struct virtio_dev *d)
{
	unsigned int i;

	for (i = 0; i < VIRTIO_MAX_QUEUES; i++)
		vq_reset(&d->vq[i]);
	d->status = 0;
	d->dev_features_sel = 0;
	d->drv_features_sel = 0;
	d->drv_features = 0;
	d->queue_sel = 0;
	d->int_status = 0;
	update_irq(d);
	if (d->be->reset)
		d->be->reset(d);
}

/*
 * The driver broke a ring or its set-up: the device needs a reset. A
 * driver can break and reset it thousands of times a second: the first
 * ERR_LINES_MAX times are printed, every time is counted (needs_reset).
 */
static void mark_needs_reset(struct virtio_dev *d, unsigned int q,
			     const char *why)
{
	if (d->status & VIRTIO_CONFIG_S_NEEDS_RESET)
		return;
	if (++d->needs_reset <= ERR_LINES_MAX)
		err_msg("%s: queue %u: %s: the device needs a reset%s", d->name,
			q, why, d->needs_reset < ERR_LINES_MAX ? "" :
			" (any more are only counted: needs_reset in --stats)");
	d->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
	if (d->status & VIRTIO_CONFIG_S_DRIVER_OK)
		raise_irq(d, VIRTIO_MMIO_INT_CONFIG);
}

void virtio_check_broken(struct virtio_dev *d, unsigned int q)
{
	if (d->vq[q].broken)
		mark_needs_reset(d, q, d->vq[q].why);
}

static uint32_t config_read(struct virtio_dev *d, uint64_t off,
			    unsigned int len)
{
	uint32_t size = 0, v = 0;
	const uint8_t *cfg = d->be->config ? d->be->config(d, &size) : NULL;

	if (cfg && off <= size && len <= size - off)
		memcpy(&v, cfg + off, len);
	return v;
}

static uint64_t mmio_read(void *opaque, uint64_t off, unsigned int len)
{
	struct virtio_dev *d = opaque;
	struct virtqueue *q;
	uint64_t v = 0;

	pthread_mutex_lock(&d->lock);
	if (off >= VIRTIO_MMIO_CONFIG) {
		if (len <= 4)
			v = config_read(d, off - VIRTIO_MMIO_CONFIG, len);
		goto out;
	}
	if (len != 4 || off % 4) {
		d->bad_accesses++;
		v = ~0ULL;
		goto out;
	}
	q = selected(d);
	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		v = MAGIC;
		break;
	case VIRTIO_MMIO_VERSION:
		v = 2;
		break;
	case VIRTIO_MMIO_DEVICE_ID:
		v = d->be->device_id;
		break;
	case VIRTIO_MMIO_VENDOR_ID:
		v = VENDOR;
		break;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		v = d->dev_features_sel > 1 ? 0 :
		    (uint32_t)(offered(d) >> (32 * d->dev_features_sel));
		break;
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		v = q ? d->be->queue_max : 0;
		break;
	case VIRTIO_MMIO_QUEUE_READY:
		v = q && q->ready;
		break;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		v = d->int_status;
		break;
	case VIRTIO_MMIO_STATUS:
		v = d->status;
		break;
	case VIRTIO_MMIO_CONFIG_GENERATION:
		v = d->config_generation;
		break;
	default:	/* write-only or reserved */
		d->bad_accesses++;
		break;
	}
out:
	pthread_mutex_unlock(&d->lock);
	return v;
}

/* lo/hi half of a 64-bit ring address */
static void set_half(uint64_t *addr, bool high, uint32_t v)
{
	if (high)
		*addr = (*addr & 0xffffffffULL) | ((uint64_t)v << 32);
	else
		*addr = (*addr & ~0xffffffffULL) | v;
}

static void queue_ready(struct virtio_dev *d, struct virtqueue *q,
			uint32_t v)
{
	if (!v) {
		q->ready = false;
		return;
	}
	q->event_idx = d->drv_features & (1ULL << VIRTIO_RING_F_EVENT_IDX);
	if (vq_start(q, d->vm, d->be->queue_max) < 0) {
		mark_needs_reset(d, d->queue_sel, q->why);
		return;
	}
	q->ready = true;
}

static void set_status(struct virtio_dev *d, uint32_t v)
{
	if (!v) {
		reset(d);
		return;
	}
	/* FEATURES_OK only for a subset of what was offered, with 1.0 */
	if ((v & VIRTIO_CONFIG_S_FEATURES_OK) &&
	    !(d->status & VIRTIO_CONFIG_S_FEATURES_OK) &&
	    ((d->drv_features & ~offered(d)) ||
	     !(d->drv_features & (1ULL << VIRTIO_F_VERSION_1))))
		v &= ~VIRTIO_CONFIG_S_FEATURES_OK;
	/* the driver cannot clear NEEDS_RESET but by a reset */
	d->status = v | (d->status & VIRTIO_CONFIG_S_NEEDS_RESET);
}

bool virtio_live(struct virtio_dev *d, unsigned int qi)
{
	return d->vq[qi].ready && (d->status & VIRTIO_CONFIG_S_DRIVER_OK) &&
	       !(d->status & VIRTIO_CONFIG_S_NEEDS_RESET);
}

/*
 * Queue qi has new buffers (d->lock held): by exit, ioeventfd or poller.
 * Served a batch at a time (virtqueue.h) while more come; between two
 * the lock is let go, so the device's registers and statistics stay
 * reachable, and a stopping VM ends it: a driver that keeps refilling
 * the ring keeps this thread busy, but never past the VM's stop.
 */
void virtio_serve(struct virtio_dev *d, unsigned int qi)
{
	bool yield = false;

	if (d->be->rx_queues & (1u << qi)) {	/* buffers wait for data */
		if (virtio_live(d, qi))
			d->be->notify(d, qi);
		return;
	}
	while (virtio_live(d, qi) && !vm_stopping(d->vm) &&
	       vq_begin(&d->vq[qi]) > 0) {
		if (yield) {
			pthread_mutex_unlock(&d->lock);
			sched_yield();
			pthread_mutex_lock(&d->lock);
			yield = false;
			continue;	/* the device may have been reset */
		}
		d->be->notify(d, qi);
		yield = true;
	}
	virtio_check_broken(d, qi);
}

static void notify(struct virtio_dev *d, uint32_t qi)
{
	if (qi >= d->be->nr_queues) {
		d->bad_accesses++;
		return;
	}
	d->qstats[qi].notifies++;
	virtio_serve(d, qi);
}

static void mmio_write(void *opaque, uint64_t off, unsigned int len,
		       uint64_t val)
{
	struct virtio_dev *d = opaque;
	uint32_t v = (uint32_t)val;
	struct virtqueue *q;

	pthread_mutex_lock(&d->lock);
	if (len != 4 || off % 4 || off >= VIRTIO_MMIO_CONFIG) {
		d->bad_accesses++;	/* no writable config space */
		goto out;
	}
	q = selected(d);
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		d->dev_features_sel = v;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		d->drv_features_sel = v;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		if (d->drv_features_sel <= 1 &&
		    !(d->status & VIRTIO_CONFIG_S_FEATURES_OK))
			set_half(&d->drv_features, d->drv_features_sel, v);
		break;
	case VIRTIO_MMIO_QUEUE_SEL:
		d->queue_sel = v;
		break;
	case VIRTIO_MMIO_QUEUE_NUM:
		if (q && !q->ready)
			q->size = (uint16_t)(v > 0xffff ? 0 : v);
		break;
	case VIRTIO_MMIO_QUEUE_READY:
		if (q)
			queue_ready(d, q, v);
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		if (q && !q->ready)
			set_half(&q->desc_gpa, off == VIRTIO_MMIO_QUEUE_DESC_HIGH, v);
		break;
	case VIRTIO_MMIO_QUEUE_AVAIL_LOW:
	case VIRTIO_MMIO_QUEUE_AVAIL_HIGH:
		if (q && !q->ready)
			set_half(&q->avail_gpa, off == VIRTIO_MMIO_QUEUE_AVAIL_HIGH, v);
		break;
	case VIRTIO_MMIO_QUEUE_USED_LOW:
	case VIRTIO_MMIO_QUEUE_USED_HIGH:
		if (q && !q->ready)
			set_half(&q->used_gpa, off == VIRTIO_MMIO_QUEUE_USED_HIGH, v);
		break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		notify(d, v);
		break;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		d->int_status &= ~v;
		update_irq(d);	/* an irqfd's pulse needs no lowering */
		break;
	case VIRTIO_MMIO_STATUS:
		set_status(d, v);
		break;
	default:	/* read-only or reserved */
		d->bad_accesses++;
		break;
	}
out:
	pthread_mutex_unlock(&d->lock);
}

const struct bus_ops virtio_mmio_ops = {
	.read = mmio_read,
	.write = mmio_write,
};

int virtio_init(struct virtio_dev *d, struct vm *vm,
		const struct device_env *env, const struct device_place *at,
		const struct virtio_backend *be, const char *name)
{
	unsigned int i;

	if (at->space != BUS_MMIO || at->size < VIRTIO_MMIO_SIZE ||
	    be->nr_queues > VIRTIO_MAX_QUEUES || !be->queue_max ||
	    be->queue_max > VQ_MAX_SIZE || (be->queue_max & (be->queue_max - 1))) {
		err_msg("%s: virtio-mmio needs an MMIO place of 0x%x bytes",
			name, VIRTIO_MMIO_SIZE);
		return -1;
	}
	d->vm = vm;
	d->base = at->base;
	d->line = irq_line_of(vm, at);
	d->be = be;
	d->name = name;
	d->want_eventfds = !env->no_ioeventfd;
	d->polling = env->polling;
	d->poll_idle_ns = VIRTIO_POLL_IDLE_NS;
	for (i = 0; i < VIRTIO_MAX_QUEUES; i++)
		d->kick_fd[i] = -1;
	d->irq_fd = -1;
	d->stop_fd = -1;
	/* a vCPU serves the device on QueueNotify exits */
	if (sandbox_allow_serving(be->syscalls) < 0)
		return -1;
	pthread_mutex_init(&d->lock, NULL);
	return 0;
}

void virtio_fini(struct virtio_dev *d)
{
	unsigned int i;

	for (i = 0; i < VIRTIO_MAX_QUEUES; i++)
		if (d->kick_fd[i] >= 0)
			close(d->kick_fd[i]);
	if (d->irq_fd >= 0)
		close(d->irq_fd);
	if (d->stop_fd >= 0)
		close(d->stop_fd);
	pthread_mutex_destroy(&d->lock);
}

void virtio_complete(struct virtio_dev *d, unsigned int q, uint16_t head,
		     uint32_t written)
{
	struct virtqueue *vq = &d->vq[q];

	vq_push(vq, head, written);
	d->qstats[q].requests++;
	if (!vq_should_interrupt(vq))
		return;
	d->qstats[q].interrupts++;
	raise_irq(d, VIRTIO_MMIO_INT_VRING);
}

void virtio_stats(struct virtio_dev *d, stat_emit_fn emit, void *ctx)
{
	static const char *const names[] = {
		"notifies", "kicks", "polls", "interrupts", "requests",
		"bad_requests",
	};
	char name[32];
	unsigned int q, i;
	uint64_t v[6];

	pthread_mutex_lock(&d->lock);
	for (q = 0; q < d->be->nr_queues; q++) {
		v[0] = d->qstats[q].notifies;
		v[1] = d->qstats[q].kicks;
		v[2] = d->qstats[q].polls;
		v[3] = d->qstats[q].interrupts;
		v[4] = d->qstats[q].requests;
		v[5] = d->qstats[q].bad_requests;
		for (i = 0; i < 6; i++) {
			snprintf(name, sizeof(name), "q%u_%s", q, names[i]);
			emit(ctx, name, v[i]);
		}
	}
	emit(ctx, "bad_accesses", d->bad_accesses);
	emit(ctx, "needs_reset", d->needs_reset);
	emit(ctx, "status", d->status);
	emit(ctx, "eventfds", d->irq_fd >= 0);
	emit(ctx, "polling", d->polling && d->irq_fd >= 0);
	pthread_mutex_unlock(&d->lock);
}

void virtio_dt_props(const struct dt_writer *w)
{
	w->strs(w->ctx, "dma-coherent", "", 0);	/* KVM: cacheable RAM */
}
