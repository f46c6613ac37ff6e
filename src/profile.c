// SPDX-License-Identifier: GPL-2.0
#include <linux/kvm.h>
#include <stddef.h>

#include "exits.h"
#include "profile.h"

void profile_exit(struct profile *p, const struct kvm_run *run, int dev,
		  uint64_t cycles)
{
	uint32_t r = run->exit_reason < PROF_REASONS ? run->exit_reason
						     : PROF_OTHER;
	struct prof_counter *c = NULL;

	p->reason[r].count++;
	p->reason[r].cycles += cycles;
	p->phase[timeline_phase()][r]++;
	if (dev >= 0 && dev < PROF_MAX_DEVS)
		c = &p->dev[dev];
	else if (dev == EXIT_DEV_UNCLAIMED)
		c = &p->unclaimed;
	if (c) {
		c->count++;
		c->cycles += cycles;
	}
}
