// SPDX-License-Identifier: GPL-2.0
/*
 * The GDB remote serial protocol's commands (gdbstub.h), after GDB's
 * manual: "Packets", "General Query Packets", "Stop Reply Packets" and
 * "Breakpoints" ("Z" packets must be idempotent: GDB may send one twice).
 * Every argument is parsed to the packet's end: anything left over is a
 * malformed packet, so no prefix of a bad packet is acted on.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "gdbstub.h"

/* the most bytes a reply carries as hex */
#define HEX_MAX		(GDB_PACKET_MAX / 2)

static enum gdb_action reply(struct gdbstub *s, const char *text)
{
	size_t n = strlen(text);

	if (n > GDB_PACKET_MAX)
		n = GDB_PACKET_MAX;
	memcpy(s->reply, text, n);
	s->reply[n] = '\0';
	s->reply_len = n;
	return GDB_REPLY;
}

/* "E NN": NN an errno value, two hex digits, as the manual describes */
static enum gdb_action fail(struct gdbstub *s, int err)
{
	s->reply_len = (size_t)snprintf(s->reply, sizeof(s->reply), "E%02x",
					(unsigned int)err & 0xff);
	return GDB_REPLY;
}

static enum gdb_action reply_hex(struct gdbstub *s, const void *data,
				 size_t len)
{
	if (len > HEX_MAX)
		len = HEX_MAX;
	s->reply_len = gdb_hex_encode(s->reply, data, len);
	return GDB_REPLY;
}

static unsigned int threads(const struct gdbstub *s)
{
	unsigned int n = s->ops->nr_threads(s->ctx);

	return n > INT_MAX ? INT_MAX : n;
}

/* Hg or Hc's thread, "any" and "all" being the one that last stopped */
static int cur(const struct gdbstub *s, int h)
{
	return h > 0 ? h : s->stop_tid;
}

/* A hex number at *P, which END must follow; moves *P past END. */
static int hex_field(const char **p, uint64_t *v, char end)
{
	if (gdb_hex_u64(p, v) || **p != end)
		return -1;
	if (end)
		(*p)++;
	return 0;
}

/*
 * A thread id at *P: -1 (all), 0 (any) or a vCPU. No "pPID.TID": the
 * stub does not offer multiprocess+. 0, -EINVAL or -ESRCH.
 */
static int thread_id(const struct gdbstub *s, const char **p, int *tid)
{
	uint64_t v;

	if (**p == '-') {
		if ((*p)[1] != '1')
			return -EINVAL;
		*p += 2;
		*tid = -1;
		return 0;
	}
	if (gdb_hex_u64(p, &v))
		return -EINVAL;
	if (v > threads(s))
		return -ESRCH;
	*tid = (int)v;
	return 0;
}

/* "ADDR,LENGTH" then END; a range that wraps past 2^64 is refused */
static int mem_args(const char **p, uint64_t *addr, uint64_t *len, char end)
{
	if (hex_field(p, addr, ',') || hex_field(p, len, end))
		return -1;
	if (*len && *len - 1 > UINT64_MAX - *addr)
		return -1;
	return 0;
}

static bool brk_ok(const struct gdbstub *s)
{
	return s->ops->brk && s->ops->brk_len &&
	       s->ops->brk_len <= GDB_BRK_MAX;
}

/*
 * Guest memory as GDB sees it: the bytes under each breakpoint, not its
 * instruction. The bytes read (at least one), or -1. Neither range
 * wraps (mem_args, sw_insert), so an offset below ADDR comes out huge.
 */
static long mem_read(struct gdbstub *s, int tid, uint64_t addr,
		     uint8_t *buf, size_t len)
{
	long n = s->ops->read_mem(s->ctx, tid, addr, buf, len);
	unsigned int i, j;

	if (n <= 0)
		return -1;
	if ((size_t)n > len)
		n = (long)len;
	for (i = 0; i < GDB_BREAKPOINTS; i++) {
		const struct gdb_sw_break *b = &s->brk[i];

		for (j = 0; b->used && j < s->ops->brk_len; j++) {
			uint64_t off = b->addr + j - addr;

			if (off < (uint64_t)n)
				buf[off] = b->saved[j];
		}
	}
	return n;
}

/*
 * Writes DATA (changed in place), leaving breakpoint instructions where
 * they are: the bytes meant for them become the ones saved under them,
 * once the write succeeded.
 */
static int mem_write(struct gdbstub *s, int tid, uint64_t addr,
		     uint8_t *data, size_t len)
{
	uint8_t keep[GDB_BREAKPOINTS][GDB_BRK_MAX];
	unsigned int i, j;
	uint64_t off;

	/* all kept before any is patched in: breakpoints may overlap */
	for (i = 0; i < GDB_BREAKPOINTS; i++) {
		const struct gdb_sw_break *b = &s->brk[i];

		memcpy(keep[i], b->saved, sizeof(keep[i]));
		for (j = 0; b->used && j < s->ops->brk_len; j++) {
			off = b->addr + j - addr;
			if (off < len)
				keep[i][j] = data[off];
		}
	}
	for (i = 0; i < GDB_BREAKPOINTS; i++) {
		const struct gdb_sw_break *b = &s->brk[i];

		for (j = 0; b->used && j < s->ops->brk_len; j++) {
			off = b->addr + j - addr;
			if (off < len)
				data[off] = s->ops->brk[j];
		}
	}
	if (s->ops->write_mem(s->ctx, tid, addr, data, len))
		return -1;
	for (i = 0; i < GDB_BREAKPOINTS; i++)
		if (s->brk[i].used)
			memcpy(s->brk[i].saved, keep[i], sizeof(keep[i]));
	return 0;
}

static enum gdb_action sw_insert(struct gdbstub *s, uint64_t addr)
{
	unsigned int len = s->ops->brk_len;
	struct gdb_sw_break *b = NULL;
	int tid = cur(s, s->hg);
	unsigned int i;

	for (i = 0; i < GDB_BREAKPOINTS; i++) {
		if (s->brk[i].used && s->brk[i].addr == addr)
			return reply(s, "OK");	/* saved already */
		if (!s->brk[i].used && !b)
			b = &s->brk[i];
	}
	if (!b)
		return fail(s, ENOSPC);
	if (mem_read(s, tid, addr, b->saved, len) != (long)len)
		return fail(s, EFAULT);
	if (s->ops->write_mem(s->ctx, tid, addr, s->ops->brk, len)) {
		/* it may have written part: what was there, if it can */
		mem_write(s, tid, addr, b->saved, len);
		return fail(s, EFAULT);
	}
	b->addr = addr;
	b->tid = tid;
	b->used = true;
	return reply(s, "OK");
}

/* puts back the bytes under B, and those of the others it overlaps */
static int sw_remove(struct gdbstub *s, struct gdb_sw_break *b)
{
	uint8_t orig[GDB_BRK_MAX];

	memcpy(orig, b->saved, sizeof(orig));
	b->used = false;
	if (mem_write(s, b->tid, b->addr, orig, s->ops->brk_len)) {
		b->used = true;
		return -1;
	}
	return 0;
}

/* none at ADDR: already removed, which is what GDB wants */
static enum gdb_action sw_remove_at(struct gdbstub *s, uint64_t addr)
{
	unsigned int i;

	for (i = 0; i < GDB_BREAKPOINTS; i++)
		if (s->brk[i].used && s->brk[i].addr == addr &&
		    sw_remove(s, &s->brk[i]))
			return fail(s, EFAULT);
	return reply(s, "OK");
}

static void sw_remove_all(struct gdbstub *s)
{
	unsigned int i;

	for (i = 0; i < GDB_BREAKPOINTS; i++) {
		if (s->brk[i].used)
			sw_remove(s, &s->brk[i]);
		s->brk[i].used = false;	/* unmapped since: nothing to do */
	}
}

/* Z and z: "TYPE,ADDR,KIND" */
static enum gdb_action breakpoint(struct gdbstub *s, const char *p,
				  bool insert)
{
	uint64_t type, addr, kind;
	int r;

	if (hex_field(&p, &type, ',') || hex_field(&p, &addr, ',') ||
	    hex_field(&p, &kind, '\0'))
		return fail(s, EINVAL);
	if (type > 4)
		return reply(s, "");
	if (!kind || kind - 1 > UINT64_MAX - addr)
		return fail(s, EINVAL);
	if (type == 0 && brk_ok(s)) {
		if (kind != s->ops->brk_len)
			return fail(s, EINVAL);
		return insert ? sw_insert(s, addr) : sw_remove_at(s, addr);
	}
	/*
	 * Without a breakpoint instruction Z0 is the back end's too: an
	 * empty reply would make GDB write its own into memory
	 */
	if (type == 0)
		type = 1;
	if (!s->ops->hw_break)
		return reply(s, "");
	r = s->ops->hw_break(s->ctx, (int)type, addr, kind, insert);
	if (r > 0)
		return reply(s, "");
	if (r < 0)
		return fail(s, insert ? ENOSPC : EINVAL);
	return reply(s, "OK");
}

static enum gdb_action read_memory(struct gdbstub *s, const char *p)
{
	uint64_t addr, len;
	long n;

	if (mem_args(&p, &addr, &len, '\0') || !len)
		return fail(s, EINVAL);
	/* GDB takes a shorter reply, and asks again for the rest */
	if (len > HEX_MAX)
		len = HEX_MAX;
	n = mem_read(s, cur(s, s->hg), addr, s->buf, len);
	if (n < 0)
		return fail(s, EFAULT);
	return reply_hex(s, s->buf, (size_t)n);
}

/* M: "ADDR,LENGTH:HEX" */
static enum gdb_action write_memory(struct gdbstub *s, const char *p)
{
	uint64_t addr, len;

	if (mem_args(&p, &addr, &len, ':') || len > HEX_MAX ||
	    strlen(p) != 2 * len ||
	    gdb_hex_decode(s->buf, sizeof(s->buf), p, 2 * len) < 0)
		return fail(s, EINVAL);
	if (len && mem_write(s, cur(s, s->hg), addr, s->buf, len))
		return fail(s, EFAULT);
	return reply(s, "OK");
}

/* X: "ADDR,LENGTH:DATA", the data binary (GDB probes X with LENGTH 0) */
static enum gdb_action write_binary(struct gdbstub *s, const char *p,
				    size_t pkt_len)
{
	uint64_t addr, len;
	size_t off;

	if (mem_args(&p, &addr, &len, ':'))
		return fail(s, EINVAL);
	off = (size_t)(p - s->in);
	if (len != pkt_len - off)
		return fail(s, EINVAL);
	if (len && mem_write(s, cur(s, s->hg), addr, (uint8_t *)s->in + off,
			     len))
		return fail(s, EFAULT);
	return reply(s, "OK");
}

static enum gdb_action read_registers(struct gdbstub *s, const char *p)
{
	long n;

	if (*p)
		return fail(s, EINVAL);
	n = s->ops->read_regs(s->ctx, cur(s, s->hg), s->buf, HEX_MAX);
	if (n <= 0 || n > HEX_MAX)
		return fail(s, EIO);
	return reply_hex(s, s->buf, (size_t)n);
}

static enum gdb_action write_registers(struct gdbstub *s, const char *p)
{
	long n = gdb_hex_decode(s->buf, HEX_MAX, p, strlen(p));

	if (n <= 0 ||
	    s->ops->write_regs(s->ctx, cur(s, s->hg), s->buf, (size_t)n))
		return fail(s, EINVAL);
	return reply(s, "OK");
}

/* p: "REGNO" */
static enum gdb_action read_register(struct gdbstub *s, const char *p)
{
	uint64_t regno;
	long n;

	if (!s->ops->read_reg)
		return reply(s, "");
	if (hex_field(&p, &regno, '\0') || regno > UINT_MAX)
		return fail(s, EINVAL);
	n = s->ops->read_reg(s->ctx, cur(s, s->hg), (unsigned int)regno,
			     s->buf, HEX_MAX);
	if (n <= 0 || n > HEX_MAX)
		return fail(s, EINVAL);
	return reply_hex(s, s->buf, (size_t)n);
}

/* P: "REGNO=HEX" */
static enum gdb_action write_register(struct gdbstub *s, const char *p)
{
	uint64_t regno;
	long n;

	if (!s->ops->write_reg)
		return reply(s, "");
	if (hex_field(&p, &regno, '=') || regno > UINT_MAX)
		return fail(s, EINVAL);
	n = gdb_hex_decode(s->buf, HEX_MAX, p, strlen(p));
	if (n <= 0 || s->ops->write_reg(s->ctx, cur(s, s->hg),
					(unsigned int)regno, s->buf,
					(size_t)n))
		return fail(s, EINVAL);
	return reply(s, "OK");
}

/* H: "OP THREAD", OP g (registers, memory) or c (c and s) */
static enum gdb_action set_thread(struct gdbstub *s, const char *p)
{
	char op = *p++;
	int tid, err;

	if (op != 'g' && op != 'c')
		return fail(s, EINVAL);
	err = thread_id(s, &p, &tid);
	if (!err && *p)
		err = -EINVAL;
	if (err)
		return fail(s, -err);
	if (op == 'g')
		s->hg = tid;
	else
		s->hc = tid;
	return reply(s, "OK");
}

/* T: "THREAD", alive or not */
static enum gdb_action thread_alive(struct gdbstub *s, const char *p)
{
	int tid, err = thread_id(s, &p, &tid);

	if (!err && *p)
		err = -EINVAL;
	if (!err && tid <= 0)
		err = -ESRCH;	/* "any" and "all" are no thread */
	return err ? fail(s, -err) : reply(s, "OK");
}

static enum gdb_action resume(struct gdbstub *s)
{
	s->reply[0] = '\0';
	s->reply_len = 0;
	return GDB_RESUME;
}

/*
 * c and s [ADDR], on Hc's thread, as gdbserver takes them: with Hc a
 * thread, only it runs; else c runs all and s steps the thread that
 * last stopped while the others run.
 */
static enum gdb_action resume_old(struct gdbstub *s, const char *p,
				  bool step)
{
	struct gdb_resume *r = &s->resume;
	int tid = cur(s, s->hc);
	uint64_t addr;

	memset(r, 0, sizeof(*r));
	if (*p) {
		if (hex_field(&p, &addr, '\0'))
			return fail(s, EINVAL);
		r->set_pc = true;
		r->pc_tid = tid;
		r->pc = addr;
	}
	r->act[0].tid = s->hc > 0 || step ? tid : -1;
	r->act[0].step = step;
	r->n = 1;
	if (step && s->hc <= 0) {
		r->act[1].tid = -1;
		r->n = 2;
	}
	return resume(s);
}

/*
 * vCont: ";ACTION[:THREAD]" repeated, ACTION c, s, Csig or Ssig. A vCPU
 * has no signal to deliver: C and S are c and s, as in QEMU's stub.
 */
static enum gdb_action resume_vcont(struct gdbstub *s, const char *p)
{
	struct gdb_resume *r = &s->resume;
	uint64_t sig;
	int tid, err;

	memset(r, 0, sizeof(*r));
	if (!*p)
		return fail(s, EINVAL);
	while (*p) {
		char op;

		if (*p++ != ';' || r->n == GDB_RESUME_MAX)
			return fail(s, EINVAL);
		op = *p++;
		if (op == 'C' || op == 'S') {
			if (gdb_hex_u64(&p, &sig) || sig > 0xff)
				return fail(s, EINVAL);
		} else if (op != 'c' && op != 's') {
			return fail(s, EINVAL);	/* 't', 'r': not offered */
		}
		tid = -1;
		if (*p == ':') {
			p++;
			err = thread_id(s, &p, &tid);
			if (!err && !tid)
				err = -ESRCH;
			if (err)
				return fail(s, -err);
		}
		if (*p && *p != ';')
			return fail(s, EINVAL);
		r->act[r->n].tid = tid;
		r->act[r->n].step = op == 's' || op == 'S';
		r->n++;
	}
	return resume(s);
}

/* qSupported[:GDB's features]: which stop reasons GDB takes */
static enum gdb_action supported(struct gdbstub *s, const char *p)
{
	s->gdb_swbreak = false;
	s->gdb_hwbreak = false;
	if (*p == ':')
		p++;
	while (*p) {
		size_t n = strcspn(p, ";");

		if (n == 8 && !memcmp(p, "swbreak+", 8))
			s->gdb_swbreak = true;
		if (n == 8 && !memcmp(p, "hwbreak+", 8))
			s->gdb_hwbreak = true;
		p += p[n] ? n + 1 : n;
	}
	s->reply_len = (size_t)snprintf(s->reply, sizeof(s->reply),
		"PacketSize=%x%s%s%s;vContSupported+;QStartNoAckMode+",
		GDB_PACKET_MAX,
		s->ops->target_xml ? ";qXfer:features:read+" : "",
		brk_ok(s) ? ";swbreak+" : "",
		s->ops->hw_break ? ";hwbreak+" : "");
	return GDB_REPLY;
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH, in 'm' (more) or 'l' chunks */
static enum gdb_action read_features(struct gdbstub *s, const char *p)
{
	static const char annex[] = "target.xml:";
	uint64_t off, len;
	const char *doc;
	size_t size, n;

	if (!s->ops->target_xml)
		return reply(s, "");
	if (strncmp(p, annex, sizeof(annex) - 1))
		return fail(s, EINVAL);
	p += sizeof(annex) - 1;
	if (hex_field(&p, &off, ',') || hex_field(&p, &len, '\0') || !len)
		return fail(s, EINVAL);
	doc = s->ops->target_xml(s->ctx, cur(s, s->hg));
	if (!doc)
		return fail(s, EIO);
	size = strlen(doc);
	if (off > size)
		return fail(s, EINVAL);
	n = size - (size_t)off;
	if (n > len)
		n = (size_t)len;
	if (n > GDB_PACKET_MAX - 1)
		n = GDB_PACKET_MAX - 1;
	s->reply[0] = off + n < size ? 'm' : 'l';
	memcpy(s->reply + 1, doc + off, n);
	s->reply[n + 1] = '\0';
	s->reply_len = n + 1;
	return GDB_REPLY;
}

/* qfThreadInfo, qsThreadInfo: as many ids as a reply holds, then 'l' */
static enum gdb_action thread_list(struct gdbstub *s)
{
	unsigned int n = threads(s);
	size_t len = 1;
	char id[16];

	if (!s->next_tid || s->next_tid > n)
		return reply(s, "l");
	s->reply[0] = 'm';
	while (s->next_tid <= n) {
		int k = snprintf(id, sizeof(id), "%s%x", len == 1 ? "" : ",",
				 s->next_tid);
		if (len + (size_t)k > GDB_PACKET_MAX)
			break;
		memcpy(s->reply + len, id, (size_t)k);
		len += (size_t)k;
		s->next_tid++;
	}
	s->reply[len] = '\0';
	s->reply_len = len;
	return GDB_REPLY;
}

/*
 * qRcmd,HEX: "monitor CMD". GDB prints the hex of a final reply other
 * than "OK" as the output (after any 'O' packets, which this stub does
 * not send); empty output is "OK", the empty reply meaning unsupported.
 */
static enum gdb_action monitor(struct gdbstub *s, const char *hex)
{
	long n;

	if (!s->ops->monitor)
		return reply(s, "");
	n = gdb_hex_decode(s->buf, sizeof(s->buf) - 1, hex, strlen(hex));
	if (n < 0 || memchr(s->buf, '\0', (size_t)n))
		return fail(s, EINVAL);
	s->buf[n] = '\0';
	/* the packet is parsed: its buffer takes the output */
	n = s->ops->monitor(s->ctx, (const char *)s->buf, s->in, HEX_MAX);
	if (n < 0)
		return fail(s, EIO);
	if (!n)
		return reply(s, "OK");
	return reply_hex(s, s->in, (size_t)n);
}

static enum gdb_action query(struct gdbstub *s)
{
	const char *q = s->in;

	if (!strncmp(q, "qSupported", 10) && (!q[10] || q[10] == ':'))
		return supported(s, q + 10);
	if (!strncmp(q, "qXfer:features:read:", 20))
		return read_features(s, q + 20);
	if (!strcmp(q, "qfThreadInfo")) {
		s->next_tid = 1;
		return thread_list(s);
	}
	if (!strcmp(q, "qsThreadInfo"))
		return thread_list(s);
	if (!strcmp(q, "qC")) {
		s->reply_len = (size_t)snprintf(s->reply, sizeof(s->reply),
						"QC%x", (unsigned int)cur(s, s->hg));
		return GDB_REPLY;
	}
	/* attached to an existing process: detach, not kill, on quit */
	if (!strncmp(q, "qAttached", 9) && (!q[9] || q[9] == ':'))
		return reply(s, "1");
	if (!strncmp(q, "qRcmd,", 6))
		return monitor(s, q + 6);
	/* no symbols to look up */
	if (!strncmp(q, "qSymbol", 7) && (!q[7] || q[7] == ':'))
		return reply(s, "OK");
	return reply(s, "");	/* qOffsets (no relocation) and the rest */
}

/* '?' and a stop: GDB takes the stop's thread as Hg's from then on */
static enum gdb_action stop_reason(struct gdbstub *s)
{
	if (s->stop[0] == 'T')
		s->hg = s->stop_tid;
	return reply(s, s->stop);
}

enum gdb_action gdbstub_handle(struct gdbstub *s, const uint8_t *pkt,
			       size_t len)
{
	const char *p = s->in + 1;

	s->reply[0] = '\0';
	s->reply_len = 0;
	if (!len)
		return GDB_REPLY;
	if (len > GDB_PACKET_MAX)
		return fail(s, EINVAL);
	memcpy(s->in, pkt, len);
	s->in[len] = '\0';
	/* only X carries binary data: elsewhere a NUL would cut text short */
	if (s->in[0] != 'X' && memchr(s->in, '\0', len))
		return fail(s, EINVAL);

	switch (s->in[0]) {
	case '?':
		return stop_reason(s);
	case 'c':
		return resume_old(s, p, false);
	case 's':
		return resume_old(s, p, true);
	case 'D':	/* "D" or "D;PID" */
		if (*p && *p != ';')
			return fail(s, EINVAL);
		sw_remove_all(s);
		reply(s, "OK");
		return GDB_DETACH;
	case 'k':
		sw_remove_all(s);
		return GDB_KILL;
	case 'g':
		return read_registers(s, p);
	case 'G':
		return write_registers(s, p);
	case 'p':
		return read_register(s, p);
	case 'P':
		return write_register(s, p);
	case 'm':
		return read_memory(s, p);
	case 'M':
		return write_memory(s, p);
	case 'X':
		return write_binary(s, p, len);
	case 'Z':
	case 'z':
		return breakpoint(s, p, s->in[0] == 'Z');
	case 'H':
		return set_thread(s, p);
	case 'T':
		return thread_alive(s, p);
	case 'q':
		return query(s);
	case 'Q':
		if (strcmp(s->in, "QStartNoAckMode"))
			return GDB_REPLY;
		s->no_ack = true;
		return reply(s, "OK");
	case 'v':
		if (!strcmp(s->in, "vCont?"))
			return reply(s, "vCont;c;C;s;S");
		if (!strncmp(s->in, "vCont", 5) && (!s->in[5] || s->in[5] == ';'))
			return resume_vcont(s, s->in + 5);
		return GDB_REPLY;
	}
	return GDB_REPLY;	/* unknown: the empty reply */
}

enum gdb_run gdbstub_run(const struct gdbstub *s, int tid)
{
	unsigned int i;

	for (i = 0; i < s->resume.n && i < GDB_RESUME_MAX; i++)
		if (s->resume.act[i].tid == -1 || s->resume.act[i].tid == tid)
			return s->resume.act[i].step ? GDB_RUN_STEP :
						       GDB_RUN_CONT;
	return GDB_RUN_STOP;
}

size_t gdbstub_stop(struct gdbstub *s, int tid, enum gdb_stop why,
		    uint64_t addr)
{
	static const char *const watch[] = { "watch", "rwatch", "awatch" };
	const char *reason = "";

	if (tid < 1 || (unsigned int)tid > threads(s))
		tid = 1;
	s->stop_tid = tid;
	switch (why) {
	case GDB_STOP_EXITED:
		snprintf(s->stop, sizeof(s->stop), "W%02x",
			 (unsigned int)(addr & 0xff));
		break;
	case GDB_STOP_WATCH:
	case GDB_STOP_RWATCH:
	case GDB_STOP_AWATCH:
		snprintf(s->stop, sizeof(s->stop), "T05thread:%x;%s:%" PRIx64
			 ";", (unsigned int)tid, watch[why - GDB_STOP_WATCH],
			 addr);
		break;
	case GDB_STOP_INTERRUPT:	/* GDB's numbers: SIGINT 2, SIGTRAP 5 */
		snprintf(s->stop, sizeof(s->stop), "T02thread:%x;",
			 (unsigned int)tid);
		break;
	default:
		/* only to a GDB that asked: an older one misreads them */
		if (why == GDB_STOP_SWBREAK && s->gdb_swbreak && brk_ok(s))
			reason = "swbreak:;";
		if (why == GDB_STOP_HWBREAK && s->gdb_hwbreak)
			reason = "hwbreak:;";
		snprintf(s->stop, sizeof(s->stop), "T05thread:%x;%s",
			 (unsigned int)tid, reason);
		break;
	}
	stop_reason(s);
	return s->reply_len;
}

void gdbstub_init(struct gdbstub *s, const struct gdb_target_ops *ops,
		  void *ctx)
{
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->ctx = ctx;
	gdbstub_stop(s, 1, GDB_STOP_TRAP, 0);
	s->reply[0] = '\0';
	s->reply_len = 0;
}
