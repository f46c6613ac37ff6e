// SPDX-License-Identifier: GPL-2.0
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kvmstats.h"
#include "log.h"

static int stat_slot(struct kvmstats *s, const char *name)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->name[i], name))
			return (int)i;
	if (s->n == KVMSTATS_MAX)
		return -1;
	snprintf(s->name[s->n], KVMSTATS_NAME, "%s", name);
	s->value[s->n] = 0;
	return (int)s->n++;
}

int kvmstats_add(struct kvmstats *s, int fd)
{
	struct kvm_stats_header h;
	struct kvm_stats_desc *d;
	size_t dsize;
	char *descs = NULL;
	char name[KVMSTATS_NAME];
	uint64_t v;
	unsigned int i;
	int slot, ret = -1;

	if (pread(fd, &h, sizeof(h), 0) != sizeof(h))
		return err_sys("read KVM stats header");
	/* KVM promises these; a mismatch means we cannot parse safely */
	if (h.name_size < 8 || h.name_size > 4096 || h.num_desc > 4096) {
		err_msg("KVM stats: unexpected header");
		return -1;
	}
	dsize = sizeof(*d) + h.name_size;
	descs = malloc(dsize * h.num_desc);
	if (!descs)
		return err_sys("malloc");
	if (pread(fd, descs, dsize * h.num_desc, h.desc_offset) !=
	    (ssize_t)(dsize * h.num_desc)) {
		err_sys("read KVM stats descriptors");
		goto out;
	}
	for (i = 0; i < h.num_desc; i++) {
		d = (struct kvm_stats_desc *)(descs + i * dsize);
		if (d->size != 1)	/* histograms: not reported */
			continue;
		if (pread(fd, &v, sizeof(v), h.data_offset + d->offset) !=
		    sizeof(v)) {
			err_sys("read KVM stats data");
			goto out;
		}
		snprintf(name, sizeof(name), "%.*s", (int)h.name_size, d->name);
		slot = stat_slot(s, name);
		if (slot < 0)
			continue;
		/* sum counters over vCPUs, but a peak is a maximum */
		if ((d->flags & KVM_STATS_TYPE_MASK) == KVM_STATS_TYPE_PEAK)
			s->value[slot] = v > s->value[slot] ? v : s->value[slot];
		else
			s->value[slot] += v;
	}
	ret = 0;
out:
	free(descs);
	return ret;
}
