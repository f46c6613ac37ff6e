/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-exit trace (--trace FILE). A vCPU thread only stores a binary
 * record of each exit in its own ring, which it alone writes and the
 * main thread alone reads (single producer, single consumer); the main
 * thread's watch loop drains every ring, merges the vCPUs' records by
 * time and writes them out as text:
 *
 *   # ns vcpu reason address cycles
 *   <ns> <vcpu> <reason> 0x<address> <cycles>
 *   <ns> - SAMPLE exits=N io_exits=N ...	(--sample)
 *
 * A record's time is the cycle counter the vCPU loop reads anyway, made
 * into ns since trace_open() by the drain, between two readings of both
 * clocks. A full ring makes its vCPU wait for the drain: nothing is lost.
 */
#ifndef KVMINI_TRACE_H
#define KVMINI_TRACE_H

#include <stdbool.h>
#include <stdint.h>

/* records per vCPU ring; the drain is asked for when half are taken */
#define TRACE_RING_RECS	8192
/* the watch loop drains at least this often (ms) */
#define TRACE_DRAIN_MS	100

struct kvm_run;
struct kvmstats;
struct trace;
struct trace_ring;

/*
 * Opens (truncates) path and writes the header; rings of ring_recs
 * records, a power of two. NULL, with a message, if it cannot.
 */
struct trace *trace_open(const char *path, unsigned int ring_recs);
/* Writes what is left; reports a failed write. NULL: nothing. */
void trace_close(struct trace *t);

/*
 * vCPU id's ring, made before its thread starts; NULL on failure.
 * wake(arg) is called from a vCPU thread that wants its ring drained
 * soon (half full; full: it then waits until the drain frees room).
 */
struct trace_ring *trace_ring_new(struct trace *t, int id);
void trace_set_waker(struct trace *t, void (*wake)(void *), void *arg);

/* The vCPU thread: one exit, handled by at (cycle counter, arch.h). */
void trace_exit(struct trace_ring *r, const struct kvm_run *run,
		uint64_t at, uint64_t cycles);
/* The same from its parts (untrusted as they come). */
void trace_put(struct trace_ring *r, uint64_t at, uint32_t reason,
	       uint64_t addr, uint64_t cycles);

/*
 * The main thread: writes out every record taken before now (now_ns(),
 * just read), in time order; all: every record there is (the vCPU
 * threads have ended).
 */
void trace_drain(struct trace *t, uint64_t now, bool all);
/*
 * The same with the clocks read: ns since trace_open() and the cycle
 * counter at one moment. Records after cycles stay for the next drain.
 */
void trace_drain_at(struct trace *t, uint64_t ns, uint64_t cycles, bool all);

/*
 * Adds one line of KVM's counters (summed over the VM's vCPUs), taken
 * now, to go out with the next drain, in its place among the exits:
 * "<ns> - SAMPLE exits=N io_exits=N ..." (those KVM provides).
 */
void trace_sample(struct trace *t, const struct kvmstats *ks);
/* The same, taken at cycle count at. */
void trace_sample_at(struct trace *t, const struct kvmstats *ks, uint64_t at);

#endif /* KVMINI_TRACE_H */
