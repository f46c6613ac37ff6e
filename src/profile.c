// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "compiler.h"
#include "exits.h"
#include "kvmstats.h"
#include "log.h"
#include "profile.h"

struct trace {
	FILE *f;
	uint64_t t0;
};

struct trace *trace_open(const char *path)
{
	struct trace *t;

	if (!path)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t) {
		err_sys("calloc");
		return NULL;
	}
	t->f = fopen(path, "w");
	if (!t->f) {
		err_msg("cannot write trace file %s: %s", path, strerror(errno));
		free(t);
		return NULL;
	}
	fputs("# ns vcpu reason address cycles\n", t->f);
	t->t0 = now_ns();
	return t;
}

static const char * const sampled[] = {
	"exits", "io_exits", "mmio_exits", "halt_exits", "pf_taken",
	"irq_exits", "irq_window_exits", "insn_emulation",
};

void trace_sample(struct trace *t, const struct kvmstats *ks)
{
	unsigned int i, j;

	flockfile(t->f);	/* one line, not interleaved with exit lines */
	fprintf(t->f, "%" PRIu64 " - SAMPLE", now_ns() - t->t0);
	for (i = 0; i < ARRAY_SIZE(sampled); i++)
		for (j = 0; j < ks->n; j++)
			if (!strcmp(ks->name[j], sampled[i]))
				fprintf(t->f, " %s=%" PRIu64, sampled[i], ks->value[j]);
	fputc('\n', t->f);
	funlockfile(t->f);
}

void trace_close(struct trace *t)
{
	if (!t)
		return;
	fclose(t->f);
	free(t);
}

static uint64_t trace_addr(const struct kvm_run *run)
{
	if (run->exit_reason == KVM_EXIT_IO)
		return run->io.port;
	if (run->exit_reason == KVM_EXIT_MMIO)
		return run->mmio.phys_addr;
	return 0;
}

void profile_exit(struct profile *p, struct trace *t, int vcpu,
		  const struct kvm_run *run, int dev, uint64_t cycles)
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
	if (t)
		fprintf(t->f, "%" PRIu64 " %d %s 0x%" PRIx64 " %" PRIu64 "\n",
			now_ns() - t->t0, vcpu, exit_reason_name(run->exit_reason),
			trace_addr(run), cycles);
}
