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

#include "arch.h"
#include "kvmstats.h"
#include "profile.h"
#include "status.h"
#include "vcpu.h"
#include "vm.h"

struct trace {
	FILE *f;
	uint64_t t0;
};

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

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

void trace_sample(struct trace *t, struct vm *vm)
{
	struct kvmstats *ks = calloc(1, sizeof(*ks));
	unsigned int i, j;

	if (!ks)
		return;
	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpus[i]->stats_fd >= 0)
			kvmstats_add(ks, vm->vcpus[i]->stats_fd);
	flockfile(t->f);	/* one line, not interleaved with exit lines */
	fprintf(t->f, "%" PRIu64 " - SAMPLE", now_ns() - t->t0);
	for (i = 0; i < ARRAY_SIZE(sampled); i++)
		for (j = 0; j < ks->n; j++)
			if (!strcmp(ks->name[j], sampled[i]))
				fprintf(t->f, " %s=%" PRIu64, sampled[i], ks->value[j]);
	fputc('\n', t->f);
	funlockfile(t->f);
	free(ks);
}

void trace_close(struct trace *t)
{
	if (!t)
		return;
	fclose(t->f);
	free(t);
}

static const char * const reason_names[] = {
	[KVM_EXIT_UNKNOWN] = "UNKNOWN",
	[KVM_EXIT_EXCEPTION] = "EXCEPTION",
	[KVM_EXIT_IO] = "IO",
	[KVM_EXIT_HYPERCALL] = "HYPERCALL",
	[KVM_EXIT_DEBUG] = "DEBUG",
	[KVM_EXIT_HLT] = "HLT",
	[KVM_EXIT_MMIO] = "MMIO",
	[KVM_EXIT_IRQ_WINDOW_OPEN] = "IRQ_WINDOW_OPEN",
	[KVM_EXIT_SHUTDOWN] = "SHUTDOWN",
	[KVM_EXIT_FAIL_ENTRY] = "FAIL_ENTRY",
	[KVM_EXIT_INTR] = "INTR",
	[KVM_EXIT_SET_TPR] = "SET_TPR",
	[KVM_EXIT_TPR_ACCESS] = "TPR_ACCESS",
	[KVM_EXIT_NMI] = "NMI",
	[KVM_EXIT_INTERNAL_ERROR] = "INTERNAL_ERROR",
	[KVM_EXIT_OSI] = "OSI",
	[KVM_EXIT_SYSTEM_EVENT] = "SYSTEM_EVENT",
	[KVM_EXIT_IOAPIC_EOI] = "IOAPIC_EOI",
	[KVM_EXIT_HYPERV] = "HYPERV",
	[KVM_EXIT_X86_RDMSR] = "X86_RDMSR",
	[KVM_EXIT_X86_WRMSR] = "X86_WRMSR",
	[KVM_EXIT_DIRTY_RING_FULL] = "DIRTY_RING_FULL",
	[KVM_EXIT_NOTIFY] = "NOTIFY",
};

const char *exit_reason_name(uint32_t reason)
{
	if (reason < ARRAY_SIZE(reason_names) &&
	    reason_names[reason])
		return reason_names[reason];
	return "OTHER";
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
	if (dev >= 0 && dev < BUS_MAX_REGIONS)
		c = &p->dev[dev];
	else if (dev == PROF_DEV_UNCLAIMED)
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

/* Report output: the same walk prints text or JSON. */
struct out {
	FILE *f;
	enum report_format fmt;
	int depth;
	bool first;
};

static void out_key(struct out *o, const char *key)
{
	if (o->fmt == REPORT_JSON) {
		fprintf(o->f, "%s\"%s\":", o->first ? "" : ",", key);
		o->first = false;
	}
}

static void open_obj(struct out *o, const char *key, const char *title)
{
	if (o->fmt == REPORT_JSON) {
		out_key(o, key);
		fputc('{', o->f);
		o->first = true;
	} else {
		fprintf(o->f, "%*s%s\n", 2 * o->depth, "", title);
	}
	o->depth++;
}

static void close_obj(struct out *o)
{
	o->depth--;
	if (o->fmt == REPORT_JSON) {
		fputc('}', o->f);
		o->first = false;
	}
}

static void out_u64(struct out *o, const char *key, uint64_t v)
{
	if (o->fmt == REPORT_JSON) {
		out_key(o, key);
		fprintf(o->f, "%" PRIu64, v);
	} else {
		fprintf(o->f, "%*s%-24s %14" PRIu64 "\n", 2 * o->depth, "", key, v);
	}
}

static void out_str(struct out *o, const char *key, const char *v)
{
	if (o->fmt == REPORT_JSON) {
		out_key(o, key);
		fprintf(o->f, "\"%s\"", v);	/* fixed ASCII names only */
	} else {
		fprintf(o->f, "%*s%-24s %14s\n", 2 * o->depth, "", key, v);
	}
}

static void out_counter(struct out *o, const char *key,
			const struct prof_counter *c)
{
	if (o->fmt == REPORT_JSON) {
		out_key(o, key);
		fprintf(o->f, "{\"count\":%" PRIu64 ",\"cycles\":%" PRIu64 "}",
			c->count, c->cycles);
	} else {
		fprintf(o->f, "%*s%-24s %14" PRIu64 " %16" PRIu64 " %10" PRIu64
			"\n", 2 * o->depth, "", key, c->count, c->cycles,
			c->count ? c->cycles / c->count : 0);
	}
}

static void emit_dev_stat(void *ctx, const char *name, uint64_t val)
{
	out_u64(ctx, name, val);
}

static void report_exits(struct out *o, struct vm *vm,
			 const struct profile *sum)
{
	struct prof_counter total = { 0 };
	unsigned int i;
	char name[16];

	for (i = 0; i <= PROF_OTHER; i++) {
		total.count += sum->reason[i].count;
		total.cycles += sum->reason[i].cycles;
	}
	open_obj(o, "exits", "exits handled by kvmini        count           cycles  avg cycles");
	out_counter(o, "total", &total);
	open_obj(o, "by_reason", "by reason:");
	for (i = 0; i <= PROF_OTHER; i++) {
		if (!sum->reason[i].count)
			continue;
		if (i == PROF_OTHER)
			snprintf(name, sizeof(name), "OTHER");
		else
			snprintf(name, sizeof(name), "%s", exit_reason_name(i));
		out_counter(o, name, &sum->reason[i]);
	}
	close_obj(o);
	open_obj(o, "by_device", "by device:");
	for (i = 0; i < vm->bus.nr; i++)
		out_counter(o, vm->bus.regions[i].name, &sum->dev[i]);
	out_counter(o, "unclaimed", &sum->unclaimed);
	close_obj(o);
	close_obj(o);
}

void profile_report(FILE *f, enum report_format fmt, struct vm *vm,
		    uint64_t wall_ns)
{
	struct out o = { .f = f, .fmt = fmt, .first = true };
	struct profile sum;
	struct kvmstats *ks;
	const struct bus_region *r;
	unsigned int i, j;

	if (fmt == REPORT_NONE)
		return;
	memset(&sum, 0, sizeof(sum));
	for (i = 0; i < vm->nr_vcpus; i++) {
		const struct profile *p = &vm->vcpus[i]->prof;

		for (j = 0; j <= PROF_OTHER; j++) {
			sum.reason[j].count += p->reason[j].count;
			sum.reason[j].cycles += p->reason[j].cycles;
		}
		for (j = 0; j < BUS_MAX_REGIONS; j++) {
			sum.dev[j].count += p->dev[j].count;
			sum.dev[j].cycles += p->dev[j].cycles;
		}
		sum.unclaimed.count += p->unclaimed.count;
		sum.unclaimed.cycles += p->unclaimed.cycles;
	}

	if (fmt == REPORT_JSON)
		fputc('{', f);
	else
		fputs("kvmini: statistics\n", f);
	o.depth = 1;
	out_str(&o, "arch", ARCH_NAME);
	out_str(&o, "cycle_counter", ARCH_CYCLES_NAME);
	out_u64(&o, "vcpus", vm->nr_vcpus);
	out_u64(&o, "wall_ns", wall_ns);
	report_exits(&o, vm, &sum);

	open_obj(&o, "unclaimed", "unclaimed accesses:");
	out_u64(&o, "reads", vm->bus.unclaimed_reads);
	out_u64(&o, "writes", vm->bus.unclaimed_writes);
	close_obj(&o);

	open_obj(&o, "arch_features", "architecture features:");
	arch_report(vm, emit_dev_stat, &o);
	close_obj(&o);

	open_obj(&o, "devices", "device counters:");
	for (i = 0; i < vm->bus.nr; i++) {
		r = &vm->bus.regions[i];
		if (!r->ops->stats)
			continue;
		open_obj(&o, r->name, r->name);
		r->ops->stats(r->opaque, emit_dev_stat, &o);
		close_obj(&o);
	}
	close_obj(&o);

	ks = calloc(1, sizeof(*ks));
	open_obj(&o, "kvm", "KVM per-vCPU statistics (in-kernel, summed):");
	for (i = 0; ks && i < vm->nr_vcpus; i++)
		if (vm->vcpus[i]->stats_fd >= 0)
			kvmstats_add(ks, vm->vcpus[i]->stats_fd);
	for (i = 0; ks && i < ks->n; i++)
		if (fmt == REPORT_JSON || ks->value[i])
			out_u64(&o, ks->name[i], ks->value[i]);
	close_obj(&o);
	free(ks);
	if (fmt == REPORT_JSON)
		fputs("}\n", f);
	fflush(f);
}
