/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The end-of-run statistics: the profiles of all vCPUs summed, device
 * counters, and KVM's own per-vCPU statistics summed over vCPUs, as text
 * or JSON.
 */
#ifndef KVMINI_REPORT_H
#define KVMINI_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "profile.h"

struct devmgr;
struct vm;

/*
 * wall_ns: the run, from before the VM was made; stop_ns: its stop, from
 * the first request until every vCPU and device thread had ended. Ends
 * with the report open: report_finish() completes it.
 */
void report_stats(FILE *out, enum report_format fmt, struct vm *vm,
		  const struct devmgr *dm, uint64_t wall_ns, uint64_t stop_ns);

/*
 * The last section, the run's timeline (timeline.h), once the VM is
 * gone: its teardown is a step of it.
 */
void report_finish(FILE *out, enum report_format fmt);

#endif /* KVMINI_REPORT_H */
