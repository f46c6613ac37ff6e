// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <linux/kvm.h>
#include <linux/virtio_config.h>
#include <linux/virtio_mmio.h>
#include <linux/virtio_ring.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "arch.h"
#include "clock.h"
#include "config.h"
#include "log.h"
#include "mmio.h"
#include "profile.h"
#include "sandbox.h"
#include "status.h"
#include "vm.h"

#define MAGIC		0x74726976	/* "virt" */
#define VENDOR		0x696d766b	/* "kvmi" */
/* --polling: how long the poller watches idle rings before it sleeps */
#define POLL_IDLE_NS	500000
/* lines a device prints of one kind before it only counts them */
#define ERR_LINES_MAX	10
/* a notifier thread's name: "<device> notifier" */
#define NAME_MAX_LEN	32

/* Without an irqfd: the line is up while InterruptStatus is not 0. */
static void update_irq(struct virtio_dev *d)
{
	int level = d->int_status != 0;

	if (d->irq_fd >= 0 || level == d->level || d->irq == DEV_NO_IRQ)
		return;
	d->level = level;
	arch_set_irq(d->vm, (unsigned int)d->irq, level);
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

/* Whether queue qi's rings are the device's to use (d->lock held). */
static bool live(struct virtio_dev *d, uint32_t qi)
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
static void serve(struct virtio_dev *d, uint32_t qi)
{
	bool yield = false;

	if (d->be->rx_queues & (1u << qi)) {	/* buffers wait for data */
		if (live(d, qi))
			d->be->notify(d, qi);
		return;
	}
	while (live(d, qi) && !vm_stopping(d->vm) &&
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
	serve(d, qi);
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
		const struct config *cfg, const struct device_place *at,
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
	d->irq = at->irq;
	d->be = be;
	d->name = name;
	d->want_eventfds = !cfg->no_ioeventfd;
	d->polling = cfg->polling;
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

/*
 * Sleeps until a notification (served here) or the stop; false on the
 * stop or an error.
 */
static bool wait_kicks(struct virtio_dev *d)
{
	struct pollfd p[1 + VIRTIO_MAX_QUEUES];
	unsigned int q, n = d->be->nr_queues;
	eventfd_t v;

	p[0] = (struct pollfd){ d->stop_fd, POLLIN, 0 };
	for (q = 0; q < n; q++)
		p[1 + q] = (struct pollfd){ d->kick_fd[q], POLLIN, 0 };
	while (poll(p, 1 + n, -1) < 0) {
		if (errno != EINTR) {
			err_sys("poll (virtio notifications)");
			return false;
		}
	}
	if (p[0].revents)
		return false;
	for (q = 0; q < n; q++) {
		if (!p[1 + q].revents || eventfd_read(d->kick_fd[q], &v))
			continue;
		pthread_mutex_lock(&d->lock);
		d->qstats[q].kicks++;
		serve(d, q);
		pthread_mutex_unlock(&d->lock);
	}
	return true;
}

/*
 * --polling: one pass over the rings with notifications off, serving
 * what the driver added (notify false) or, idle, notifications back on
 * (notify true). Whether there was work.
 */
static bool poll_pass(struct virtio_dev *d, bool notify)
{
	struct virtqueue *vq;
	unsigned int q;
	bool work = false;

	pthread_mutex_lock(&d->lock);
	for (q = 0; q < d->be->nr_queues; q++) {
		vq = &d->vq[q];
		if (!live(d, q) || (d->be->rx_queues & (1u << q)))
			continue;
		/* a ring write only when the setting changes: not per spin */
		if (vq->no_notify == notify)
			vq_set_notify(vq, notify);
		if (!vq_has_work(vq))
			continue;
		work = true;
		if (notify)	/* served on the next pass, notifications off */
			continue;
		d->qstats[q].polls++;
		serve(d, q);
		vq_set_notify(vq, false);	/* avail_event past the batch */
	}
	pthread_mutex_unlock(&d->lock);
	return work;
}

/*
 * The device's thread. Without --polling it sleeps until the driver
 * notifies. With --polling it watches the rings with notifications off
 * while the driver keeps adding buffers, and after POLL_IDLE_NS without
 * any turns them back on and sleeps: unlike SIMVIRTIO, virtio has
 * notifications to fall back on, so an idle guest costs no CPU.
 */
static void *notify_loop(void *arg)
{
	struct virtio_dev *d = arg;
	uint64_t busy = now_ns();
	char name[NAME_MAX_LEN];

	snprintf(name, sizeof(name), "%s notifier", d->name);
	if (sandbox_enter(SANDBOX_VIRTIO, name, d->be->syscalls) < 0) {
		vm_request_stop(d->vm, ST_HOST);
		return NULL;
	}
	for (;;) {
		if (d->polling) {
			if (__atomic_load_n(&d->stopping, __ATOMIC_ACQUIRE))
				break;
			if (poll_pass(d, false)) {
				busy = now_ns();
				continue;
			}
			if (now_ns() - busy < POLL_IDLE_NS) {
				sched_yield();
				continue;
			}
			/* the driver may add one as notifications come back */
			if (poll_pass(d, true))
				continue;
		}
		if (!wait_kicks(d))
			break;
		busy = now_ns();
	}
	return NULL;
}

/*
 * KVM signals kick_fd[q] for a 4-byte write of q to QueueNotify (or, with
 * deassign, no longer does). 0 or -1.
 */
static int ioeventfd(struct virtio_dev *d, unsigned int q, bool deassign)
{
	struct kvm_ioeventfd io = {
		.datamatch = q,
		.addr = d->base + VIRTIO_MMIO_QUEUE_NOTIFY,
		.len = 4,
		.fd = d->kick_fd[q],
		.flags = KVM_IOEVENTFD_FLAG_DATAMATCH |
			 (deassign ? KVM_IOEVENTFD_FLAG_DEASSIGN : 0),
	};

	return ioctl(d->vm->fd, KVM_IOEVENTFD, &io);
}

/*
 * Leaves everything to exits if KVM refuses one of the eventfds: the
 * ioeventfds it took first are taken back (closing one is not enough: KVM
 * would go on swallowing the QueueNotify writes it matches).
 */
static void drop_eventfds(struct virtio_dev *d, const char *call,
			  unsigned int assigned)
{
	int err = errno;
	unsigned int i;

	for (i = 0; i < assigned; i++)
		if (ioeventfd(d, i, true) < 0)
			err_sys("KVM_IOEVENTFD (deassign)");
	err_msg("%s: %s: %s; notifications and interrupts go by exits",
		d->name, call, strerror(err));
	for (i = 0; i < VIRTIO_MAX_QUEUES; i++) {
		if (d->kick_fd[i] >= 0)
			close(d->kick_fd[i]);
		d->kick_fd[i] = -1;
	}
	if (d->irq_fd >= 0)
		close(d->irq_fd);
	d->irq_fd = -1;
}

int virtio_start(void *state)
{
	struct virtio_dev *d = state;
	struct kvm_irqfd irqfd = { .gsi = (uint32_t)d->irq };
	unsigned int q;
	int err;

	/* a bare guest without interrupts expects notifications to be sync */
	if (!d->want_eventfds || !d->vm->irqchip || d->irq == DEV_NO_IRQ)
		return 0;
	for (q = 0; q < d->be->nr_queues; q++) {
		d->kick_fd[q] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (d->kick_fd[q] < 0 || ioeventfd(d, q, false) < 0) {
			drop_eventfds(d, "KVM_IOEVENTFD", q);
			return 0;
		}
	}
	d->irq_fd = eventfd(0, EFD_CLOEXEC);
	irqfd.fd = (uint32_t)d->irq_fd;
	if (d->irq_fd < 0 || ioctl(d->vm->fd, KVM_IRQFD, &irqfd) < 0) {
		drop_eventfds(d, "KVM_IRQFD", q);
		return 0;
	}
	d->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (d->stop_fd < 0)
		return err_sys("eventfd");
	err = pthread_create(&d->notifier, NULL, notify_loop, d);
	if (err) {
		err_msg("%s: cannot start its notification thread: %s", d->name,
			strerror(err));
		return -1;
	}
	d->notifier_running = true;
	return 0;
}

void virtio_stop(void *state)
{
	struct virtio_dev *d = state;

	if (!d->notifier_running)
		return;
	__atomic_store_n(&d->stopping, true, __ATOMIC_RELEASE);
	if (eventfd_write(d->stop_fd, 1) < 0)
		err_sys("eventfd_write");
	pthread_join(d->notifier, NULL);
	d->notifier_running = false;
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
