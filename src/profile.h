/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exit profiling: per-vCPU counts and handling cycles by exit reason and
 * by device (report.h prints them; the per-exit trace is trace.h's).
 */
#ifndef KVMINI_PROFILE_H
#define KVMINI_PROFILE_H

#include <stdint.h>

#include "timeline.h"

#define PROF_MAX_DEVS	16	/* devices counted apart */
#define PROF_REASONS	64	/* KVM exit reasons we index directly */
#define PROF_OTHER	PROF_REASONS
/* before the first boot marker, then after each (timeline.h) */
#define PROF_PHASES	(TL_MAX_MARKERS + 1)

struct kvm_run;

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

/* Accounts one exit; dev is a device index or EXIT_DEV_* (exits.h). */
void profile_exit(struct profile *p, const struct kvm_run *run, int dev,
		  uint64_t cycles);

enum report_format { REPORT_NONE, REPORT_TEXT, REPORT_JSON };

#endif /* KVMINI_PROFILE_H */
