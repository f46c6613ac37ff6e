// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio devices' notifier threads: with an in-kernel interrupt
 * controller, KVM turns a QueueNotify write into an eventfd signal (no
 * exit to kvmini) and an irqfd write into an interrupt; one thread per
 * device waits on its eventfds and serves the queues, or with --polling
 * watches the rings while the driver is busy.
 */
#include <errno.h>
#include <linux/kvm.h>
#include <linux/virtio_mmio.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "clock.h"
#include "devices/device.h"
#include "log.h"
#include "mmio.h"
#include "sandbox.h"
#include "status.h"
#include "vm.h"

/* a notifier thread's name: "<device> notifier" */
#define NAME_MAX_LEN	32

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
		virtio_serve(d, q);
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
		if (!virtio_live(d, q) || (d->be->rx_queues & (1u << q)))
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
		virtio_serve(d, q);
		vq_set_notify(vq, false);	/* avail_event past the batch */
	}
	pthread_mutex_unlock(&d->lock);
	return work;
}

/*
 * The device's thread. Without --polling it sleeps until the driver
 * notifies. With --polling it watches the rings with notifications off
 * while the driver keeps adding buffers, and after d->poll_idle_ns
 * (VIRTIO_POLL_IDLE_NS) without any turns them back on, looks once more
 * and sleeps: unlike SIMVIRTIO, virtio has notifications to fall back on,
 * so an idle guest costs no CPU. A buffer the driver adds meanwhile is
 * never lost: a driver reads avail_event (or the NO_NOTIFY flag) after
 * publishing its index, the poller reads the index after turning
 * notifications on (both sequentially consistent), so either the driver
 * sees them on and notifies or the last look finds the buffer.
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
		/* a stopping VM takes no more chains: nothing to poll for */
		if (d->polling && !vm_stopping(d->vm)) {
			if (__atomic_load_n(&d->stopping, __ATOMIC_ACQUIRE))
				break;
			if (poll_pass(d, false)) {
				busy = now_ns();
				continue;
			}
			if (now_ns() - busy <
			    __atomic_load_n(&d->poll_idle_ns, __ATOMIC_RELAXED)) {
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
	struct kvm_irqfd irqfd = { .gsi = (uint32_t)d->line.irq };
	unsigned int q;
	int err;

	/* a bare guest without interrupts expects notifications to be sync */
	if (!d->want_eventfds || !d->vm->irqchip || d->line.irq == DEV_NO_IRQ)
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
