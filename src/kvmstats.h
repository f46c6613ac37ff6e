/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM binary statistics (KVM_GET_STATS_FD): counters KVM keeps for exits
 * it handles in the kernel as well as those it passes to us.
 */
#ifndef KVMINI_KVMSTATS_H
#define KVMINI_KVMSTATS_H

#include <stdint.h>

#define KVMSTATS_MAX	128
#define KVMSTATS_NAME	48

struct kvmstats {
	unsigned int n;
	char name[KVMSTATS_MAX][KVMSTATS_NAME];
	uint64_t value[KVMSTATS_MAX];
};

/*
 * Reads every single-valued statistic from stats_fd (as returned by
 * KVM_GET_STATS_FD) and adds it to the entry of the same name in s.
 * Returns 0, or -1 with a message when the data is malformed.
 */
int kvmstats_add(struct kvmstats *s, int stats_fd);

#endif /* KVMINI_KVMSTATS_H */
