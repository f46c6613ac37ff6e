/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SIMVIRTIO ring arithmetic, shared by the VMM and guest drivers.
 *
 * A queue of len slots holds at most len - 1 bytes: head == tail is empty,
 * head + 1 == tail (mod len) is full. Each side writes only its own index
 * and reads the other's exactly once per operation, so a peer that changes
 * indices behind our back can make an operation fail but never make it
 * touch memory outside the buffer.
 */
#ifndef KVMINI_SIMQUEUE_H
#define KVMINI_SIMQUEUE_H

#include <stdint.h>
#include "simvirtio.h"

enum simq_result {
	SIMQ_OK = 0,
	SIMQ_EMPTY = 1,
	SIMQ_FULL = 2,
	SIMQ_CORRUPT = 3,
};

struct simq {
	struct sv_queue_ctrl *ctrl;
	uint8_t *buf;
	uint32_t len;		/* slots; at least 2 */
	/* after SIMQ_CORRUPT: which index was out of range, and as read */
	uint32_t bad_index;
	uint8_t bad_is_head;
};

/* Both indices as read once: SIMQ_OK, or SIMQ_CORRUPT with what failed. */
static inline int simq_check(struct simq *q, uint32_t head, uint32_t tail)
{
	if (head < q->len && tail < q->len)
		return SIMQ_OK;
	q->bad_is_head = head >= q->len;
	q->bad_index = q->bad_is_head ? head : tail;
	return SIMQ_CORRUPT;
}

static inline uint32_t simq_next(uint32_t i, uint32_t len)
{
	return i + 1 == len ? 0 : i + 1;
}

static inline int simq_push(struct simq *q, uint8_t v)
{
	uint32_t head = __atomic_load_n(&q->ctrl->head, __ATOMIC_RELAXED);
	uint32_t tail = __atomic_load_n(&q->ctrl->tail, __ATOMIC_ACQUIRE);
	uint32_t next;

	if (simq_check(q, head, tail) != SIMQ_OK)
		return SIMQ_CORRUPT;
	next = simq_next(head, q->len);
	if (next == tail)
		return SIMQ_FULL;
	__atomic_store_n(&q->buf[head], v, __ATOMIC_RELAXED);
	__atomic_store_n(&q->ctrl->head, next, __ATOMIC_RELEASE);
	return SIMQ_OK;
}

/* Reads the oldest byte without consuming it. */
static inline int simq_peek(struct simq *q, uint8_t *v)
{
	uint32_t head = __atomic_load_n(&q->ctrl->head, __ATOMIC_ACQUIRE);
	uint32_t tail = __atomic_load_n(&q->ctrl->tail, __ATOMIC_RELAXED);

	if (simq_check(q, head, tail) != SIMQ_OK)
		return SIMQ_CORRUPT;
	if (head == tail)
		return SIMQ_EMPTY;
	*v = __atomic_load_n(&q->buf[tail], __ATOMIC_RELAXED);
	return SIMQ_OK;
}

/*
 * Consumes the byte simq_peek() returned. The consumer acts on a byte
 * before it advances tail, so a producer that sees its byte consumed also
 * sees its effect.
 */
static inline void simq_advance(struct simq *q)
{
	uint32_t tail = __atomic_load_n(&q->ctrl->tail, __ATOMIC_RELAXED);

	if (tail < q->len)
		__atomic_store_n(&q->ctrl->tail, simq_next(tail, q->len),
				 __ATOMIC_RELEASE);
}

static inline int simq_pop(struct simq *q, uint8_t *v)
{
	int ret = simq_peek(q, v);

	if (ret == SIMQ_OK)
		simq_advance(q);
	return ret;
}

#endif /* KVMINI_SIMQUEUE_H */
