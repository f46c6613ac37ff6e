// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-rng (virtio 1.2, 5.4): one queue of device-writable buffers,
 * filled from the host's getrandom(), at most RNG_REQ_MAX bytes a
 * request (the device may use less than the whole buffer): a driver's
 * 64 MiB chain would otherwise cost getrandom() a quarter of a second.
 */
#include <errno.h>
#include <linux/virtio_ids.h>
#include <sys/random.h>

#include "device.h"
#include "virtio/mmio.h"

#define RNG_REQ_MAX	(64u << 10)

struct virtio_rng {
	struct virtio_dev vd;	/* first: the bus ops' opaque */
	uint64_t bytes;
};

/* Fills the writable buffers of req; the bytes written. */
static uint32_t fill(const struct vq_req *req)
{
	uint32_t written = 0, done, want;
	unsigned int i;
	ssize_t n;

	for (i = 0; i < req->nr && written < RNG_REQ_MAX; i++) {
		if (!req->buf[i].device_writes)
			continue;
		want = req->buf[i].len;
		if (want > RNG_REQ_MAX - written)
			want = RNG_REQ_MAX - written;
		for (done = 0; done < want; done += (uint32_t)n) {
			n = getrandom((char *)req->buf[i].hva + done,
				      want - done, 0);
			if (n < 0 && errno == EINTR) {
				n = 0;
				continue;
			}
			if (n <= 0)
				return written + done;
		}
		written += done;
	}
	return written;
}

static void rng_notify(struct virtio_dev *d, unsigned int q)
{
	struct virtio_rng *r = (struct virtio_rng *)d;
	struct vq_req req;
	uint32_t n;

	while (vq_pop(&d->vq[q], &req) == 1) {
		n = 0;
		if (req.bad)
			d->qstats[q].bad_requests++;
		else
			n = fill(&req);
		r->bytes += n;
		virtio_complete(d, q, req.head, n);
	}
}

static const char *const rng_syscalls[] = { "getrandom", NULL };

static const struct virtio_backend rng_backend = {
	.device_id = VIRTIO_ID_RNG,
	.nr_queues = 1,
	.queue_max = 256,
	.notify = rng_notify,
	.syscalls = rng_syscalls,
};

static int rng_init(void *state, struct vm *vm, const struct device_env *env,
		    const struct device_place *at)
{
	struct virtio_rng *r = state;

	return virtio_init(&r->vd, vm, env, at, &rng_backend, "virtio-rng");
}

static void rng_fini(void *state, bool attached)
{
	struct virtio_rng *r = state;

	if (attached)
		virtio_fini(&r->vd);
}

static void rng_stats(void *state, stat_emit_fn emit, void *ctx)
{
	struct virtio_rng *r = state;

	virtio_stats(&r->vd, emit, ctx);
	emit(ctx, "bytes", __atomic_load_n(&r->bytes, __ATOMIC_RELAXED));
}

DEVICE_CLASS(virtio_rng) = {
	.name = "virtio-rng",
	.size = sizeof(struct virtio_rng),
	VIRTIO_MMIO_CLASS("virtio-rng"),
	.init = rng_init,
	.fini = rng_fini,
	.stats = rng_stats,
	.start = virtio_start,
	.stop = virtio_stop,
};
