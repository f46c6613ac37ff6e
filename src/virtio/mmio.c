// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <linux/virtio_config.h>
#include <linux/virtio_mmio.h>
#include <linux/virtio_ring.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "mmio.h"
#include "status.h"
#include "vm.h"

#define MAGIC		0x74726976	/* "virt" */
#define VENDOR		0x696d766b	/* "kvmi" */

static void update_irq(struct virtio_dev *d)
{
	int level = d->int_status != 0;

	if (level == d->level || d->irq == DEV_NO_IRQ)
		return;
	d->level = level;
	arch_set_irq(d->vm, (unsigned int)d->irq, level);
}

static uint64_t offered(const struct virtio_dev *d)
{
	return d->be->features | (1ULL << VIRTIO_F_VERSION_1);
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

/* The driver broke a ring or its set-up: the device needs a reset. */
static void needs_reset(struct virtio_dev *d, unsigned int q, const char *why)
{
	if (d->status & VIRTIO_CONFIG_S_NEEDS_RESET)
		return;
	err_msg("%s: queue %u: %s: the device needs a reset", d->name, q, why);
	d->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
	if (d->status & VIRTIO_CONFIG_S_DRIVER_OK) {
		d->int_status |= VIRTIO_MMIO_INT_CONFIG;
		update_irq(d);
	}
}

void virtio_check_broken(struct virtio_dev *d, unsigned int q)
{
	if (d->vq[q].broken)
		needs_reset(d, q, d->vq[q].why);
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
		needs_reset(d, d->queue_sel, q->why);
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

static void notify(struct virtio_dev *d, uint32_t qi)
{
	struct virtqueue *q;

	if (qi >= d->be->nr_queues) {
		d->bad_accesses++;
		return;
	}
	q = &d->vq[qi];
	d->qstats[qi].notifies++;
	if (!q->ready || !(d->status & VIRTIO_CONFIG_S_DRIVER_OK) ||
	    (d->status & VIRTIO_CONFIG_S_NEEDS_RESET))
		return;
	d->be->notify(d, qi);
	virtio_check_broken(d, qi);
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
		update_irq(d);
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
		const struct device_place *at, const struct virtio_backend *be,
		const char *name)
{
	if (at->space != BUS_MMIO || at->size < VIRTIO_MMIO_SIZE ||
	    be->nr_queues > VIRTIO_MAX_QUEUES || !be->queue_max ||
	    be->queue_max > VQ_MAX_SIZE || (be->queue_max & (be->queue_max - 1))) {
		err_msg("%s: virtio-mmio needs an MMIO place of 0x%x bytes",
			name, VIRTIO_MMIO_SIZE);
		return -1;
	}
	d->vm = vm;
	d->irq = at->irq;
	d->be = be;
	d->name = name;
	pthread_mutex_init(&d->lock, NULL);
	return 0;
}

void virtio_fini(struct virtio_dev *d)
{
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
	d->int_status |= VIRTIO_MMIO_INT_VRING;
	update_irq(d);
}

void virtio_stats(struct virtio_dev *d, stat_emit_fn emit, void *ctx)
{
	static const char *const names[] = {
		"notifies", "interrupts", "requests", "bad_requests",
	};
	char name[32];
	unsigned int q, i;
	uint64_t v[4];

	pthread_mutex_lock(&d->lock);
	for (q = 0; q < d->be->nr_queues; q++) {
		v[0] = d->qstats[q].notifies;
		v[1] = d->qstats[q].interrupts;
		v[2] = d->qstats[q].requests;
		v[3] = d->qstats[q].bad_requests;
		for (i = 0; i < 4; i++) {
			snprintf(name, sizeof(name), "q%u_%s", q, names[i]);
			emit(ctx, name, v[i]);
		}
	}
	emit(ctx, "bad_accesses", d->bad_accesses);
	emit(ctx, "status", d->status);
	pthread_mutex_unlock(&d->lock);
}

void virtio_dt_props(const struct dt_writer *w)
{
	w->strs(w->ctx, "dma-coherent", "", 0);	/* KVM: cacheable RAM */
}

int virtio_cmdline(const struct device_place *at, char *buf, unsigned int size)
{
	return snprintf(buf, size, "virtio_mmio.device=0x%" PRIx64 "@0x%" PRIx64
			":%d", at->size, at->base, at->irq);
}
