// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "devmgr.h"
#include "kvmstats.h"
#include "exits.h"
#include "profile.h"
#include "report.h"
#include "timeline.h"
#include "vcpu.h"
#include "vm.h"

_Static_assert(DEVMGR_MAX <= PROF_MAX_DEVS, "a profile counter per device");

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

static void emit_stat(void *ctx, const char *name, uint64_t val)
{
	out_u64(ctx, name, val);
}

static void report_exits(struct out *o, const struct devmgr *dm,
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
	for (i = 0; i < dm->nr; i++)
		out_counter(o, dm->dev[i].cls->name, &sum->dev[i]);
	out_counter(o, "unclaimed", &sum->unclaimed);
	close_obj(o);
	close_obj(o);
}

static void report_phase(struct out *o, const struct profile *sum,
			 unsigned int n, const struct tl_marker *m)
{
	char key[8], title[80], name[16];
	unsigned int r;

	/* a POST code's range says whose phase; the timer's 123 is "booted" */
	bool post = m && m->source == TL_POST_CODE;

	snprintf(key, sizeof(key), "%u", n);
	if (!m)
		snprintf(title, sizeof(title), "phase 0: before any marker");
	else if (post)
		snprintf(title, sizeof(title), "phase %u: post-code 0x%02x (%s)",
			 n, m->code, timeline_code_range(m->code));
	else
		snprintf(title, sizeof(title), "phase %u: boot-timer %u (booted)",
			 n, m->code);
	open_obj(o, key, title);
	if (m) {
		out_str(o, "source", timeline_source_name(m->source));
		out_u64(o, "code", m->code);
	}
	if (post)
		out_str(o, "range", timeline_code_range(m->code));
	out_u64(o, "ns", m ? m->ns : timeline_at(TL_FIRST_RUN));
	open_obj(o, "exits", "exits by reason:");
	for (r = 0; r <= PROF_OTHER; r++) {
		if (!sum->phase[n][r])
			continue;
		snprintf(name, sizeof(name), "%s",
			 r == PROF_OTHER ? "OTHER" : exit_reason_name(r));
		out_u64(o, name, sum->phase[n][r]);
	}
	close_obj(o);
	close_obj(o);
}

/*
 * The guest's boot: its first instruction (the first KVM_RUN), its
 * markers (timeline.h), each starting a phase with the exits kvmini
 * handled in it, and its end (the last vCPU loop's).
 */
static void report_boot(struct out *o, const struct profile *sum)
{
	const struct tl_marker *m;
	unsigned int i, n, dropped;

	n = timeline_markers(&m, &dropped);
	open_obj(o, "boot", "boot timeline, ns since kvmini started:");
	out_u64(o, "first_instruction_ns", timeline_at(TL_FIRST_RUN));
	out_u64(o, "markers", n);
	out_u64(o, "dropped", dropped);
	open_obj(o, "phases", "phases:");
	report_phase(o, sum, 0, NULL);
	for (i = 0; i < n; i++)
		report_phase(o, sum, i + 1, &m[i]);
	close_obj(o);
	out_u64(o, "exit_ns", timeline_at(TL_LAST_EXIT));
	close_obj(o);
}

void report_stats(FILE *f, enum report_format fmt, struct vm *vm,
		  const struct devmgr *dm, uint64_t wall_ns, uint64_t stop_ns)
{
	struct out o = { .f = f, .fmt = fmt, .first = true };
	const struct device *d;
	struct profile sum;
	struct kvmstats *ks;
	unsigned int i, j, k;

	if (fmt == REPORT_NONE)
		return;
	memset(&sum, 0, sizeof(sum));
	for (i = 0; i < vm->vcpus->nr; i++) {
		const struct profile *p = &vm->vcpus->v[i]->prof;

		for (j = 0; j <= PROF_OTHER; j++) {
			sum.reason[j].count += p->reason[j].count;
			sum.reason[j].cycles += p->reason[j].cycles;
		}
		for (j = 0; j < PROF_MAX_DEVS; j++) {
			sum.dev[j].count += p->dev[j].count;
			sum.dev[j].cycles += p->dev[j].cycles;
		}
		sum.unclaimed.count += p->unclaimed.count;
		sum.unclaimed.cycles += p->unclaimed.cycles;
		for (j = 0; j < PROF_PHASES; j++)
			for (k = 0; k <= PROF_OTHER; k++)
				sum.phase[j][k] += p->phase[j][k];
	}

	if (fmt == REPORT_JSON)
		fputc('{', f);
	else
		fputs("kvmini: statistics\n", f);
	o.depth = 1;
	out_str(&o, "arch", ARCH_NAME);
	out_str(&o, "cycle_counter", ARCH_CYCLES_NAME);
	out_u64(&o, "vcpus", vm->vcpus->nr);
	out_u64(&o, "wall_ns", wall_ns);
	out_u64(&o, "stop_ns", stop_ns);
	report_exits(&o, dm, &sum);
	report_boot(&o, &sum);

	open_obj(&o, "unclaimed", "unclaimed accesses:");
	out_u64(&o, "reads", vm->bus.unclaimed_reads);
	out_u64(&o, "writes", vm->bus.unclaimed_writes);
	close_obj(&o);

	open_obj(&o, "arch_features", "architecture features:");
	arch_report(vm, emit_stat, &o);
	close_obj(&o);

	open_obj(&o, "devices", "device counters:");
	for (i = 0; i < dm->nr; i++) {
		d = &dm->dev[i];
		if (!d->cls->stats)
			continue;
		open_obj(&o, d->cls->name, d->cls->name);
		d->cls->stats(d->state, emit_stat, &o);
		close_obj(&o);
	}
	close_obj(&o);

	ks = calloc(1, sizeof(*ks));
	open_obj(&o, "kvm", "KVM per-vCPU statistics (in-kernel, summed):");
	if (ks)
		vcpus_kvmstats(vm, ks);
	for (i = 0; ks && i < ks->n; i++)
		if (fmt == REPORT_JSON || ks->value[i])
			out_u64(&o, ks->name[i], ks->value[i]);
	close_obj(&o);
	free(ks);
}

void report_finish(FILE *f, enum report_format fmt)
{
	struct out o = { .f = f, .fmt = fmt, .depth = 1 };
	char key[32];
	int s;

	if (fmt == REPORT_NONE)
		return;
	open_obj(&o, "startup", "start-up and teardown, ns since kvmini started:");
	for (s = 0; s < TL_NR_STEPS; s++) {
		snprintf(key, sizeof(key), "%s_ns", timeline_name(s));
		out_u64(&o, key, timeline_at(s));
	}
	close_obj(&o);
	if (fmt == REPORT_JSON)
		fputs("}\n", f);
	fflush(f);
}
