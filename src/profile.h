/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exit profiling: per-vCPU counts and handling cycles by exit reason and
 * by device, and an optional per-exit trace (report.h prints them).
 */
#ifndef KVMINI_PROFILE_H
#define KVMINI_PROFILE_H

#include <stdint.h>
#include <stdio.h>

#include "timeline.h"

#define PROF_MAX_DEVS	16	/* devices counted apart */
#define PROF_REASONS	64	/* KVM exit reasons we index directly */
#define PROF_OTHER	PROF_REASONS
/* before the first boot marker, then after each (timeline.h) */
#define PROF_PHASES	(TL_MAX_MARKERS + 1)

struct kvm_run;
struct kvmstats;

struct prof_counter {
	uint64_t count;
	uint64_t cycles;
};

struct profile {
	struct prof_counter reason[PROF_REASONS + 1];
	struct prof_counter dev[PROF_MAX_DEVS];
	struct prof_counter unclaimed;
	/* exits by reason per boot phase; a marker's in the one it starts */
	uint64_t phase[PROF_PHASES][PROF_REASONS + 1];
};

struct trace;


/* Trace file shared by all vCPUs; NULL path means no tracing. */
struct trace *trace_open(const char *path);
void trace_close(struct trace *t);

/*
 * Adds one line of KVM's counters (summed over the VM's vCPUs):
 * "<ns> - SAMPLE exits=N io_exits=N ..." (those KVM provides).
 */
void trace_sample(struct trace *t, const struct kvmstats *ks);

/* Accounts one exit; dev is a device index or EXIT_DEV_* (exits.h). */
void profile_exit(struct profile *p, struct trace *t, int vcpu,
		  const struct kvm_run *run, int dev, uint64_t cycles);

enum report_format { REPORT_NONE, REPORT_TEXT, REPORT_JSON };

#endif /* KVMINI_PROFILE_H */
