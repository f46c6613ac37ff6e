// SPDX-License-Identifier: GPL-2.0
/*
 * The GDB stub's thread and its run control (gdb.h).
 *
 * A stop is a pause of every vCPU (vcpus_pause): the last vCPU to stop
 * runs gdb_paused(), which hands the machine to this thread and waits
 * until GDB resumes it. Meanwhile this thread answers GDB's packets
 * through gdbstub.c, reading and writing the stopped vCPUs through the
 * architecture's back end. On a resume each vCPU gets its debug state
 * (KVM_SET_GUEST_DEBUG: single step, breakpoints) and is either let go
 * or held (vcpu_hold), as GDB's vCont asks. A stop comes from
 * KVM_EXIT_DEBUG on a vCPU (gdb_debug_exit), from GDB's Ctrl-C, or,
 * without --gdb-nowait, before the first instruction.
 *
 * GDB's connection is untrusted input like a guest's: the framing
 * (gdbpkt.c) and the packets (gdbstub.c) check every byte, and memory
 * is reached only through vm_gpa().
 */
#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "clock.h"
#include "devices/device.h"
#include "devmgr.h"
#include "gdb.h"
#include "gdb_arch.h"
#include "gdbpkt.h"
#include "gdbstub.h"
#include "kvmstats.h"
#include "log.h"
#include "report.h"
#include "sandbox.h"
#include "status.h"
#include "vcpu.h"
#include "vm.h"

#define GDB_DEFAULT_HOST	"127.0.0.1"
#define MONITOR_CHUNK		(GDB_PACKET_MAX / 2 - 1)	/* 'O' + hex */

struct gdb_event {
	bool set;
	int tid;
	enum gdb_stop why;
	uint64_t addr;
};

/*
 * A breakpoint or write watchpoint the debug registers cannot take (this
 * KVM's, see arch_gdb_probe): checked after every single step of each
 * vCPU that runs on, with the watched bytes as the last step left them.
 */
#define SOFT_MAX	GDB_BREAKPOINTS
#define SOFT_WATCH_MAX	8	/* bytes; GDB splits a longer watch */

struct soft_point {
	struct gdb_hw_point p;
	bool val_ok;		/* val holds the watched bytes */
	uint8_t val[SOFT_WATCH_MAX];
};

/* What resume() told a vCPU, for its KVM_EXIT_DEBUG. */
struct vcpu_run {
	bool step;		/* GDB's step */
	bool trace;		/* steps for soft points until one is hit */
};

struct gdb_server {
	struct vm *vm;
	const struct devmgr *dm;
	char addr[128];
	bool nowait;
	int listen_fd;
	int conn_fd;		/* -1: no GDB attached */
	int wake_fd;		/* eventfd: a stop, or the end */
	pthread_t thread;
	bool started;
	uint64_t t0;		/* for the monitor's report */
	unsigned int caps;	/* GDB_CAN_*: arch_gdb_probe() */
	struct vcpu_run *run;	/* one per vCPU, set while they are stopped */

	pthread_mutex_t lock;
	bool stopped;		/* the vCPUs wait in gdb_paused() */
	bool go;		/* ... until this */
	bool closing;
	struct gdb_event ev;	/* the stop's reason */

	/* this thread's own */
	bool waiting;		/* GDB waits for a stop reply */
	bool phys;		/* monitor phys: m/M by physical address */
	struct gdb_debug dbg;	/* every vCPU's, but step */
	unsigned int nr_soft;	/* soft[] is read by tracing vCPUs */
	struct soft_point soft[SOFT_MAX];
	struct gdbstub stub;
	struct gdb_rx rx;
	char out[4 + 2 * GDB_PACKET_MAX];
	size_t out_len;		/* the last packet, for a NAK */
};

static struct vcpu *tid_vcpu(struct gdb_server *g, int tid)
{
	if (tid < 1 || (unsigned int)tid > g->vm->vcpus->nr)
		return NULL;
	return g->vm->vcpus->v[tid - 1];
}

/* target ops: what gdbstub.c asks of the guest */

static unsigned int op_nr_threads(void *ctx)
{
	struct gdb_server *g = ctx;

	return g->vm->vcpus->nr;
}

static const char *op_target_xml(void *ctx, int tid)
{
	struct vcpu *v = tid_vcpu(ctx, tid);

	return v ? arch_gdb_target_xml(v) : NULL;
}

static long op_read_regs(void *ctx, int tid, uint8_t *buf, size_t size)
{
	struct vcpu *v = tid_vcpu(ctx, tid);

	return v ? arch_gdb_read_regs(v, buf, size) : -1;
}

static int op_write_regs(void *ctx, int tid, const uint8_t *buf, size_t len)
{
	struct vcpu *v = tid_vcpu(ctx, tid);

	return v ? arch_gdb_write_regs(v, buf, len) : -1;
}

static long op_read_reg(void *ctx, int tid, unsigned int regno, uint8_t *buf,
			size_t size)
{
	struct vcpu *v = tid_vcpu(ctx, tid);

	return v ? arch_gdb_read_reg(v, regno, buf, size) : -1;
}

static int op_write_reg(void *ctx, int tid, unsigned int regno,
			const uint8_t *buf, size_t len)
{
	struct vcpu *v = tid_vcpu(ctx, tid);

	return v ? arch_gdb_write_reg(v, regno, buf, len) : -1;
}

/*
 * Guest RAM at addr (virtual through tid's page tables, or physical with
 * monitor phys) for at most len bytes: a host pointer and how many bytes
 * it covers, or NULL where nothing is mapped or it is not RAM.
 */
static void *guest_span(struct gdb_server *g, int tid, uint64_t addr,
			size_t len, size_t *n)
{
	struct vcpu *v = tid_vcpu(g, tid);
	uint64_t gpa = addr, left = len;

	if (!v)
		return NULL;
	if (!g->phys && arch_gdb_translate(v, addr, &gpa, &left) < 0)
		return NULL;
	*n = left < len ? (size_t)left : len;
	return *n ? vm_gpa(g->vm, gpa, *n) : NULL;
}

static long op_read_mem(void *ctx, int tid, uint64_t addr, uint8_t *buf,
			size_t len)
{
	size_t done = 0, n;
	void *p;

	while (done < len) {
		p = guest_span(ctx, tid, addr + done, len - done, &n);
		if (!p)
			break;
		memcpy(buf + done, p, n);
		done += n;
	}
	return done ? (long)done : -1;
}

static int op_write_mem(void *ctx, int tid, uint64_t addr, const uint8_t *buf,
			size_t len)
{
	size_t done = 0, n;
	void *p;

	while (done < len) {
		p = guest_span(ctx, tid, addr + done, len - done, &n);
		if (!p)
			return -1;
		memcpy(p, buf + done, n);
		done += n;
	}
	return 0;
}

/* A soft point's bytes now, through vCPU 0's page tables: true if read. */
static bool soft_read(struct gdb_server *g, const struct soft_point *sp,
		      uint8_t *val)
{
	return op_read_mem(g, 1, sp->p.addr, val, sp->p.len) ==
	       (long)sp->p.len;
}

/* op_hw_break() where the debug registers do not work */
static int soft_break(struct gdb_server *g, int type, uint64_t addr,
		      uint64_t len, bool insert)
{
	struct soft_point *sp;
	unsigned int i;

	/* a step shows what an instruction wrote, not what it read */
	if (type == GDB_HW_READ || type == GDB_HW_ACCESS)
		return 1;
	if (type == GDB_HW_EXEC)
		len = 1;
	for (i = 0; i < g->nr_soft; i++)
		if (g->soft[i].p.type == (enum gdb_hw_type)type &&
		    g->soft[i].p.addr == addr && g->soft[i].p.len == len)
			break;
	if (!insert) {
		if (i < g->nr_soft)
			g->soft[i] = g->soft[--g->nr_soft];
		return 0;
	}
	if (i < g->nr_soft)
		return 0;
	if (g->nr_soft == SOFT_MAX || !len || len > SOFT_WATCH_MAX)
		return -1;
	sp = &g->soft[g->nr_soft++];
	*sp = (struct soft_point){ .p = { type, addr, len } };
	return 0;
}

static int op_hw_break(void *ctx, int type, uint64_t addr, uint64_t kind,
		       bool insert)
{
	struct gdb_server *g = ctx;
	struct gdb_debug *d = &g->dbg;
	unsigned int i;

	if (type < GDB_HW_EXEC || type > GDB_HW_ACCESS)
		return 1;
	if (!(g->caps & GDB_CAN_HW_BREAK))
		return soft_break(g, type, addr, kind, insert);
	if (type == GDB_HW_EXEC)
		kind = 1;	/* an instruction's kind is not a length */
	for (i = 0; i < d->nr_hw; i++)
		if (d->hw[i].type == (enum gdb_hw_type)type &&
		    d->hw[i].addr == addr && d->hw[i].len == kind)
			break;
	if (!insert) {
		if (i < d->nr_hw)
			d->hw[i] = d->hw[--d->nr_hw];
		return 0;
	}
	if (i < d->nr_hw)
		return 0;
	if (d->nr_hw == GDB_HW_MAX ||
	    arch_gdb_hw_check((enum gdb_hw_type)type, addr, kind) < 0)
		return -1;
	d->hw[d->nr_hw++] = (struct gdb_hw_point){ type, addr, kind };
	return 0;
}

/* the breakpoint instruction is the architecture's: set at gdb_open */
static struct gdb_target_ops target_ops = {
	.nr_threads = op_nr_threads,
	.target_xml = op_target_xml,
	.read_regs = op_read_regs,
	.write_regs = op_write_regs,
	.read_reg = op_read_reg,
	.write_reg = op_write_reg,
	.read_mem = op_read_mem,
	.write_mem = op_write_mem,
	.hw_break = op_hw_break,
};

/* the stop: on the last vCPU to stop, until this thread says go */

static bool gone(void *arg)
{
	struct gdb_server *g = arg;
	bool go;

	pthread_mutex_lock(&g->lock);
	go = g->go;
	pthread_mutex_unlock(&g->lock);
	return go;
}

/*
 * A stop asked for between resume()'s go and the end of this pause (GDB's
 * Ctrl-C right after a continue) is queued by vcpus_pause(): this runs
 * again at once, the vCPUs still stopped.
 */
static void gdb_paused(struct vm *vm, void *arg)
{
	struct gdb_server *g = arg;
	uint64_t one = 1;

	pthread_mutex_lock(&g->lock);
	g->stopped = true;
	g->go = false;
	pthread_mutex_unlock(&g->lock);
	if (write(g->wake_fd, &one, sizeof(one)) < 0)
		err_sys("gdb: eventfd");
	/* until resume() says go (set before its wake), or the run ends */
	vcpus_pause_sleep(vm, NULL, gone, g);
	pthread_mutex_lock(&g->lock);
	g->stopped = false;
	pthread_mutex_unlock(&g->lock);
}

/* Asks for a stop for ev unless one is under way (its reason wins). */
static void request_stop(struct gdb_server *g, int tid, enum gdb_stop why,
			 uint64_t addr)
{
	pthread_mutex_lock(&g->lock);
	if (!g->ev.set)
		g->ev = (struct gdb_event){ true, tid, why, addr };
	pthread_mutex_unlock(&g->lock);
	vcpus_pause(g->vm, gdb_paused, g);
}

/* What vCPU i runs with: GDB's points and what resume() told it. */
static void vcpu_debug(const struct gdb_server *g, int i, struct gdb_debug *d)
{
	*d = g->dbg;
	d->step = g->run[i].step || g->run[i].trace;
	d->step_irqs = g->run[i].trace;
}

/*
 * After a step of a tracing vCPU at pc: whether a soft point is hit, and
 * which (*why, *addr). The lock keeps the watched bytes one copy while
 * several vCPUs step; with more than one, the thread named for a write
 * is the first to step after it, not always the writer.
 */
static bool soft_hit(struct gdb_server *g, uint64_t pc, enum gdb_stop *why,
		     uint64_t *addr)
{
	uint8_t now[SOFT_WATCH_MAX];
	struct soft_point *sp;
	unsigned int i;
	bool hit = false, ok;

	pthread_mutex_lock(&g->lock);
	for (i = 0; i < g->nr_soft && !hit; i++) {
		sp = &g->soft[i];
		if (sp->p.type == GDB_HW_EXEC) {
			hit = sp->p.addr == pc;
			*why = GDB_STOP_HWBREAK;
			continue;
		}
		ok = soft_read(g, sp, now);
		if (ok == sp->val_ok &&
		    (!ok || !memcmp(now, sp->val, sp->p.len)))
			continue;
		sp->val_ok = ok;
		memcpy(sp->val, now, sizeof(now));
		*why = GDB_STOP_WATCH;
		*addr = sp->p.addr;
		hit = true;
	}
	pthread_mutex_unlock(&g->lock);
	return hit;
}

void gdb_debug_exit(struct vcpu *vcpu)
{
	struct gdb_server *g = vcpu->vm->gdb;
	const struct vcpu_run *run;
	struct gdb_debug_exit e;
	enum gdb_stop why = GDB_STOP_TRAP;
	struct gdb_debug d;
	uint64_t addr = 0;

	/* dbg, soft and run change only while every vCPU is stopped */
	run = &g->run[vcpu->id];
	vcpu_debug(g, vcpu->id, &d);
	e = arch_gdb_debug_exit(vcpu, &d);
	if (run->trace && e.why == GDB_DEBUG_STEP) {
		if (soft_hit(g, e.pc, &why, &addr))
			request_stop(g, vcpu->id + 1, why, addr);
		/*
		 * x86 KVM drops the trap flag once it emulates an
		 * instruction away from where stepping began: set again
		 */
		else if (arch_gdb_set_debug(vcpu, &d) < 0)
			vm_request_stop(vcpu->vm, ST_HOST);
		return;
	}
	switch (e.why) {
	case GDB_DEBUG_SW_BREAK:
		why = GDB_STOP_SWBREAK;
		break;
	case GDB_DEBUG_HW_BREAK:
		why = GDB_STOP_HWBREAK;
		break;
	case GDB_DEBUG_WATCH:
		why = e.slot >= 0 && g->dbg.hw[e.slot].type == GDB_HW_READ ?
		      GDB_STOP_RWATCH :
		      e.slot >= 0 && g->dbg.hw[e.slot].type == GDB_HW_ACCESS ?
		      GDB_STOP_AWATCH : GDB_STOP_WATCH;
		break;
	default:
		break;
	}
	request_stop(g, vcpu->id + 1, why, e.addr);
}

/* the connection */

static int send_all(struct gdb_server *g, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(g->conn_fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int send_packet(struct gdb_server *g, const char *data, size_t len)
{
	g->out_len = gdb_frame(g->out, sizeof(g->out), data, len);
	return g->out_len ? send_all(g, g->out, g->out_len) : -1;
}

/*
 * Applies each vCPU's debug state and lets them go, or holds them. A
 * vCPU that runs on while there are soft points steps through every
 * instruction (interrupts included) until one is hit.
 */
static void resume(struct gdb_server *g, bool detached)
{
	struct gdb_debug d;
	struct soft_point *sp;
	enum gdb_run r;
	struct vcpu *v;
	unsigned int i;

	if (detached) {
		memset(&g->dbg, 0, sizeof(g->dbg));
		g->nr_soft = 0;
	}
	/* GDB may have written the watched bytes: what a step compares to */
	for (i = 0; i < g->nr_soft; i++) {
		sp = &g->soft[i];
		if (sp->p.type == GDB_HW_WRITE)
			sp->val_ok = soft_read(g, sp, sp->val);
	}
	for (i = 0; i < g->vm->vcpus->nr; i++) {
		v = g->vm->vcpus->v[i];
		r = detached ? GDB_RUN_CONT : gdbstub_run(&g->stub, (int)i + 1);
			g->run[i].step = r == GDB_RUN_STEP;
		g->run[i].trace = r == GDB_RUN_CONT && g->nr_soft;
		vcpu_debug(g, (int)i, &d);
		if (arch_gdb_set_debug(v, &d) < 0)
			vm_request_stop(g->vm, ST_HOST);
		vcpu_hold(v, r == GDB_RUN_STOP);
	}
	if (!detached && g->stub.resume.set_pc) {
		v = tid_vcpu(g, g->stub.resume.pc_tid);
		if (v && arch_gdb_set_pc(v, g->stub.resume.pc) < 0)
			vm_request_stop(g->vm, ST_HOST);
	}
	pthread_mutex_lock(&g->lock);
	g->go = true;
	g->ev.set = false;	/* the next stop's reason is its own */
	pthread_mutex_unlock(&g->lock);
	vcpus_pause_wake(g->vm);
}

static void hang_up(struct gdb_server *g)
{
	close(g->conn_fd);
	g->conn_fd = -1;
	g->waiting = false;
	g->phys = false;
}

static void emit_line(void *ctx, const char *name, uint64_t val)
{
	fprintf(ctx, "  %-28s %" PRIu64 "\n", name, val);
}

/* What monitor CMD prints, into f. */
static void monitor(struct gdb_server *g, const char *cmd, FILE *f)
{
	struct kvmstats *ks;
	const struct device *d;
	unsigned int i;

	if (!strcmp(cmd, "stats")) {
		report_stats(f, REPORT_TEXT, g->vm, g->dm, now_ns() - g->t0, 0);
	} else if (!strcmp(cmd, "devices")) {
		for (i = 0; i < g->dm->nr; i++) {
			d = &g->dm->dev[i];
			fprintf(f, "%s\n", d->cls->name);
			if (d->cls->stats)
				d->cls->stats(d->state, emit_line, f);
		}
	} else if (!strcmp(cmd, "kvm")) {
		ks = calloc(1, sizeof(*ks));
		if (ks)
			vcpus_kvmstats(g->vm, ks);
		for (i = 0; ks && i < ks->n; i++)
			fprintf(f, "%-36s %" PRIu64 "\n", ks->name[i],
				ks->value[i]);
		if (!ks || !ks->n)
			fputs("no KVM statistics on this host\n", f);
		free(ks);
	} else if (!strcmp(cmd, "phys on") || !strcmp(cmd, "phys off")) {
		g->phys = !strcmp(cmd, "phys on");
		fprintf(f, "memory by %s address\n",
			g->phys ? "guest physical" : "guest virtual");
	} else {
		if (strcmp(cmd, "help"))
			fprintf(f, "unknown command '%s'\n", cmd);
		fputs("stats      exit statistics so far, as --stats prints them\n"
		      "devices    every device's counters\n"
		      "kvm        KVM's own counters, summed over the vCPUs\n"
		      "phys on    memory commands take guest physical addresses\n"
		      "phys off   ... guest virtual ones (the default)\n"
		      "help       this list\n", f);
	}
}

/*
 * qRcmd,HEX: the command's output as 'O' packets, then OK; an output
 * longer than one packet takes several, which GDB prints as they come.
 */
static int monitor_cmd(struct gdb_server *g, const char *hex, size_t len)
{
	char cmd[256], pkt[1 + 2 * MONITOR_CHUNK];
	char *text = NULL;
	size_t size = 0, off, n;
	long got;
	FILE *f;

	got = gdb_hex_decode((uint8_t *)cmd, sizeof(cmd) - 1, hex, len);
	if (got < 0 || memchr(cmd, 0, (size_t)got))
		return send_packet(g, "E16", 3);
	cmd[got] = 0;
	f = open_memstream(&text, &size);
	if (!f)
		return send_packet(g, "E0c", 3);
	monitor(g, cmd, f);
	if (fclose(f)) {
		free(text);
		return send_packet(g, "E0c", 3);
	}
	for (off = 0; off < size; off += n) {
		n = size - off < MONITOR_CHUNK ? size - off : MONITOR_CHUNK;
		pkt[0] = 'O';
		gdb_hex_encode(pkt + 1, text + off, n);
		if (send_packet(g, pkt, 1 + 2 * n) < 0) {
			free(text);
			return -1;
		}
	}
	free(text);
	return send_packet(g, "OK", 2);
}

/* One packet from GDB, the vCPUs stopped. -1: the connection is done. */
static int packet(struct gdb_server *g)
{
	static const char rcmd_prefix[] = "qRcmd,";
	const char *data = (const char *)g->rx.data;
	size_t len = g->rx.len;
	bool was_no_ack = g->stub.no_ack;

	if (len >= sizeof(rcmd_prefix) - 1 &&
	    !memcmp(data, rcmd_prefix, sizeof(rcmd_prefix) - 1))
		return monitor_cmd(g, data + sizeof(rcmd_prefix) - 1,
			    len - (sizeof(rcmd_prefix) - 1));
	switch (gdbstub_handle(&g->stub, g->rx.data, len)) {
	case GDB_REPLY:
		/* the reply to QStartNoAckMode is still acknowledged */
		(void)was_no_ack;
		return send_packet(g, g->stub.reply, g->stub.reply_len);
	case GDB_RESUME:
		g->waiting = true;
		resume(g, false);
		return 0;
	case GDB_DETACH:
		send_packet(g, "OK", 2);
		resume(g, true);
		return -1;
	case GDB_KILL:
		vm_request_stop(g->vm, ST_GDB_KILL);
		return -1;
	}
	return 0;
}

/* Bytes from GDB: -1 once the connection is done. */
static int receive(struct gdb_server *g, bool stopped)
{
	uint8_t buf[1024];
	ssize_t n, i;

	n = read(g->conn_fd, buf, sizeof(buf));
	if (n < 0 && errno == EINTR)
		return 0;
	if (n <= 0)
		return -1;
	for (i = 0; i < n; i++) {
		switch (gdb_rx_byte(&g->rx, buf[i])) {
		case GDB_RX_PACKET:
			if (!g->stub.no_ack && send_all(g, "+", 1) < 0)
				return -1;
			if (!stopped)
				break;	/* all-stop: GDB sends none now */
			if (packet(g) < 0)
				return -1;
			/* a resume: the rest waits for the next stop */
			pthread_mutex_lock(&g->lock);
			stopped = g->stopped && !g->go;
			pthread_mutex_unlock(&g->lock);
			break;
		case GDB_RX_BAD:
		case GDB_RX_TOO_LONG:
			if (!g->stub.no_ack && send_all(g, "-", 1) < 0)
				return -1;
			break;
		case GDB_RX_NAK:
			if (g->out_len && send_all(g, g->out, g->out_len) < 0)
				return -1;
			break;
		case GDB_RX_INTERRUPT:
			if (!stopped)
				request_stop(g, 1, GDB_STOP_INTERRUPT, 0);
			break;
		default:
			break;
		}
	}
	return 0;
}

/* A stop has happened: tell GDB, if it waits for one. */
static void stopped_now(struct gdb_server *g)
{
	struct gdb_event ev;

	pthread_mutex_lock(&g->lock);
	ev = g->ev;
	pthread_mutex_unlock(&g->lock);
	if (!ev.set)
		ev = (struct gdb_event){ true, 1, GDB_STOP_INTERRUPT, 0 };
	gdbstub_stop(&g->stub, ev.tid, ev.why, ev.addr);
	if (g->conn_fd >= 0 && g->waiting) {
		g->waiting = false;
		if (send_packet(g, g->stub.reply, g->stub.reply_len) < 0)
			hang_up(g);
	}
}

static bool is_stopped(struct gdb_server *g)
{
	bool stopped;

	pthread_mutex_lock(&g->lock);
	stopped = g->stopped && !g->go;
	pthread_mutex_unlock(&g->lock);
	return stopped;
}

/*
 * A new GDB: it wants a stopped target, so a running one stops first (as
 * on Ctrl-C), before any of GDB's packets is read.
 */
static void attach(struct gdb_server *g)
{
	struct pollfd pfd = { g->wake_fd, POLLIN, 0 };
	uint64_t count;

	g->conn_fd = accept4(g->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (g->conn_fd < 0)
		return;
	gdbstub_init(&g->stub, &target_ops, g);
	gdb_rx_init(&g->rx);
	memset(&g->dbg, 0, sizeof(g->dbg));
	g->dbg.sw_break = g->caps & GDB_CAN_SW_BREAK;
	g->nr_soft = 0;
	g->out_len = 0;
	if (is_stopped(g)) {
		stopped_now(g);		/* the stop's reason, for '?' */
		return;
	}
	request_stop(g, 1, GDB_STOP_INTERRUPT, 0);
	while (!is_stopped(g) && !vm_stopping(g->vm)) {
		if (poll(&pfd, 1, -1) > 0 &&
		    read(g->wake_fd, &count, sizeof(count)) < 0)
			break;
	}
	if (is_stopped(g))
		stopped_now(g);
}

static void *gdb_thread(void *arg)
{
	struct gdb_server *g = arg;
	struct pollfd pfd[2];
	uint64_t count;
	bool stopped, closing;

	if (sandbox_enter(SANDBOX_GDB, "gdb", NULL) < 0) {
		vm_request_stop(g->vm, ST_HOST);
		return NULL;
	}
	for (;;) {
		pthread_mutex_lock(&g->lock);
		stopped = g->stopped && !g->go;
		closing = g->closing;
		pthread_mutex_unlock(&g->lock);
		if (closing)
			break;
		pfd[0] = (struct pollfd){ g->wake_fd, POLLIN, 0 };
		pfd[1] = (struct pollfd){ g->conn_fd >= 0 ? g->conn_fd :
					  g->listen_fd, POLLIN, 0 };
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			err_sys("gdb: poll");
			break;
		}
		if (pfd[0].revents & POLLIN) {
			if (read(g->wake_fd, &count, sizeof(count)) >= 0 &&
			    is_stopped(g))
				stopped_now(g);
			continue;
		}
		if (!pfd[1].revents)
			continue;
		if (g->conn_fd < 0) {
			attach(g);
		} else if (receive(g, stopped) < 0) {
			hang_up(g);
			/* GDB gone without detaching: the guest runs on */
			if (is_stopped(g) && !vm_stopping(g->vm))
				resume(g, true);
		}
	}
	/* the run ended: an attached GDB learns its status */
	if (g->conn_fd >= 0) {
		gdbstub_stop(&g->stub, 1, GDB_STOP_EXITED,
			     (uint64_t)vm_stop_status(g->vm) & 0xff);
		send_packet(g, g->stub.reply, g->stub.reply_len);
		hang_up(g);
	}
	return NULL;
}

/* Splits ADDR into a socket address; 0, or -1 with one line. */
static int parse_addr(const char *addr, struct sockaddr_storage *sa,
		      socklen_t *len)
{
	struct addrinfo hints = { .ai_family = AF_INET,
				  .ai_socktype = SOCK_STREAM };
	struct sockaddr_un *un = (struct sockaddr_un *)sa;
	char host[64], *port, *end;
	struct addrinfo *ai;
	unsigned long n;
	int err;

	memset(sa, 0, sizeof(*sa));
	if (!strncmp(addr, "unix:", 5)) {
		if (!addr[5] || strlen(addr + 5) >= sizeof(un->sun_path)) {
			err_msg("--gdb: bad Unix socket path: '%s'", addr);
			return -1;
		}
		un->sun_family = AF_UNIX;
		memcpy(un->sun_path, addr + 5, strlen(addr + 5) + 1);
		*len = sizeof(*un);
		return 0;
	}
	if (strncmp(addr, "tcp:", 4) || strlen(addr + 4) >= sizeof(host)) {
		err_msg("--gdb: not tcp:[HOST:]PORT or unix:PATH: '%s'", addr);
		return -1;
	}
	memcpy(host, addr + 4, strlen(addr + 4) + 1);	/* fits: checked */
	port = strrchr(host, ':');
	if (port)
		*port++ = 0;
	else
		port = host;
	errno = 0;
	n = strtoul(port, &end, 10);
	if (!*port || *end || errno || n > 65535) {
		err_msg("--gdb: bad port in '%s'", addr);
		return -1;
	}
	err = getaddrinfo(port == host ? GDB_DEFAULT_HOST : host, port,
			  &hints, &ai);
	if (err) {
		err_msg("--gdb: %s: %s", addr, gai_strerror(err));
		return -1;
	}
	memcpy(sa, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

int gdb_check_addr(const char *addr)
{
	struct sockaddr_storage sa;
	socklen_t len;

	return parse_addr(addr, &sa, &len) < 0 ? ST_USAGE : ST_OK;
}

/* The address as GDB's "target remote" takes it, the port bound. */
static void describe(struct gdb_server *g, const struct sockaddr_storage *sa)
{
	struct sockaddr_storage bound;
	socklen_t len = sizeof(bound);
	char host[64], port[16];

	if (sa->ss_family == AF_UNIX ||
	    getsockname(g->listen_fd, (struct sockaddr *)&bound, &len) ||
	    getnameinfo((struct sockaddr *)&bound, len, host, sizeof(host),
			port, sizeof(port), NI_NUMERICHOST | NI_NUMERICSERV)) {
		snprintf(g->addr, sizeof(g->addr), "%s",
			 ((const struct sockaddr_un *)sa)->sun_path);
		return;
	}
	snprintf(g->addr, sizeof(g->addr), "%s:%s", host, port);
}

/* What this KVM's guest debugging does, and what the stub does instead. */
static void probe(struct gdb_server *g)
{
	g->caps = arch_gdb_probe(g->vm->kvm_fd);
	if (g->caps & GDB_CAN_SW_BREAK) {
		target_ops.brk = arch_gdb_brk;
		target_ops.brk_len = arch_gdb_brk_len;
	}
	if (!(g->caps & GDB_CAN_HW_BREAK))
		err_msg("gdb: this KVM's debug registers do not work: %swrite watchpoints work by single steps (slow)",
			g->caps & GDB_CAN_SW_BREAK ? "hbreak and " :
			"breakpoints and ");
	else if (!(g->caps & GDB_CAN_SW_BREAK))
		err_msg("gdb: this KVM lets the guest take its breakpoint instruction: breakpoints take debug registers");
}

int gdb_open(struct vm *vm, const struct devmgr *dm, const char *addr,
	     bool nowait)
{
	struct gdb_server *g;
	struct sockaddr_storage sa;
	socklen_t len;
	int one = 1;

	if (parse_addr(addr, &sa, &len) < 0)
		return ST_USAGE;
	g = calloc(1, sizeof(*g));
	if (!g) {
		err_sys("calloc");
		return ST_HOST;
	}
	g->listen_fd = -1;
	g->wake_fd = -1;
	g->vm = vm;
	g->dm = dm;
	g->nowait = nowait;
	g->conn_fd = -1;
	g->t0 = now_ns();
	pthread_mutex_init(&g->lock, NULL);
	vm->gdb = g;
	g->run = calloc(vm->vcpus->nr, sizeof(*g->run));
	if (!g->run) {
		err_sys("calloc");
		return ST_HOST;
	}
	g->wake_fd = eventfd(0, EFD_CLOEXEC);
	g->listen_fd = socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (g->wake_fd < 0 || g->listen_fd < 0) {
		err_sys("gdb: socket");
		return ST_HOST;
	}
	/* a socket a run before left behind, or a port in TIME_WAIT */
	if (sa.ss_family == AF_UNIX)
		unlink(((struct sockaddr_un *)&sa)->sun_path);
	else
		setsockopt(g->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one,
			   sizeof(one));
	if (bind(g->listen_fd, (struct sockaddr *)&sa, len) < 0 ||
	    listen(g->listen_fd, 1) < 0) {
		err_msg("--gdb %s: %s", addr, strerror(errno));
		return ST_HOST;
	}
	describe(g, &sa);
	probe(g);
	gdbstub_init(&g->stub, &target_ops, g);
	return ST_OK;
}

int gdb_start(struct vm *vm)
{
	struct gdb_server *g = vm->gdb;
	int err;

	if (!g)
		return 0;
	/* without --gdb-nowait: stopped before the first instruction */
	if (!g->nowait) {
		request_stop(g, 1, GDB_STOP_TRAP, 0);
		err_msg("waiting for GDB on %s", g->addr);
	} else {
		err_msg("GDB stub on %s", g->addr);
	}
	err = pthread_create(&g->thread, NULL, gdb_thread, g);
	if (err) {
		err_msg("cannot start the GDB stub's thread: %s", strerror(err));
		return -1;
	}
	g->started = true;
	return 0;
}

void gdb_close(struct vm *vm)
{
	struct gdb_server *g = vm->gdb;
	uint64_t one = 1;

	if (!g)
		return;
	if (g->started) {
		pthread_mutex_lock(&g->lock);
		g->closing = true;
		pthread_mutex_unlock(&g->lock);
		if (write(g->wake_fd, &one, sizeof(one)) < 0)
			err_sys("gdb: eventfd");
		pthread_join(g->thread, NULL);
	}
	if (g->listen_fd >= 0)
		close(g->listen_fd);
	if (g->wake_fd >= 0)
		close(g->wake_fd);
	if (g->conn_fd >= 0)
		close(g->conn_fd);
	pthread_mutex_destroy(&g->lock);
	vm->gdb = NULL;
	free(g->run);
	free(g);
}
