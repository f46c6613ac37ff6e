/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the main thread does while the vCPU threads run: --timeout (stop
 * a guest still running), --migrate (move vCPU threads between host CPUs),
 * --trace (drain the vCPUs' trace rings into the file) and --sample
 * (KVM's counters into the trace), all on CLOCK_MONOTONIC.
 */
#ifndef KVMINI_WATCH_H
#define KVMINI_WATCH_H

#include <sched.h>
#include <stdbool.h>

struct config;
struct trace;
struct vm;

struct watch {
	struct vm *vm;
	const struct config *cfg;
	struct trace *trace;
	cpu_set_t allowed;	/* --migrate: the CPUs kvmini may use */
	int ncpus;		/* how many; -1: vCPU threads stay put */
	unsigned int tick;
};

/*
 * Whether cfg gives the main thread anything to do while the vCPUs run
 * (--timeout, --migrate, --sample, --trace); else it would only wait for
 * them.
 */
bool watch_needed(const struct config *cfg);

void watch_init(struct watch *mon, struct vm *vm,
		  const struct config *cfg, struct trace *trace);
/*
 * One period: moves the vCPU threads, samples KVM's counters, drains the
 * trace.
 */
void watch_tick(struct watch *mon);
/*
 * Waits for every vCPU thread to return, ticking every period, draining
 * the trace every TRACE_DRAIN_MS and when a vCPU asks, and stops the run
 * with ST_TIMEOUT at --timeout. True if the timeout fired.
 */
bool watch_wait(struct watch *mon);
/*
 * With --trace: drains until every vCPU thread has returned (after a
 * stop, one may still wait for room in its ring). The vCPU threads exist.
 */
void watch_finish(struct watch *mon);

#endif /* KVMINI_WATCH_H */
