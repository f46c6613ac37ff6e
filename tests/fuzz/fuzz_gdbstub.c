// SPDX-License-Identifier: GPL-2.0
/*
 * The GDB remote protocol's commands (src/gdbstub.c) on what a client
 * may send, against a fake target: vCPUs with registers, memory at
 * 0x1000-0x10ff and 0x1200-0x12ff around a hole, two hardware slots, a
 * monitor that echoes. The input: one byte of set-up (bits 0-1: 1 to 4
 * vCPUs; bit 2: arm64's 4-byte brk, else x86's int3; bit 3: no optional
 * operations), then packets, as gdbpkt hands them over (escapes undone),
 * each ended by '\n'. After a resume the guest stops at once.
 *
 * Checked: every reply fits and is NUL-terminated, resuming and kill
 * send nothing, and at the end, memory as GDB reads it through the stub
 * is what detach leaves in the guest (breakpoints hidden, then all put
 * back).
 */
#include <stdlib.h>
#include <string.h>

#include "gdbstub.h"

#include "fuzz.h"

#define MEM_BASE	0x1000
#define MEM_SIZE	0x300	/* 0x1100-0x11ff is the hole */
#define NREGS_SIZE	64

static struct fake {
	unsigned int nr;
	uint8_t regs[5][NREGS_SIZE];
	uint8_t mem[MEM_SIZE];
	int hw_used;
} fk;

static bool mapped(uint64_t addr)
{
	return addr >= MEM_BASE && addr < MEM_BASE + MEM_SIZE &&
	       (addr < 0x1100 || addr >= 0x1200);
}

static unsigned int fk_nr_threads(void *ctx)
{
	(void)ctx;
	return fk.nr;
}

static const char *fk_target_xml(void *ctx, int tid)
{
	(void)ctx;
	(void)tid;
	return "<target><architecture>i386:x86-64</architecture></target>";
}

static bool tid_ok(int tid)
{
	if (tid < 1 || (unsigned int)tid > fk.nr)
		abort();	/* the stub passes only threads it checked */
	return true;
}

static long fk_read_regs(void *ctx, int tid, uint8_t *buf, size_t size)
{
	(void)ctx;
	if (!tid_ok(tid) || size < NREGS_SIZE)
		return -1;
	memcpy(buf, fk.regs[tid], NREGS_SIZE);
	return NREGS_SIZE;
}

static int fk_write_regs(void *ctx, int tid, const uint8_t *buf, size_t len)
{
	(void)ctx;
	if (!tid_ok(tid) || len != NREGS_SIZE)
		return -1;
	memcpy(fk.regs[tid], buf, len);
	return 0;
}

static long fk_read_reg(void *ctx, int tid, unsigned int regno,
			uint8_t *buf, size_t size)
{
	(void)ctx;
	if (!tid_ok(tid) || regno >= NREGS_SIZE / 8 || size < 8)
		return -1;
	memcpy(buf, fk.regs[tid] + 8 * regno, 8);
	return 8;
}

static int fk_write_reg(void *ctx, int tid, unsigned int regno,
			const uint8_t *buf, size_t len)
{
	(void)ctx;
	if (!tid_ok(tid) || regno >= NREGS_SIZE / 8 || len != 8)
		return -1;
	memcpy(fk.regs[tid] + 8 * regno, buf, 8);
	return 0;
}

static long fk_read_mem(void *ctx, int tid, uint64_t addr, uint8_t *buf,
			size_t len)
{
	size_t n;

	(void)ctx;
	if (!tid_ok(tid) || !len || addr + len - 1 < addr)
		abort();	/* the stub never asks for these */
	if (!mapped(addr))
		return -1;
	for (n = 0; n < len && mapped(addr + n); n++)
		buf[n] = fk.mem[addr + n - MEM_BASE];
	return (long)n;
}

static int fk_write_mem(void *ctx, int tid, uint64_t addr,
			const uint8_t *buf, size_t len)
{
	size_t n;

	(void)ctx;
	if (!tid_ok(tid) || !len || addr + len - 1 < addr)
		abort();	/* the stub never asks for these */
	for (n = 0; n < len; n++)
		if (!mapped(addr + n))
			return -1;
	memcpy(fk.mem + (addr - MEM_BASE), buf, len);
	return 0;
}

static int fk_hw_break(void *ctx, int type, uint64_t addr, uint64_t kind,
		       bool insert)
{
	(void)ctx;
	(void)addr;
	if (type < 1 || type > 4 || !kind)
		abort();
	if (type == 3)
		return 1;
	if (insert ? fk.hw_used == 2 : !fk.hw_used)
		return -1;
	fk.hw_used += insert ? 1 : -1;
	return 0;
}

static long fk_monitor(void *ctx, const char *cmd, char *out, size_t size)
{
	size_t n = strlen(cmd);

	(void)ctx;
	if (n > size)
		n = size;
	memcpy(out, cmd, n);
	return (long)n;
}

static const uint8_t int3[] = { 0xcc };
static const uint8_t brk0[] = { 0x00, 0x00, 0x20, 0xd4 };

static struct gdb_target_ops ops;

static void set_up(uint8_t cfg)
{
	size_t i;

	memset(&fk, 0, sizeof(fk));
	fk.nr = 1 + (cfg & 3);
	memset(fk.regs, 0x5a, sizeof(fk.regs));
	for (i = 0; i < MEM_SIZE; i++)
		fk.mem[i] = (uint8_t)(i * 13 + 7);

	memset(&ops, 0, sizeof(ops));
	ops.nr_threads = fk_nr_threads;
	ops.read_regs = fk_read_regs;
	ops.write_regs = fk_write_regs;
	ops.read_mem = fk_read_mem;
	ops.write_mem = fk_write_mem;
	if (!(cfg & 8)) {
		ops.target_xml = fk_target_xml;
		ops.read_reg = fk_read_reg;
		ops.write_reg = fk_write_reg;
		ops.hw_break = fk_hw_break;
		ops.monitor = fk_monitor;
		ops.brk = cfg & 4 ? brk0 : int3;
		ops.brk_len = cfg & 4 ? sizeof(brk0) : sizeof(int3);
	}
}

static enum gdb_action handle(struct gdbstub *stub, const char *pkt,
			      size_t len)
{
	enum gdb_action act = gdbstub_handle(stub, (const uint8_t *)pkt, len);

	if (stub->reply_len > GDB_PACKET_MAX ||
	    stub->reply[stub->reply_len] ||
	    ((act == GDB_RESUME || act == GDB_KILL) && stub->reply_len))
		abort();
	return act;
}

/* what GDB reads at ADDR through the stub, as bytes */
static void read_view(struct gdbstub *stub, uint64_t addr, uint8_t *view)
{
	char pkt[32];
	int n = snprintf(pkt, sizeof(pkt), "m%llx,100",
			 (unsigned long long)addr);

	/* any thread: the fake's memory is every one's */
	if (handle(stub, "Hg0", 3) != GDB_REPLY ||
	    handle(stub, pkt, (size_t)n) != GDB_REPLY ||
	    stub->reply_len != 0x200 ||
	    gdb_hex_decode(view, 0x100, stub->reply, 0x200) != 0x100)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet_stdout();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct gdbstub stub;
	static uint8_t view[2][0x100];
	const char *p, *end;
	int tid;

	if (!size)
		return 0;
	p = (const char *)data + 1;
	end = (const char *)data + size;
	set_up(data[0]);
	gdbstub_init(&stub, &ops, NULL);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		enum gdb_action act = handle(&stub, p, len);

		p += len + 1;
		if (act != GDB_RESUME)
			continue;
		for (tid = 0; tid <= (int)fk.nr + 1; tid++)
			gdbstub_run(&stub, tid);
		/* stopped at once, somewhere, for some reason */
		gdbstub_stop(&stub, (int)(len % 7) - 1,
			     (enum gdb_stop)(len % 9), len * 0x9e3779b9u);
	}

	read_view(&stub, 0x1000, view[0]);
	read_view(&stub, 0x1200, view[1]);
	if (handle(&stub, "D", 1) != GDB_DETACH ||
	    memcmp(view[0], fk.mem, 0x100) ||
	    memcmp(view[1], fk.mem + 0x200, 0x100))
		abort();
	return 0;
}
