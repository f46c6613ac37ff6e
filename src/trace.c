// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "arch.h"
#include "clock.h"
#include "compiler.h"
#include "exits.h"
#include "kvmstats.h"
#include "log.h"
#include "trace.h"
#include "vm.h"

#define CACHELINE	64
#define TRACE_BUF	(64 * 1024)	/* text written per write(2) at most */
#define NAME_SLOT	32		/* an exit reason's name, at most */
#define NAMES		64		/* reasons named; above: OTHER */
#define LINE_MAX_LEN	(NAME_SLOT + 96)	/* a record's line */
#define SAMPLE_MAX	512

struct trace_rec {
	uint64_t at;		/* cycle counter when handled */
	uint64_t addr;
	uint64_t cycles;
	uint32_t reason;
};

struct trace_ring {
	/* the vCPU thread's */
	uint32_t head;		/* next to write: released to the drain */
	uint32_t ctail;		/* tail as last read: no shared load per exit */
	uint32_t mask;
	bool woke;		/* the drain was asked for since it caught up */
	int id;
	struct trace *t;
	/* the drain's, on a line of their own */
	uint32_t tail __aligned(CACHELINE);	/* a full ring's futex */
	uint32_t sleeping;	/* the vCPU thread waits on tail */
	struct trace_rec rec[] __aligned(CACHELINE);
};

struct trace {
	int fd;
	int err;		/* first failed write's errno */
	const char *path;
	unsigned int ring_recs;
	unsigned int nr;
	struct trace_ring *ring[VM_MAX_VCPUS];
	void (*wake)(void *arg);
	void *wake_arg;
	uint64_t t0;		/* CLOCK_MONOTONIC at trace_open() */
	/* the clocks read at the last drain and at this one */
	uint64_t seg_ns, seg_cycles, end_ns, end_cycles;
	uint64_t mult;		/* ns per cycle, fixed point: 32 bits after */
	/* the exit reasons' names, a fixed size each: one copy per line */
	struct {
		char s[NAME_SLOT];
		unsigned int len;
	} name[NAMES + 1];
	/* a SAMPLE line waiting for its drain, from its " - SAMPLE" */
	bool sample_pending;
	uint64_t sample_at;
	size_t sample_len;
	char sample[SAMPLE_MAX];
	size_t len;
	char buf[TRACE_BUF];
};

static void trace_flush(struct trace *t)
{
	size_t off = 0;
	ssize_t n;

	while (off < t->len && !t->err) {
		n = write(t->fd, t->buf + off, t->len - off);
		if (n > 0)
			off += (size_t)n;
		else if (n < 0 && errno != EINTR)
			t->err = errno;
		else if (n == 0)
			t->err = EIO;
	}
	t->len = 0;
}

static void put_str(struct trace *t, const char *s, size_t n)
{
	memcpy(t->buf + t->len, s, n);
	t->len += n;
}

static const uint64_t pow10[] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
	10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
	100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL, 1000000000000000000ULL,
	10000000000000000000ULL,
};

/*
 * Number formatting of the drain, which runs once per exit: printf's
 * text without its cost (in the emulated host, 5 % of an exit).
 */
static char *dec(char *p, uint64_t v)
{
	unsigned int n = 1;
	char *end;

	while (n < ARRAY_SIZE(pow10) && v >= pow10[n])
		n++;
	end = p + n;
	p = end;
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

static char *hex(char *p, uint64_t v)
{
	unsigned int n = v ? (67 - (unsigned int)__builtin_clzll(v)) / 4 : 1;
	char *end = p + n;

	p = end;
	do {
		*--p = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	return end;
}

static void names_init(struct trace *t)
{
	const char *s;
	unsigned int i;

	for (i = 0; i <= NAMES; i++) {
		s = exit_reason_name(i < NAMES ? i : UINT32_MAX);
		t->name[i].len = strnlen(s, NAME_SLOT);
		memcpy(t->name[i].s, s, t->name[i].len);
	}
}

struct trace *trace_open(const char *path, unsigned int ring_recs)
{
	static const char header[] = "# ns vcpu reason address cycles\n";
	struct trace *t;

	if (!path)
		return NULL;
	if (!ring_recs || ring_recs & (ring_recs - 1) || ring_recs > 1U << 30) {
		err_msg("trace ring of %u records: not a power of two", ring_recs);
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		err_sys("calloc");
		return NULL;
	}
	t->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (t->fd < 0) {
		err_msg("cannot write trace file %s: %s", path, strerror(errno));
		free(t);
		return NULL;
	}
	t->path = path;
	t->ring_recs = ring_recs;
	names_init(t);
	put_str(t, header, sizeof(header) - 1);
	t->t0 = now_ns();
	t->seg_cycles = arch_cycles();
	t->end_cycles = t->seg_cycles;
	return t;
}

void trace_close(struct trace *t)
{
	unsigned int i;

	if (!t)
		return;
	trace_drain(t, now_ns(), true);
	if (t->err)
		err_msg("trace file %s: a write failed: %s", t->path,
			strerror(t->err));
	close(t->fd);
	for (i = 0; i < t->nr; i++)
		free(t->ring[i]);
	free(t);
}

struct trace_ring *trace_ring_new(struct trace *t, int id)
{
	size_t size = sizeof(struct trace_ring) +
		      (size_t)t->ring_recs * sizeof(struct trace_rec);
	struct trace_ring *r;

	if (t->nr == ARRAY_SIZE(t->ring)) {
		err_msg("at most %zu trace rings", ARRAY_SIZE(t->ring));
		return NULL;
	}
	/* the records are written before they are read: left untouched */
	r = aligned_alloc(CACHELINE, (size + CACHELINE - 1) & ~(size_t)(CACHELINE - 1));
	if (!r) {
		err_sys("aligned_alloc");
		return NULL;
	}
	memset(r, 0, sizeof(*r));
	r->mask = t->ring_recs - 1;
	r->id = id;
	r->t = t;
	t->ring[t->nr++] = r;
	return r;
}

void trace_set_waker(struct trace *t, void (*wake)(void *), void *arg)
{
	t->wake = wake;
	t->wake_arg = arg;
}

static void futex_wait(uint32_t *addr, uint32_t val)
{
	/* EAGAIN (changed), EINTR (a kick): the caller looks again */
	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(uint32_t *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/*
 * Half the ring or more is taken: ask for the drain once, and if the
 * ring is full wait until the drain frees room, rather than lose one.
 */
static void ring_room(struct trace_ring *r, uint32_t head)
{
	struct trace *t = r->t;
	uint32_t size = r->mask + 1, tail;

	r->ctail = __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
	if (head - r->ctail <= r->mask / 2) {
		r->woke = false;	/* it caught up */
		return;
	}
	if ((!r->woke || head - r->ctail == size) && t->wake) {
		r->woke = true;
		t->wake(t->wake_arg);
	}
	while (head - r->ctail == size) {
		/* with the drain's tail store, then load: one sees the other */
		__atomic_store_n(&r->sleeping, 1, __ATOMIC_SEQ_CST);
		tail = __atomic_load_n(&r->tail, __ATOMIC_SEQ_CST);
		if (head - tail == size)
			futex_wait(&r->tail, tail);
		r->ctail = __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
	}
	__atomic_store_n(&r->sleeping, 0, __ATOMIC_RELAXED);
}

void trace_put(struct trace_ring *r, uint64_t at, uint32_t reason,
	       uint64_t addr, uint64_t cycles)
{
	uint32_t head = __atomic_load_n(&r->head, __ATOMIC_RELAXED);
	struct trace_rec *rec;

	if (head - r->ctail > r->mask / 2)
		ring_room(r, head);
	rec = &r->rec[head & r->mask];
	rec->at = at;
	rec->addr = addr;
	rec->cycles = cycles;
	rec->reason = reason;
	__atomic_store_n(&r->head, head + 1, __ATOMIC_RELEASE);
}

void trace_exit(struct trace_ring *r, const struct kvm_run *run,
		uint64_t at, uint64_t cycles)
{
	uint64_t addr = 0;

	if (run->exit_reason == KVM_EXIT_IO)
		addr = run->io.port;
	else if (run->exit_reason == KVM_EXIT_MMIO)
		addr = run->mmio.phys_addr;
	trace_put(r, at, run->exit_reason, addr, cycles);
}

/*
 * A cycle count in ns since trace_open(): on the line between the last
 * drain's clock readings and this one's, so that times rise with the
 * counter from one drain to the next; a record older than the last
 * drain (its vCPU thread was preempted before storing it) or, in the
 * last drain, newer than this one continues that line.
 */
static uint64_t to_ns(const struct trace *t, uint64_t at)
{
	unsigned __int128 d;
	uint64_t ns;

	if (at < t->seg_cycles) {
		d = (unsigned __int128)(t->seg_cycles - at) * t->mult >> 32;
		return d < t->seg_ns ? t->seg_ns - (uint64_t)d : 0;
	}
	d = (unsigned __int128)(at - t->seg_cycles) * t->mult >> 32;
	ns = d < UINT64_MAX - t->seg_ns ? t->seg_ns + (uint64_t)d : UINT64_MAX;
	if (at <= t->end_cycles && ns > t->end_ns)
		ns = t->end_ns;		/* rounding: never past the reading */
	return ns;
}

static void put_rec(struct trace *t, const struct trace_ring *r,
		    const struct trace_rec *rec)
{
	unsigned int n = rec->reason < NAMES ? rec->reason : NAMES;
	char *p;

	if (t->len > sizeof(t->buf) - LINE_MAX_LEN)
		trace_flush(t);
	p = dec(t->buf + t->len, to_ns(t, rec->at));
	*p++ = ' ';
	p = dec(p, (uint64_t)r->id);
	*p++ = ' ';
	memcpy(p, t->name[n].s, NAME_SLOT);	/* whole: a constant size */
	p += t->name[n].len;
	memcpy(p, " 0x", 3);
	p = hex(p + 3, rec->addr);
	*p++ = ' ';
	p = dec(p, rec->cycles);
	*p++ = '\n';
	t->len = (size_t)(p - t->buf);
}

static void put_sample(struct trace *t)
{
	if (t->len > sizeof(t->buf) - SAMPLE_MAX - 24)
		trace_flush(t);
	t->len = (size_t)(dec(t->buf + t->len, to_ns(t, t->sample_at)) - t->buf);
	put_str(t, t->sample, t->sample_len);
	t->sample_pending = false;
}

void trace_drain_at(struct trace *t, uint64_t ns, uint64_t cycles, bool all)
{
	uint32_t pos[VM_MAX_VCPUS], end[VM_MAX_VCPUS];
	uint64_t cut[VM_MAX_VCPUS], best_at;
	const struct trace_rec *rec;
	struct trace_ring *r;
	unsigned int i, nr = t->nr;
	unsigned __int128 d;
	int best;

	if (cycles > t->end_cycles && ns >= t->end_ns) {
		t->seg_ns = t->end_ns;
		t->seg_cycles = t->end_cycles;
		t->end_ns = ns;
		t->end_cycles = cycles;
		d = ((unsigned __int128)(ns - t->seg_ns) << 32) /
		    (cycles - t->seg_cycles);
		t->mult = d < UINT64_MAX ? (uint64_t)d : UINT64_MAX;
	}
	for (i = 0; i < nr; i++) {
		r = t->ring[i];
		pos[i] = __atomic_load_n(&r->tail, __ATOMIC_RELAXED);
		end[i] = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
		/* a full ring goes whole: its vCPU waits for it */
		cut[i] = all || end[i] - pos[i] > r->mask ? UINT64_MAX : cycles;
	}
	/* at most 8 rings: the oldest head of each, compared in turn */
	for (;;) {
		best = -1;
		best_at = 0;
		for (i = 0; i < nr; i++) {
			if (pos[i] == end[i])
				continue;
			r = t->ring[i];
			rec = &r->rec[pos[i] & r->mask];
			if (rec->at > cut[i]) {
				end[i] = pos[i];	/* the rest is newer */
				continue;
			}
			if (best < 0 || rec->at < best_at) {
				best = (int)i;
				best_at = rec->at;
			}
		}
		if (t->sample_pending && (all || t->sample_at <= cycles) &&
		    (best < 0 || t->sample_at < best_at))
			put_sample(t);
		if (best < 0)
			break;
		r = t->ring[best];
		put_rec(t, r, &r->rec[pos[best]++ & r->mask]);
	}
	for (i = 0; i < nr; i++) {
		r = t->ring[i];
		if (pos[i] == __atomic_load_n(&r->tail, __ATOMIC_RELAXED))
			continue;
		/* with the vCPU's sleeping store, then load (ring_room) */
		__atomic_store_n(&r->tail, pos[i], __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&r->sleeping, __ATOMIC_SEQ_CST))
			futex_wake(&r->tail);
	}
	trace_flush(t);
}

void trace_drain(struct trace *t, uint64_t now, bool all)
{
	trace_drain_at(t, now > t->t0 ? now - t->t0 : 0, arch_cycles(), all);
}

static const char * const sampled[] = {
	"exits", "io_exits", "mmio_exits", "halt_exits", "pf_taken",
	"irq_exits", "irq_window_exits", "insn_emulation",
};

static void sample_add(struct trace *t, const char *s, uint64_t v)
{
	char tmp[KVMSTATS_NAME + 24];
	int n = snprintf(tmp, sizeof(tmp), " %s=%" PRIu64, s, v);

	if (n > 0 && t->sample_len + (size_t)n < sizeof(t->sample) - 1) {
		memcpy(t->sample + t->sample_len, tmp, (size_t)n);
		t->sample_len += (size_t)n;
	}
}

void trace_sample_at(struct trace *t, const struct kvmstats *ks, uint64_t at)
{
	static const char head[] = " - SAMPLE";
	unsigned int i, j;

	if (t->sample_pending)		/* one at a time: the older first */
		trace_drain(t, now_ns(), false);
	if (t->sample_pending)
		put_sample(t);
	memcpy(t->sample, head, sizeof(head) - 1);
	t->sample_len = sizeof(head) - 1;
	for (i = 0; i < ARRAY_SIZE(sampled); i++)
		for (j = 0; j < ks->n; j++)
			if (!strcmp(ks->name[j], sampled[i]))
				sample_add(t, sampled[i], ks->value[j]);
	t->sample[t->sample_len++] = '\n';
	t->sample_at = at;
	t->sample_pending = true;
}

void trace_sample(struct trace *t, const struct kvmstats *ks)
{
	trace_sample_at(t, ks, arch_cycles());
}
