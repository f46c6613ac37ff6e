// SPDX-License-Identifier: GPL-2.0
/*
 * The GDB remote protocol's commands (src/gdbstub.c) against a fake
 * target: three vCPUs with four 8-byte registers each, memory at
 * 0x1000-0x3fff with a hole at 0x2000-0x2fff, two hardware breakpoint
 * slots and a monitor that echoes. Each packet's reply is checked as
 * GDB reads it, then a table of hostile packets, each of which must be
 * refused without touching the guest.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "compiler.h"
#include "gdbstub.h"

#define NTHREADS	3
#define NREGS		4
#define REGS_SIZE	(NREGS * 8)
#define MEM_BASE	0x1000
#define MEM_SIZE	0x3000
#define HOLE		0x2000	/* to 0x2fff */
#define HW_SLOTS	2

static struct fake {
	unsigned int nr;
	uint8_t regs[NTHREADS + 1][REGS_SIZE];
	uint8_t mem[MEM_SIZE];
	int reg_tid, mem_tid;	/* the thread of the last access */
	int hw_used, hw_type;
	uint64_t hw_addr, hw_kind;
	const char *xml;
} fk;

static struct gdbstub stub;
static uint8_t mem0[MEM_SIZE];	/* the memory as set up */

static unsigned int fk_nr_threads(void *ctx)
{
	return ((struct fake *)ctx)->nr;
}

static const char *fk_target_xml(void *ctx, int tid)
{
	(void)tid;
	return ((struct fake *)ctx)->xml;
}

static bool fk_tid_ok(const struct fake *f, int tid)
{
	return tid >= 1 && tid <= NTHREADS && (unsigned int)tid <= f->nr;
}

static long fk_read_regs(void *ctx, int tid, uint8_t *buf, size_t size)
{
	struct fake *f = ctx;

	if (!fk_tid_ok(f, tid) || size < REGS_SIZE)
		return -1;
	f->reg_tid = tid;
	memcpy(buf, f->regs[tid], REGS_SIZE);
	return REGS_SIZE;
}

static int fk_write_regs(void *ctx, int tid, const uint8_t *buf, size_t len)
{
	struct fake *f = ctx;

	if (!fk_tid_ok(f, tid) || len != REGS_SIZE)
		return -1;
	f->reg_tid = tid;
	memcpy(f->regs[tid], buf, len);
	return 0;
}

static long fk_read_reg(void *ctx, int tid, unsigned int regno,
			uint8_t *buf, size_t size)
{
	struct fake *f = ctx;

	if (!fk_tid_ok(f, tid) || regno >= NREGS || size < 8)
		return -1;
	f->reg_tid = tid;
	memcpy(buf, f->regs[tid] + 8 * regno, 8);
	return 8;
}

static int fk_write_reg(void *ctx, int tid, unsigned int regno,
			const uint8_t *buf, size_t len)
{
	struct fake *f = ctx;

	if (!fk_tid_ok(f, tid) || regno >= NREGS || len != 8)
		return -1;
	f->reg_tid = tid;
	memcpy(f->regs[tid] + 8 * regno, buf, 8);
	return 0;
}

/* the mapped bytes from ADDR on, up to the hole or the end */
static size_t fk_mapped(uint64_t addr)
{
	if (addr < MEM_BASE || addr >= MEM_BASE + MEM_SIZE)
		return 0;
	if (addr < HOLE)
		return HOLE - addr;
	if (addr < HOLE + 0x1000)
		return 0;
	return MEM_BASE + MEM_SIZE - addr;
}

static long fk_read_mem(void *ctx, int tid, uint64_t addr, uint8_t *buf,
			size_t len)
{
	struct fake *f = ctx;
	size_t n = fk_mapped(addr);

	if (!n)
		return -1;
	f->mem_tid = tid;
	if (n > len)
		n = len;
	memcpy(buf, f->mem + (addr - MEM_BASE), n);
	return (long)n;
}

static int fk_write_mem(void *ctx, int tid, uint64_t addr,
			const uint8_t *buf, size_t len)
{
	struct fake *f = ctx;

	if (fk_mapped(addr) < len)
		return -1;
	f->mem_tid = tid;
	memcpy(f->mem + (addr - MEM_BASE), buf, len);
	return 0;
}

/* read watchpoints (3) unsupported, like a CPU without them */
static int fk_hw_break(void *ctx, int type, uint64_t addr, uint64_t kind,
		       bool insert)
{
	struct fake *f = ctx;

	if (type == 3)
		return 1;
	if (insert ? f->hw_used == HW_SLOTS : !f->hw_used)
		return -1;
	f->hw_used += insert ? 1 : -1;
	f->hw_type = type;
	f->hw_addr = addr;
	f->hw_kind = kind;
	return 0;
}

static long fk_monitor(void *ctx, const char *cmd, char *out, size_t size)
{
	(void)ctx;
	if (!strcmp(cmd, "quiet"))
		return 0;
	if (!strcmp(cmd, "fail"))
		return -1;
	if (!strcmp(cmd, "big")) {	/* says it wrote more than it could */
		memset(out, 'x', size);
		return (long)size + 100;
	}
	return snprintf(out, size, "%s\n", cmd);
}

static const uint8_t int3[] = { 0xcc };
static const uint8_t brk0[] = { 0x00, 0x00, 0x20, 0xd4 };	/* arm64 */

static const struct gdb_target_ops fk_ops = {
	.nr_threads = fk_nr_threads,
	.target_xml = fk_target_xml,
	.read_regs = fk_read_regs,
	.write_regs = fk_write_regs,
	.read_reg = fk_read_reg,
	.write_reg = fk_write_reg,
	.read_mem = fk_read_mem,
	.write_mem = fk_write_mem,
	.hw_break = fk_hw_break,
	.monitor = fk_monitor,
	.brk = int3,
	.brk_len = sizeof(int3),
};

/* a target without the optional operations */
static const struct gdb_target_ops fk_ops_min = {
	.nr_threads = fk_nr_threads,
	.read_regs = fk_read_regs,
	.write_regs = fk_write_regs,
	.read_mem = fk_read_mem,
	.write_mem = fk_write_mem,
};

static const struct gdb_target_ops fk_ops_arm64 = {
	.nr_threads = fk_nr_threads,
	.read_regs = fk_read_regs,
	.write_regs = fk_write_regs,
	.read_mem = fk_read_mem,
	.write_mem = fk_write_mem,
	.brk = brk0,
	.brk_len = sizeof(brk0),
};

/* a KVM that does not intercept the breakpoint instruction */
static const struct gdb_target_ops fk_ops_nobrk = {
	.nr_threads = fk_nr_threads,
	.read_regs = fk_read_regs,
	.write_regs = fk_write_regs,
	.read_mem = fk_read_mem,
	.write_mem = fk_write_mem,
	.hw_break = fk_hw_break,
};

static int setup(void **state)
{
	int t, i;

	(void)state;
	memset(&fk, 0, sizeof(fk));
	fk.nr = NTHREADS;
	for (t = 1; t <= NTHREADS; t++)
		for (i = 0; i < REGS_SIZE; i++)
			fk.regs[t][i] = (uint8_t)(t << 4 | i);
	for (i = 0; i < MEM_SIZE; i++)
		fk.mem[i] = (uint8_t)(i * 7 + 1);
	memcpy(mem0, fk.mem, sizeof(mem0));
	fk.xml = "<target/>";
	gdbstub_init(&stub, &fk_ops, &fk);
	return 0;
}

static enum gdb_action send_len(const char *pkt, size_t len)
{
	enum gdb_action act = gdbstub_handle(&stub, (const uint8_t *)pkt, len);

	assert_true(stub.reply_len <= GDB_PACKET_MAX);
	assert_int_equal(stub.reply[stub.reply_len], '\0');
	return act;
}

static enum gdb_action send(const char *pkt)
{
	return send_len(pkt, strlen(pkt));
}

/* PKT gets the reply WANT, the guest staying stopped */
#define ASK(pkt, want) do {						\
	assert_int_equal(send(pkt), GDB_REPLY);				\
	assert_string_equal(stub.reply, want);				\
	assert_int_equal(stub.reply_len, strlen(want));			\
} while (0)

static const char *hex(const void *data, size_t len)
{
	static char out[2 * GDB_PACKET_MAX + 1];

	gdb_hex_encode(out, data, len);
	return out;
}

static uint8_t *at(uint64_t addr)
{
	return fk.mem + (addr - MEM_BASE);
}

static void test_queries(void **state)
{
	(void)state;
	/* as GDB 13 asks */
	ASK("qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;"
	    "fork-events+;vfork-events+;exec-events+;vContSupported+;"
	    "QThreadEvents+;no-resumed+;xmlRegisters=i386",
	    "PacketSize=1000;qXfer:features:read+;swbreak+;hwbreak+;"
	    "vContSupported+;QStartNoAckMode+");
	ASK("qSupported", "PacketSize=1000;qXfer:features:read+;swbreak+;"
	    "hwbreak+;vContSupported+;QStartNoAckMode+");
	ASK("qAttached", "1");
	ASK("qAttached:1", "1");
	ASK("qOffsets", "");
	ASK("qSymbol::", "OK");
	ASK("qTStatus", "");
	ASK("vMustReplyEmpty", "");
	ASK("?", "T05thread:1;");
	assert_false(stub.no_ack);
	ASK("QStartNoAckMode", "OK");
	assert_true(stub.no_ack);

	/* without the optional operations, none of what needs them */
	gdbstub_init(&stub, &fk_ops_min, &fk);
	ASK("qSupported", "PacketSize=1000;vContSupported+;"
	    "QStartNoAckMode+");
	ASK("qXfer:features:read:target.xml:0,fff", "");
	ASK("p1", "");
	ASK("P1=0000000000000000", "");
	ASK("Z0,1000,1", "");
	ASK("Z1,1000,1", "");
	ASK("qRcmd,68656c70", "");
}

static void test_threads(void **state)
{
	(void)state;
	ASK("qfThreadInfo", "m1,2,3");
	ASK("qsThreadInfo", "l");
	ASK("qsThreadInfo", "l");
	ASK("qC", "QC1");
	ASK("T1", "OK");
	ASK("T3", "OK");
	ASK("Hg2", "OK");
	ASK("qC", "QC2");
	ASK("g", hex(fk.regs[2], REGS_SIZE));
	assert_int_equal(fk.reg_tid, 2);
	ASK("m1000,1", hex(at(0x1000), 1));
	assert_int_equal(fk.mem_tid, 2);
	/* any and all: the thread that last stopped */
	ASK("Hg0", "OK");
	ASK("qC", "QC1");
	ASK("Hg-1", "OK");
	ASK("g", hex(fk.regs[1], REGS_SIZE));
	ASK("Hc3", "OK");
	ASK("Hc-1", "OK");
	ASK("Hc0", "OK");
}

/* more vCPUs than one reply lists: qsThreadInfo goes on where it left */
static void test_thread_pages(void **state)
{
	unsigned int next = 1, replies = 0;
	const char *p;
	uint64_t id;

	(void)state;
	fk.nr = 3000;
	assert_int_equal(send("qfThreadInfo"), GDB_REPLY);
	while (stub.reply[0] == 'm') {
		replies++;
		p = stub.reply + 1;
		for (;;) {
			assert_int_equal(gdb_hex_u64(&p, &id), 0);
			assert_true(id == next);
			next++;
			if (!*p)
				break;
			assert_int_equal(*p++, ',');
		}
		assert_int_equal(send("qsThreadInfo"), GDB_REPLY);
	}
	assert_string_equal(stub.reply, "l");
	assert_int_equal(next, 3001);
	assert_true(replies > 1);
}

static void test_registers(void **state)
{
	uint8_t regs[REGS_SIZE];
	char pkt[8 + 2 * REGS_SIZE];
	int i;

	(void)state;
	ASK("g", hex(fk.regs[1], REGS_SIZE));
	for (i = 0; i < REGS_SIZE; i++)
		regs[i] = (uint8_t)(0xa0 + i);
	pkt[0] = 'G';
	gdb_hex_encode(pkt + 1, regs, REGS_SIZE);
	ASK(pkt, "OK");
	assert_memory_equal(fk.regs[1], regs, REGS_SIZE);
	ASK("p2", hex(fk.regs[1] + 16, 8));
	ASK("P3=1122334455667788", "OK");
	assert_memory_equal(fk.regs[1] + 24, "\x11\x22\x33\x44\x55\x66\x77\x88",
			    8);
	ASK("Hg3", "OK");
	ASK("g", hex(fk.regs[3], REGS_SIZE));
	ASK("P0=ffffffffffffffff", "OK");
	assert_int_equal(fk.regs[3][0], 0xff);
	assert_int_equal(fk.regs[1][0], 0xa0);
}

static void test_memory(void **state)
{
	char pkt[64];

	(void)state;
	ASK("m1000,4", hex(at(0x1000), 4));
	ASK("m1ffe,4", hex(at(0x1ffe), 2));	/* up to the hole */
	ASK("m3ffc,8", hex(at(0x3ffc), 4));	/* up to the end */
	ASK("mffffffffffffffff,1", "E0e");
	/* a huge length: as much as a reply holds */
	assert_int_equal(send("m1000,ffffffff"), GDB_REPLY);
	assert_int_equal(stub.reply_len, GDB_PACKET_MAX);
	assert_string_equal(stub.reply, hex(at(0x1000), GDB_PACKET_MAX / 2));

	ASK("M1000,2:abCD", "OK");
	assert_memory_equal(at(0x1000), "\xab\xcd", 2);
	ASK("M1000,0:", "OK");
	/* X: binary, '#', '$', '}' and '*' as gdbpkt leaves them */
	memcpy(pkt, "X1001,5:\0#}*\n", 13);
	assert_int_equal(send_len(pkt, 13), GDB_REPLY);
	assert_string_equal(stub.reply, "OK");
	assert_memory_equal(at(0x1001), "\0#}*\n", 5);
	ASK("X1000,0:", "OK");		/* GDB's probe */
	ASK("Xffffffffffffffff,0:", "OK");
	ASK("Hg2", "OK");
	ASK("M3000,1:5a", "OK");
	assert_int_equal(fk.mem_tid, 2);
	assert_int_equal(*at(0x3000), 0x5a);
}

static void test_sw_breakpoints(void **state)
{
	char pkt[32];
	int i;

	(void)state;
	ASK("Z0,1000,1", "OK");
	assert_int_equal(*at(0x1000), 0xcc);
	ASK("m1000,2", hex(mem0, 2));	/* GDB sees what was there */
	/* again: still the first one's bytes, not 0xcc */
	ASK("Z0,1000,1", "OK");
	ASK("z0,1000,1", "OK");
	assert_memory_equal(fk.mem, mem0, MEM_SIZE);
	ASK("z0,1000,1", "OK");		/* gone already: fine */

	/* a write over a breakpoint keeps it, and changes what it hides */
	ASK("Z0,1010,1", "OK");
	ASK("M100f,3:aabbdd", "OK");
	assert_memory_equal(at(0x100f), "\xaa\xcc\xdd", 3);
	ASK("m100f,3", "aabbdd");
	memcpy(pkt, "X1010,1:\x11", 9);
	assert_int_equal(send_len(pkt, 9), GDB_REPLY);
	assert_int_equal(*at(0x1010), 0xcc);
	ASK("m1010,1", "11");
	ASK("z0,1010,1", "OK");
	assert_memory_equal(at(0x100f), "\xaa\x11\xdd", 3);

	/* the table full: refused, though a duplicate is still fine */
	memcpy(mem0, fk.mem, MEM_SIZE);
	for (i = 0; i < GDB_BREAKPOINTS; i++) {
		snprintf(pkt, sizeof(pkt), "Z0,%x,1", 0x3000 + 3 * i);
		ASK(pkt, "OK");
		assert_int_equal(*at(0x3000 + 3 * i), 0xcc);
	}
	ASK("Z0,1000,1", "E1c");
	ASK("Z0,3000,1", "OK");
	ASK("Z0,2000,1", "E1c");
	ASK("z0,3003,1", "OK");
	ASK("Z0,2000,1", "E0e");	/* the hole */
	ASK("Z0,1fff,1", "OK");

	/* detach puts every byte back */
	assert_int_equal(send("D"), GDB_DETACH);
	assert_string_equal(stub.reply, "OK");
	assert_memory_equal(fk.mem, mem0, MEM_SIZE);

	/* and so does kill, which has no reply */
	gdbstub_init(&stub, &fk_ops, &fk);
	ASK("Z0,1000,1", "OK");
	ASK("Z0,3fff,1", "OK");
	assert_int_equal(send("k"), GDB_KILL);
	assert_int_equal(stub.reply_len, 0);
	assert_memory_equal(fk.mem, mem0, MEM_SIZE);

	gdbstub_init(&stub, &fk_ops, &fk);
	ASK("Z0,1000,1", "OK");
	assert_int_equal(send("D;1"), GDB_DETACH);
	assert_memory_equal(fk.mem, mem0, MEM_SIZE);
}

/* arm64's 4-byte brk, two breakpoints overlapping, removed either way */
static void test_overlapping_breakpoints(void **state)
{
	static const char *const order[2][2] = {
		{ "z0,1000,4", "z0,1002,4" }, { "z0,1002,4", "z0,1000,4" },
	};
	int i;

	(void)state;
	gdbstub_init(&stub, &fk_ops_arm64, &fk);
	ASK("qSupported", "PacketSize=1000;swbreak+;vContSupported+;"
	    "QStartNoAckMode+");
	ASK("Z0,1000,1", "E16");	/* kind: the instruction's size */
	for (i = 0; i < 2; i++) {
		ASK("Z0,1000,4", "OK");
		ASK("Z0,1002,4", "OK");
		assert_memory_equal(at(0x1000), "\x00\x00\x00\x00\x20\xd4", 6);
		ASK("m1000,8", hex(mem0, 8));
		ASK(order[i][0], "OK");
		ASK("m1000,8", hex(mem0, 8));
		ASK(order[i][1], "OK");
		assert_memory_equal(fk.mem, mem0, MEM_SIZE);
	}
	/* a write across both: each keeps what GDB wrote under it */
	ASK("Z0,1000,4", "OK");
	ASK("Z0,1002,4", "OK");
	ASK("M1001,4:aabbccdd", "OK");
	assert_memory_equal(fk.mem, "\x00\x00\x00\x00\x20\xd4", 6);
	ASK("m1000,6", "01aabbccdd24");
	ASK("z0,1000,4", "OK");
	ASK("m1000,6", "01aabbccdd24");
	ASK("z0,1002,4", "OK");
	assert_memory_equal(fk.mem, "\x01\xaa\xbb\xcc\xdd\x24", 6);
	memcpy(fk.mem, mem0, 5);
	ASK("Z0,1ffe,4", "E0e");	/* runs into the hole */
	assert_memory_equal(fk.mem, mem0, MEM_SIZE);
}

static void test_hw_breakpoints(void **state)
{
	(void)state;
	ASK("Z1,1000,1", "OK");
	assert_int_equal(fk.hw_type, 1);
	assert_true(fk.hw_addr == 0x1000 && fk.hw_kind == 1);
	ASK("Z2,2000,8", "OK");
	assert_true(fk.hw_addr == 0x2000 && fk.hw_kind == 8);
	ASK("Z4,3000,4", "E1c");	/* no slot left */
	ASK("Z3,3000,4", "");		/* no read watchpoints */
	ASK("z2,2000,8", "OK");
	ASK("Z4,3000,4", "OK");
	assert_int_equal(fk.hw_type, 4);
	ASK("z4,3000,4", "OK");
	ASK("z1,1000,1", "OK");
	ASK("z1,1000,1", "E16");
	ASK("Z5,1000,1", "");
	assert_memory_equal(fk.mem, mem0, MEM_SIZE);
}

/* no breakpoint instruction: Z0 goes to hw_break, memory stays */
static void test_breakpoints_without_brk(void **state)
{
	(void)state;
	gdbstub_init(&stub, &fk_ops_nobrk, &fk);
	assert_int_equal(send("qSupported:swbreak+;hwbreak+"), GDB_REPLY);
	assert_null(strstr(stub.reply, "swbreak+"));
	ASK("Z0,1002,1", "OK");
	assert_int_equal(fk.hw_type, 1);
	assert_true(fk.hw_addr == 0x1002 && fk.hw_kind == 1);
	assert_int_equal(fk.hw_used, 1);
	assert_memory_equal(fk.mem, mem0, MEM_SIZE);
	ASK("m1002,1", "0f");
	ASK("z0,1002,1", "OK");
	assert_int_equal(fk.hw_used, 0);
	/* never a swbreak reason GDB would take as a breakpoint it wrote */
	gdbstub_stop(&stub, 1, GDB_STOP_SWBREAK, 0);
	assert_string_equal(stub.reply, "T05thread:1;");
}

static void test_resume(void **state)
{
	(void)state;
	assert_int_equal(send("c"), GDB_RESUME);
	assert_int_equal(stub.reply_len, 0);
	assert_false(stub.resume.set_pc);
	assert_int_equal(gdbstub_run(&stub, 1), GDB_RUN_CONT);
	assert_int_equal(gdbstub_run(&stub, 3), GDB_RUN_CONT);

	/* s: the thread that stopped steps, the others run */
	assert_int_equal(send("s"), GDB_RESUME);
	assert_int_equal(gdbstub_run(&stub, 1), GDB_RUN_STEP);
	assert_int_equal(gdbstub_run(&stub, 2), GDB_RUN_CONT);
	gdbstub_stop(&stub, 2, GDB_STOP_TRAP, 0);
	assert_int_equal(send("s"), GDB_RESUME);
	assert_int_equal(gdbstub_run(&stub, 2), GDB_RUN_STEP);
	assert_int_equal(gdbstub_run(&stub, 1), GDB_RUN_CONT);

	/* Hc names the one thread that runs */
	ASK("Hc3", "OK");
	assert_int_equal(send("s"), GDB_RESUME);
	assert_int_equal(gdbstub_run(&stub, 3), GDB_RUN_STEP);
	assert_int_equal(gdbstub_run(&stub, 1), GDB_RUN_STOP);
	assert_int_equal(send("c1234"), GDB_RESUME);
	assert_int_equal(gdbstub_run(&stub, 3), GDB_RUN_CONT);
	assert_int_equal(gdbstub_run(&stub, 2), GDB_RUN_STOP);
	assert_true(stub.resume.set_pc);
	assert_int_equal(stub.resume.pc_tid, 3);
	assert_true(stub.resume.pc == 0x1234);
	ASK("Hc-1", "OK");
	assert_int_equal(send("c"), GDB_RESUME);
	assert_int_equal(gdbstub_run(&stub, 2), GDB_RUN_CONT);

	ASK("vCont?", "vCont;c;C;s;S");
	assert_int_equal(send("vCont;s:2;c"), GDB_RESUME);
	assert_int_equal(stub.reply_len, 0);
	assert_int_equal(gdbstub_run(&stub, 1), GDB_RUN_CONT);
	assert_int_equal(gdbstub_run(&stub, 2), GDB_RUN_STEP);
	assert_int_equal(gdbstub_run(&stub, 3), GDB_RUN_CONT);
	/* scheduler locking: the others stay stopped */
	assert_int_equal(send("vCont;c:3"), GDB_RESUME);
	assert_int_equal(gdbstub_run(&stub, 3), GDB_RUN_CONT);
	assert_int_equal(gdbstub_run(&stub, 1), GDB_RUN_STOP);
	assert_int_equal(gdbstub_run(&stub, 2), GDB_RUN_STOP);
	/* signals dropped; the first action naming a thread counts */
	assert_int_equal(send("vCont;S05:1;C0b;s:2"), GDB_RESUME);
	assert_int_equal(gdbstub_run(&stub, 1), GDB_RUN_STEP);
	assert_int_equal(gdbstub_run(&stub, 2), GDB_RUN_CONT);
	assert_int_equal(send("vCont;s:1;s:2"), GDB_RESUME);
	assert_int_equal(gdbstub_run(&stub, 2), GDB_RUN_STEP);
	assert_int_equal(gdbstub_run(&stub, 3), GDB_RUN_STOP);
	assert_int_equal(send("vCont;c:-1"), GDB_RESUME);
	assert_int_equal(gdbstub_run(&stub, 3), GDB_RUN_CONT);
}

static void test_stop_replies(void **state)
{
	(void)state;
	/* a GDB that did not ask for swbreak gets a plain T05 */
	assert_int_equal(gdbstub_stop(&stub, 2, GDB_STOP_SWBREAK, 0), 12);
	assert_string_equal(stub.reply, "T05thread:2;");

	assert_int_equal(send("qSupported:swbreak+;hwbreak+"), GDB_REPLY);
	gdbstub_stop(&stub, 2, GDB_STOP_SWBREAK, 0x1000);
	assert_string_equal(stub.reply, "T05thread:2;swbreak:;");
	assert_int_equal(stub.reply_len, strlen("T05thread:2;swbreak:;"));
	ASK("?", "T05thread:2;swbreak:;");
	/* the stop's thread is g's now, as GDB assumes */
	ASK("g", hex(fk.regs[2], REGS_SIZE));
	ASK("qC", "QC2");

	gdbstub_stop(&stub, 3, GDB_STOP_HWBREAK, 0);
	assert_string_equal(stub.reply, "T05thread:3;hwbreak:;");
	ASK("qC", "QC3");
	gdbstub_stop(&stub, 1, GDB_STOP_WATCH, 0x1000);
	assert_string_equal(stub.reply, "T05thread:1;watch:1000;");
	gdbstub_stop(&stub, 1, GDB_STOP_RWATCH, 0x2a);
	assert_string_equal(stub.reply, "T05thread:1;rwatch:2a;");
	gdbstub_stop(&stub, 3, GDB_STOP_AWATCH, UINT64_MAX);
	assert_string_equal(stub.reply,
			    "T05thread:3;awatch:ffffffffffffffff;");
	gdbstub_stop(&stub, 2, GDB_STOP_INTERRUPT, 0);
	assert_string_equal(stub.reply, "T02thread:2;");
	gdbstub_stop(&stub, 1, GDB_STOP_TRAP, 0);
	assert_string_equal(stub.reply, "T05thread:1;");
	/* a thread the target does not have: thread 1 */
	gdbstub_stop(&stub, 9, GDB_STOP_TRAP, 0);
	assert_string_equal(stub.reply, "T05thread:1;");
	gdbstub_stop(&stub, -1, GDB_STOP_INTERRUPT, 0);
	assert_string_equal(stub.reply, "T02thread:1;");
	assert_int_equal(gdbstub_stop(&stub, 2, GDB_STOP_EXITED, 0x103), 3);
	assert_string_equal(stub.reply, "W03");
	ASK("?", "W03");
}

static void test_target_xml(void **state)
{
	static char doc[5001];
	char want[GDB_PACKET_MAX + 1];
	int i;

	(void)state;
	ASK("qXfer:features:read:target.xml:0,fff", "l<target/>");
	ASK("qXfer:features:read:target.xml:3,4", "mrget");
	ASK("qXfer:features:read:target.xml:3,6", "lrget/>");
	ASK("qXfer:features:read:target.xml:9,1", "l");
	ASK("qXfer:features:read:target.xml:a,1", "E16");

	for (i = 0; i < 5000; i++)
		doc[i] = (char)('a' + i % 26);
	fk.xml = doc;
	snprintf(want, sizeof(want), "m%.16s", doc);
	ASK("qXfer:features:read:target.xml:0,10", want);
	/* what a reply holds, 4095 bytes after the 'm' */
	snprintf(want, sizeof(want), "m%.4095s", doc);
	ASK("qXfer:features:read:target.xml:0,ffff", want);
	snprintf(want, sizeof(want), "l%s", doc + 4095);
	ASK("qXfer:features:read:target.xml:fff,ffff", want);
	ASK("qXfer:features:read:target.xml:1380,7", "mabcdefg");
	ASK("qXfer:features:read:target.xml:1380,8", "labcdefgh");
	ASK("qXfer:features:read:target.xml:1388,ffff", "l");
	fk.xml = NULL;
	ASK("qXfer:features:read:target.xml:0,10", "E05");
}

static void test_monitor(void **state)
{
	(void)state;
	ASK("qRcmd,68656c70", "68656c700a");	/* "help" echoed */
	ASK("qRcmd,", "0a");			/* "monitor" alone */
	ASK("qRcmd,7175696574", "OK");		/* no output */
	ASK("qRcmd,6661696c", "E05");		/* an error */
	assert_int_equal(send("qRcmd,626967"), GDB_REPLY);
	assert_int_equal(stub.reply_len, GDB_PACKET_MAX);
	assert_int_equal(strspn(stub.reply, "78"), GDB_PACKET_MAX);
}

struct hostile {
	const char *pkt;
	size_t len;
	const char *want;
};

#define H(pkt, want)	{ pkt, sizeof(pkt) - 1, want }

static const struct hostile hostile[] = {
	H("", ""),
	/* m */
	H("m", "E16"), H("m1000", "E16"), H("m1000,", "E16"),
	H("m,4", "E16"), H("mzz,4", "E16"), H("m1000,4x", "E16"),
	H("m1000,4,", "E16"), H("m1000,0", "E16"), H("m 1000,4", "E16"),
	H("m1000,-4", "E16"),
	H("mffffffffffffffff,2", "E16"),	/* wraps */
	H("m2,ffffffffffffffff", "E16"),
	H("m1,ffffffffffffffff", "E0e"),	/* ends at 2^64 - 1 */
	H("m10000000000000000,1", "E16"),	/* 17 digits */
	H("m1000,10000000000000000", "E16"),
	H("m2000,4", "E0e"), H("m0,1", "E0e"),
	/* M and X */
	H("M1000,2:abc", "E16"), H("M1000,2:abcdef", "E16"),
	H("M1000,2:zzzz", "E16"), H("M1000,2", "E16"), H("M1000:00", "E16"),
	H("Mffffffffffffffff,2:0000", "E16"),
	H("M1000,ffffffffffffffff:00", "E16"),
	H("M2000,1:00", "E0e"), H("M1ffe,4:00000000", "E0e"),
	H("X1000,2:a", "E16"), H("X1000,1:ab", "E16"), H("X1000,1", "E16"),
	H("X1000\0,1:a", "E16"), H("X\0", "E16"), H("X", "E16"),
	H("Xffffffffffffffff,2:ab", "E16"),
	H("X2000,1:a", "E0e"), H("X1fff,2:ab", "E0e"),
	/* registers */
	H("g1", "E16"), H("G", "E16"), H("G0", "E16"), H("Gzz", "E16"),
	H("G0011", "E16"),
	H("p", "E16"), H("pzz", "E16"), H("p100000000", "E16"),
	H("p4", "E16"), H("p1=", "E16"), H("p1 ", "E16"), H("p-1", "E16"),
	H("P", "E16"), H("P1", "E16"), H("P1=", "E16"), H("P1=zz", "E16"),
	H("P1=0", "E16"), H("P1=00", "E16"),
	H("P9=0000000000000000", "E16"),
	H("P100000000=0000000000000000", "E16"),
	/* breakpoints */
	H("Z", "E16"), H("Z0", "E16"), H("Z0,", "E16"), H("Z0,1000", "E16"),
	H("Z0,1000,", "E16"), H("Z0,1000,1,", "E16"),
	H("Z0,1000,1;X1,0", "E16"), H("Zx,1000,1", "E16"),
	H("Z,1000,1", "E16"), H("Z0,1000,2", "E16"), H("Z0,1000,0", "E16"),
	H("Z0,ffffffffffffffff,1", "E0e"), H("Z0,2000,1", "E0e"),
	H("Z2,ffffffffffffffff,2", "E16"), H("Z2,1000,0", "E16"),
	H("Z10000000000000000,1000,1", "E16"),
	H("Z5,1000,1", ""), H("z0,1000,1", "OK"),
	/* threads */
	H("H", "E16"), H("Hg", "E16"), H("Hgzz", "E16"), H("Hg4", "E03"),
	H("Hgp1.1", "E16"), H("Hx1", "E16"), H("Hg-2", "E16"),
	H("Hg1x", "E16"), H("Hg-1x", "E16"), H("Hc4", "E03"),
	H("Hgffffffffffffffff", "E03"), H("Hg10000000000000000", "E16"),
	H("T", "E16"), H("T4", "E03"), H("T0", "E03"), H("T-1", "E03"),
	H("Tzz", "E16"), H("T1,", "E16"),
	/* resuming */
	H("vCont", "E16"), H("vCont;", "E16"), H("vCont;c:", "E16"),
	H("vCont;c:zz", "E16"), H("vCont;c:4", "E03"), H("vCont;c:0", "E03"),
	H("vCont;t", "E16"), H("vCont;r1000,2000", "E16"),
	H("vCont;C", "E16"), H("vCont;C100", "E16"), H("vCont;cc", "E16"),
	H("vCont;c;", "E16"), H("vCont;c:1:2", "E16"),
	H("vCont;c;c;c;c;c;c;c;c;c;c;c;c;c;c;c;c;c", "E16"),	/* 17 */
	H("czz", "E16"), H("c ", "E16"), H("s1000x", "E16"),
	H("c10000000000000000", "E16"),
	/* queries */
	H("qXfer:features:read:target.xml:", "E16"),
	H("qXfer:features:read:target.xml:0", "E16"),
	H("qXfer:features:read:target.xml:0,", "E16"),
	H("qXfer:features:read:target.xml:0,0", "E16"),
	H("qXfer:features:read:target.xml:,10", "E16"),
	H("qXfer:features:read:target.xml:0,10,", "E16"),
	H("qXfer:features:read:foo.xml:0,10", "E16"),
	H("qXfer:features:read:target.xmlx:0,1", "E16"),
	H("qXfer:features:read:", "E16"),
	H("qXfer:features:read:target.xml:ffffffffffffffff,10", "E16"),
	H("qRcmd,zz", "E16"), H("qRcmd,abc", "E16"), H("qRcmd,00", "E16"),
	H("qRcmd,6600", "E16"),
	/* NUL inside a text packet */
	H("g\0", "E16"), H("qC\0x", "E16"), H("m1000,1\0", "E16"),
	H("D1", "E16"),
	/* unknown: the empty reply */
	H("QFoo", ""), H("qSupportedX", ""), H("vContX", ""), H("!", ""),
	H("vKill;1", ""), H("qAttachedX", ""), H("\xff", ""),
};

static void test_hostile(void **state)
{
	static char big[GDB_PACKET_MAX + 1];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(hostile); i++) {
		const struct hostile *h = &hostile[i];
		enum gdb_action act = send_len(h->pkt, h->len);

		if (act != GDB_REPLY || strcmp(stub.reply, h->want))
			print_message("hostile[%zu]: %.*s\n", i, (int)h->len,
				      h->pkt);
		assert_int_equal(act, GDB_REPLY);
		assert_string_equal(stub.reply, h->want);
		assert_memory_equal(fk.mem, mem0, MEM_SIZE);
	}
	/* nothing left behind */
	assert_int_equal(fk.hw_used, 0);
	for (i = 0; i < GDB_BREAKPOINTS; i++)
		assert_false(stub.brk[i].used);
	assert_false(stub.no_ack);

	/* longer than gdbpkt passes: refused, not copied */
	memset(big, 'g', sizeof(big));
	assert_int_equal(send_len(big, sizeof(big)), GDB_REPLY);
	assert_string_equal(stub.reply, "E16");
	/* the longest that fits, all of it parsed */
	big[0] = 'M';
	assert_int_equal(send_len(big, GDB_PACKET_MAX), GDB_REPLY);
	assert_string_equal(stub.reply, "E16");
	memcpy(big, "X1000,ff6:", 10);
	assert_int_equal(send_len(big, GDB_PACKET_MAX), GDB_REPLY);
	assert_string_equal(stub.reply, "OK");
	assert_int_equal(*at(0x1ff5), 'g');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_queries, setup),
		cmocka_unit_test_setup(test_threads, setup),
		cmocka_unit_test_setup(test_thread_pages, setup),
		cmocka_unit_test_setup(test_registers, setup),
		cmocka_unit_test_setup(test_memory, setup),
		cmocka_unit_test_setup(test_sw_breakpoints, setup),
		cmocka_unit_test_setup(test_overlapping_breakpoints, setup),
		cmocka_unit_test_setup(test_hw_breakpoints, setup),
		cmocka_unit_test_setup(test_breakpoints_without_brk, setup),
		cmocka_unit_test_setup(test_resume, setup),
		cmocka_unit_test_setup(test_stop_replies, setup),
		cmocka_unit_test_setup(test_target_xml, setup),
		cmocka_unit_test_setup(test_monitor, setup),
		cmocka_unit_test_setup(test_hostile, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
