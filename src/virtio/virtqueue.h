/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Split virtqueues (virtio 1.2, 2.7), the device side. Every value the
 * driver wrote is untrusted: ring addresses must lie in guest RAM, the
 * available index may run at most the queue size ahead, heads and next
 * fields must be below the queue size, a chain must end within the queue
 * size (no loops), and each buffer must lie in guest RAM with a length
 * of at least 1, the chain's buffers VQ_MAX_LEN bytes at most together.
 * Ring-level damage makes the queue broken (the device then needs a
 * reset); a bad buffer fails that request only.
 *
 * The device takes chains in batches (vq_begin): what the available
 * index showed when read once, at most a queue's worth, and no more once
 * VQ_BATCH_BYTES were taken or the VM is stopping. A driver whose
 * buffers refill the ring (a disk read onto the ring itself) therefore
 * cannot keep a serving thread in one batch for ever.
 */
#ifndef KVMINI_VIRTQUEUE_H
#define KVMINI_VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>

struct vm;

#define VQ_MAX_SIZE	1024		/* queue sizes offered: a power of 2 */
#define VQ_MAX_SEGS	64		/* buffers in one chain kvmini takes */
#define VQ_MAX_LEN	(64u << 20)	/* bytes in one chain: a used length fits */
#define VQ_BATCH_BYTES	(16u << 20)	/* a batch ends past this many bytes */

/* the rings' layout in guest memory (little-endian, as on both hosts) */
struct vring_desc_le {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct vring_used_elem_le {
	uint32_t id;
	uint32_t len;
};

struct vq_buf {
	void *hva;		/* host view of the buffer */
	uint32_t len;
	bool device_writes;	/* VRING_DESC_F_WRITE */
};

/* One request: a descriptor chain, its buffers mapped. */
struct vq_req {
	uint16_t head;
	unsigned int nr;
	uint32_t len;		/* all its buffers' bytes, up to VQ_MAX_LEN */
	struct vq_buf buf[VQ_MAX_SEGS];
	bool bad;		/* a buffer was unusable: fail the request */
};

struct virtqueue {
	/* what the driver set through the transport */
	uint16_t size;
	uint64_t desc_gpa, avail_gpa, used_gpa;
	bool ready;
	bool event_idx;		/* VIRTIO_F_EVENT_IDX negotiated */
	/* the device's side, valid once started */
	struct vm *vm;
	struct vring_desc_le *desc;
	uint16_t *avail;	/* flags, idx, ring[size], used_event */
	uint16_t *used;		/* flags, idx, then elements, avail_event */
	uint16_t last_avail;	/* the next available entry to take */
	uint16_t avail_end;	/* the batch: entries before this one */
	uint32_t batch_bytes;	/* taken in this batch */
	uint16_t used_idx;	/* the next used entry to fill */
	uint16_t signalled_used;	/* used_idx at the last interrupt */
	bool no_notify;		/* the device asked for no notifications */
	bool broken;		/* the driver damaged the rings */
	const char *why;	/* and how, for the report */
};

/*
 * Maps the rings the driver set up (size a power of 2 up to max); 0, or
 * -1 when they are not in guest RAM or the size is wrong (q->why says).
 */
int vq_start(struct virtqueue *q, struct vm *vm, uint16_t max);
void vq_reset(struct virtqueue *q);

/*
 * Starts a batch: reads the available index once. The chains in it (0
 * when there is nothing new), or -1 when the rings are damaged (q->broken
 * set; nothing more is taken from this queue). With EVENT_IDX and
 * notifications wanted, finding none asks the driver to notify at its
 * next buffer (avail_event).
 */
int vq_begin(struct virtqueue *q);

/*
 * Takes the batch's next chain: 1 (req filled; req->bad if a buffer was
 * unusable), 0 when the batch is done (its chains taken, VQ_BATCH_BYTES
 * taken, or the VM stopping), -1 when the rings are damaged.
 */
int vq_pop(struct virtqueue *q, struct vq_req *req);

/* vq_pop, starting a batch when the last one is done (a device thread). */
int vq_pop_next(struct virtqueue *q, struct vq_req *req);

/* Returns a chain to the driver with the bytes the device wrote. */
void vq_push(struct virtqueue *q, uint16_t head, uint32_t written);

/*
 * Whether the driver wants an interrupt for what was pushed since the
 * last one (VRING_AVAIL_F_NO_INTERRUPT, or used_event with EVENT_IDX).
 */
bool vq_should_interrupt(struct virtqueue *q);

/*
 * Tells the driver to notify (true) or not to (false: a poller watches
 * the ring): VRING_USED_F_NO_NOTIFY, or avail_event with EVENT_IDX.
 */
void vq_set_notify(struct virtqueue *q, bool notify);

/* Whether there is an available chain not yet taken. */
bool vq_has_work(struct virtqueue *q);

#endif /* KVMINI_VIRTQUEUE_H */
