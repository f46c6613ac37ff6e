// SPDX-License-Identifier: GPL-2.0
#include <linux/virtio_ring.h>
#include <string.h>

#include "virtqueue.h"
#include "vm.h"

/* u16 indices into the avail and used rings */
#define AVAIL_FLAGS	0
#define AVAIL_IDX	1
#define AVAIL_RING(i)	(2 + (i))
#define USED_FLAGS	0
#define USED_IDX	1

static int broken(struct virtqueue *q, const char *why)
{
	if (!q->broken) {
		q->broken = true;
		q->why = why;
	}
	return -1;
}

static bool power_of_2(uint16_t n)
{
	return n && !(n & (n - 1));
}

int vq_start(struct virtqueue *q, struct vm *vm, uint16_t max)
{
	uint64_t n = q->size;

	q->vm = vm;
	q->why = NULL;
	if (!power_of_2(q->size) || q->size > max) {
		q->why = "queue size is not a power of 2 up to the maximum";
		return -1;
	}
	if (q->desc_gpa % 16 || q->avail_gpa % 2 || q->used_gpa % 4) {
		q->why = "ring address not aligned";
		return -1;
	}
	q->desc = vm_gpa(vm, q->desc_gpa, 16 * n);
	q->avail = vm_gpa(vm, q->avail_gpa, 6 + 2 * n);
	q->used = vm_gpa(vm, q->used_gpa, 6 + 8 * n);
	if (!q->desc || !q->avail || !q->used) {
		q->why = "ring outside guest RAM";
		return -1;
	}
	q->last_avail = 0;
	q->avail_end = 0;
	q->batch_bytes = 0;
	q->used_idx = 0;
	q->signalled_used = 0;
	q->broken = false;
	return 0;
}

void vq_reset(struct virtqueue *q)
{
	memset(q, 0, sizeof(*q));
}

/*
 * Sequentially consistent loads and stores of the ring indices and flags:
 * a store of ours followed by a load of the driver's (used index, then
 * used_event or flags; avail_event, then the available index) must not
 * be reordered, or an interrupt or a notification is lost.
 */
static uint16_t avail_load(const struct virtqueue *q, unsigned int i)
{
	return __atomic_load_n(&q->avail[i], __ATOMIC_SEQ_CST);
}

/* avail_event follows the used elements */
static uint16_t *avail_event(const struct virtqueue *q)
{
	return (uint16_t *)((char *)q->used + 4 + 8 * q->size);
}

/* Maps one descriptor's buffer into req, or marks the request bad. */
static void take_buf(struct virtqueue *q, const struct vring_desc_le *d,
		     struct vq_req *req)
{
	struct vq_buf *b;
	bool writes = d->flags & VRING_DESC_F_WRITE;
	void *hva;

	if (req->bad)
		return;
	/* indirect tables are not offered; readable after writable is wrong */
	if ((d->flags & VRING_DESC_F_INDIRECT) || !d->len ||
	    d->len > VQ_MAX_LEN - req->len || req->nr == VQ_MAX_SEGS ||
	    (!writes && req->nr && req->buf[req->nr - 1].device_writes)) {
		req->bad = true;
		return;
	}
	hva = vm_gpa(q->vm, d->addr, d->len);
	if (!hva) {
		req->bad = true;
		return;
	}
	b = &req->buf[req->nr++];
	req->len += d->len;
	b->hva = hva;
	b->len = d->len;
	b->device_writes = writes;
}

int vq_begin(struct virtqueue *q)
{
	uint16_t pending;

	if (q->broken)
		return -1;
	q->batch_bytes = 0;
	pending = avail_load(q, AVAIL_IDX) - q->last_avail;
	if (!pending && q->event_idx && !q->no_notify) {
		/*
		 * EVENT_IDX: ask for a notification at the next buffer, then
		 * look again: the driver may have added one before it saw
		 * the request (seq-cst store, then load; it does the mirror)
		 */
		__atomic_store_n(avail_event(q), q->last_avail,
				 __ATOMIC_SEQ_CST);
		pending = avail_load(q, AVAIL_IDX) - q->last_avail;
	}
	if (pending > q->size)
		return broken(q, "available index ran ahead of the queue");
	q->avail_end = (uint16_t)(q->last_avail + pending);
	return pending;
}

int vq_pop(struct virtqueue *q, struct vq_req *req)
{
	struct vring_desc_le d;
	unsigned int hops = 0;
	uint16_t head, i;

	if (q->broken)
		return -1;
	if (q->last_avail == q->avail_end ||
	    q->batch_bytes >= VQ_BATCH_BYTES || vm_stopping(q->vm))
		return 0;
	head = avail_load(q, AVAIL_RING(q->last_avail & (q->size - 1)));
	if (head >= q->size)
		return broken(q, "available head out of range");
	req->head = head;
	req->nr = 0;
	req->len = 0;
	req->bad = false;
	for (i = head;; i = d.next) {
		if (++hops > q->size)
			return broken(q, "descriptor chain loops");
		memcpy(&d, &q->desc[i], sizeof(d));	/* read once */
		take_buf(q, &d, req);
		if (!(d.flags & VRING_DESC_F_NEXT))
			break;
		if (d.next >= q->size)
			return broken(q, "descriptor next out of range");
	}
	q->last_avail++;
	q->batch_bytes += req->len;
	return 1;
}

int vq_pop_next(struct virtqueue *q, struct vq_req *req)
{
	int got = vq_pop(q, req);

	if (got || vm_stopping(q->vm))
		return got;
	got = vq_begin(q);
	return got > 0 ? vq_pop(q, req) : got;
}

void vq_push(struct virtqueue *q, uint16_t head, uint32_t written)
{
	struct vring_used_elem_le e = { head, written };
	struct vring_used_elem_le *ring = (void *)(q->used + 2);

	memcpy(&ring[q->used_idx & (q->size - 1)], &e, sizeof(e));
	q->used_idx++;
	/* the element before the index that publishes it */
	__atomic_store_n(&q->used[USED_IDX], q->used_idx, __ATOMIC_SEQ_CST);
}

bool vq_should_interrupt(struct virtqueue *q)
{
	uint16_t old = q->signalled_used, event;

	q->signalled_used = q->used_idx;
	if (q->event_idx) {
		event = avail_load(q, AVAIL_RING(q->size));	/* used_event */
		return (uint16_t)(q->used_idx - event - 1) <
		       (uint16_t)(q->used_idx - old);
	}
	return !(avail_load(q, AVAIL_FLAGS) & VRING_AVAIL_F_NO_INTERRUPT);
}

void vq_set_notify(struct virtqueue *q, bool notify)
{
	q->no_notify = !notify;
	if (q->event_idx) {
		/*
		 * on: at the next buffer. off: one behind the ring, which the
		 * driver passes only after 2^16 buffers (the poller moves it
		 * after every batch it serves, long before that)
		 */
		__atomic_store_n(avail_event(q),
				 (uint16_t)(q->last_avail - !notify),
				 __ATOMIC_SEQ_CST);
	} else {
		__atomic_store_n(&q->used[USED_FLAGS],
				 notify ? 0 : VRING_USED_F_NO_NOTIFY,
				 __ATOMIC_SEQ_CST);
	}
}

bool vq_has_work(struct virtqueue *q)
{
	return !q->broken && avail_load(q, AVAIL_IDX) != q->last_avail;
}
