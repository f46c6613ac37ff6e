// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arch.h"
#include "config.h"
#include "kvmstats.h"
#include "log.h"
#include "profile.h"
#include "status.h"
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
	return cfg->timeout_ms || cfg->migrate_ms || cfg->sample_ms;
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
}

bool watch_wait(struct watch *mon)
{
	const struct config *cfg = mon->cfg;
	unsigned int period = cfg->migrate_ms;
	struct timespec deadline, wake, now;

	if (cfg->sample_ms && (!period || cfg->sample_ms < period))
		period = cfg->sample_ms;	/* one period serves both */
	if (!watch_needed(cfg)) {
		vcpus_wait(mon->vm, NULL);
		return false;
	}
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	add_ms(&deadline, cfg->timeout_ms);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &wake);
		add_ms(&wake, period);
		if (!period || (cfg->timeout_ms && before(&deadline, &wake)))
			wake = deadline;
		if (vcpus_wait(mon->vm, &wake))
			return false;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (cfg->timeout_ms && !before(&now, &deadline))
			break;
		if (period && !before(&now, &wake))
			watch_tick(mon);
	}
	arch_vm_save_wait(mon->vm);	/* as the guest left it */
	vm_request_stop(mon->vm, ST_TIMEOUT);
	return true;
}
