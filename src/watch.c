// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arch.h"
#include "clock.h"
#include "config.h"
#include "kvmstats.h"
#include "log.h"
#include "status.h"
#include "trace.h"
#include "vcpu.h"
#include "vm.h"
#include "watch.h"

static void add_ms(struct timespec *ts, unsigned int ms)
{
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

static uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ULL + (uint64_t)ts->tv_nsec;
}

static bool before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* The k-th CPU (from 0) in set. */
static int nth_cpu(const cpu_set_t *set, int k)
{
	int c;

	for (c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, set) && k-- == 0)
			return c;
	return 0;
}

bool watch_needed(const struct config *cfg)
{
	/* --trace: the vCPUs' rings are drained here */
	return cfg->timeout_ms || cfg->migrate_ms || cfg->sample_ms ||
	       cfg->trace_file;
}

void watch_init(struct watch *mon, struct vm *vm,
		  const struct config *cfg, struct trace *trace)
{
	memset(mon, 0, sizeof(*mon));
	mon->vm = vm;
	mon->cfg = cfg;
	mon->trace = trace;
	if (!cfg->migrate_ms)
		return;
	if (sched_getaffinity(0, sizeof(mon->allowed), &mon->allowed) == 0)
		mon->ncpus = CPU_COUNT(&mon->allowed);
	if (mon->ncpus <= 0) {
		err_msg("cannot read the CPUs kvmini may run on: vCPU threads stay where they are");
		mon->ncpus = -1;
	}
}

void watch_tick(struct watch *mon)
{
	struct vm *vm = mon->vm;
	struct kvmstats *ks;
	unsigned int i;

	mon->tick++;
	/* --migrate: vCPU i goes to the (i + tick)-th CPU kvmini may use */
	for (i = 0; mon->cfg->migrate_ms && mon->ncpus > 0 &&
		    i < vm->vcpus->nr; i++)
		vcpu_set_cpu(vm->vcpus->v[i],
			     nth_cpu(&mon->allowed,
				     (int)((i + mon->tick) % mon->ncpus)));
	if (mon->cfg->sample_ms && mon->trace) {
		ks = calloc(1, sizeof(*ks));
		if (ks) {
			vcpus_kvmstats(vm, ks);
			trace_sample(mon->trace, ks);
			free(ks);
		}
	}
	if (mon->trace)
		trace_drain(mon->trace, now_ns(), false);
}

bool watch_wait(struct watch *mon)
{
	const struct config *cfg = mon->cfg;
	unsigned int period = cfg->migrate_ms;
	struct timespec deadline, tick, drain, wake, now;
	bool have;

	if (cfg->sample_ms && (!period || cfg->sample_ms < period))
		period = cfg->sample_ms;	/* one period serves both */
	if (!cfg->timeout_ms && !period && !mon->trace) {
		vcpus_wait(mon->vm, NULL);
		return false;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	deadline = now;
	add_ms(&deadline, cfg->timeout_ms);
	tick = now;
	add_ms(&tick, period);
	for (;;) {
		/* the next of: the timeout, a tick, the trace's drain */
		wake = deadline;
		have = cfg->timeout_ms;
		if (period && (!have || before(&tick, &wake))) {
			wake = tick;
			have = true;
		}
		if (mon->trace) {
			drain = now;
			add_ms(&drain, TRACE_DRAIN_MS);
			if (!have || before(&drain, &wake))
				wake = drain;
		}
		/* returns early when a vCPU wants its trace ring drained */
		if (vcpus_wait(mon->vm, &wake))
			return false;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (cfg->timeout_ms && !before(&now, &deadline))
			break;
		if (period && !before(&now, &tick)) {
			watch_tick(mon);
			tick = now;
			add_ms(&tick, period);
		} else if (mon->trace) {
			/* the clock just read: one read fewer per drain */
			trace_drain(mon->trace, ts_ns(&now), false);
		}
	}
	arch_vm_save_wait(mon->vm);	/* as the guest left it */
	vm_request_stop(mon->vm, ST_TIMEOUT);
	return true;
}

void watch_finish(struct watch *mon)
{
	struct timespec wake;

	if (!mon->trace)
		return;
	do {
		clock_gettime(CLOCK_MONOTONIC, &wake);
		trace_drain(mon->trace, ts_ns(&wake), false);
		add_ms(&wake, TRACE_DRAIN_MS);
	} while (!vcpus_wait(mon->vm, &wake));
}
