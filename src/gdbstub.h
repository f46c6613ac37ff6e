/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GDB remote serial protocol's commands, without I/O, threads or
 * KVM: gdbstub_handle() takes one packet as gdbpkt.h received it and
 * leaves the reply in stub->reply, working on the guest through a
 * back end's struct gdb_target_ops. Threads are vCPUs, 1..n in the
 * protocol. Every field of a packet is untrusted: a malformed packet or
 * an argument out of range gets an "E NN" reply (NN an errno value in
 * hex), an unknown one the empty reply, and nothing is read or written
 * past a buffer.
 *
 * The stub keeps the software breakpoints (Z0) itself: it saves the
 * bytes under each and writes the breakpoint instruction through
 * write_mem. Memory reads show the saved bytes, writes over a
 * breakpoint update them, and detach or kill puts them all back. A
 * back end without one (brk NULL) gets Z0 as a Z1 through hw_break.
 */
#ifndef KVMINI_GDBSTUB_H
#define KVMINI_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdbpkt.h"

#define GDB_BREAKPOINTS	64	/* software breakpoints at once */
#define GDB_BRK_MAX	8	/* bytes of a breakpoint instruction */
#define GDB_RESUME_MAX	16	/* actions of one vCont */

/*
 * What the back end does for the stub; TID is a vCPU, 1..nr_threads().
 * target_xml, read_reg, write_reg, hw_break and monitor may be NULL:
 * the packets that need them then get the empty reply ("unsupported").
 */
struct gdb_target_ops {
	unsigned int (*nr_threads)(void *ctx);
	/* target.xml for qXfer:features:read, NUL-terminated; NULL: none */
	const char *(*target_xml)(void *ctx, int tid);
	/* registers in the 'g' packet's layout: the byte count, or -1 */
	long (*read_regs)(void *ctx, int tid, uint8_t *buf, size_t size);
	/* 0, or -1 (a length that is not the layout's, say) */
	int (*write_regs)(void *ctx, int tid, const uint8_t *buf, size_t len);
	/* one register, GDB's number: its byte count, or -1 if none such */
	long (*read_reg)(void *ctx, int tid, unsigned int regno,
			 uint8_t *buf, size_t size);
	int (*write_reg)(void *ctx, int tid, unsigned int regno,
			 const uint8_t *buf, size_t len);
	/*
	 * Guest virtual memory through TID's page tables. read_mem: the
	 * bytes read from ADDR on, which may stop short at an unmapped page,
	 * or -1 if ADDR is unmapped. write_mem: 0, or -1 unless all written.
	 */
	long (*read_mem)(void *ctx, int tid, uint64_t addr,
			 uint8_t *buf, size_t len);
	int (*write_mem)(void *ctx, int tid, uint64_t addr,
			 const uint8_t *buf, size_t len);
	/*
	 * Hardware breakpoints and watchpoints on every vCPU: TYPE 1
	 * breakpoint, 2 write, 3 read, 4 access watchpoint; KIND is the
	 * breakpoint's kind or the watched length. 0; -1 if refused (no
	 * free slot, a length the CPU cannot watch); 1 if TYPE is not
	 * supported at all.
	 */
	int (*hw_break)(void *ctx, int type, uint64_t addr, uint64_t kind,
			bool insert);
	/*
	 * "monitor CMD": writes at most SIZE bytes of text to OUT, returns
	 * how many (more is cut), or -1 to answer an error.
	 */
	long (*monitor)(void *ctx, const char *cmd, char *out, size_t size);
	/* this architecture's breakpoint instruction; Z0's kind is its size */
	const uint8_t *brk;
	unsigned int brk_len;
};

/*
 * What the caller does once gdbstub_handle() returns. GDB_RESUME: run
 * as stub->resume says (gdbstub_run()), and at the next stop send
 * gdbstub_stop()'s reply. GDB_DETACH: send the "OK", then let the guest
 * run without GDB, its hardware breakpoints and watchpoints gone too.
 */
enum gdb_action {
	GDB_REPLY,	/* send stub->reply (even if empty); stay stopped */
	GDB_RESUME,	/* send nothing yet */
	GDB_DETACH,
	GDB_KILL,	/* send nothing (GDB expects no reply); end the VM */
};

/* What one vCPU does on GDB_RESUME: gdbstub_run(). */
enum gdb_run {
	GDB_RUN_STOP,	/* stays stopped */
	GDB_RUN_CONT,
	GDB_RUN_STEP,	/* one instruction, then a stop */
};

/* Why the guest stopped, for gdbstub_stop(). */
enum gdb_stop {
	GDB_STOP_TRAP,		/* a step ended, or no reason to give */
	GDB_STOP_SWBREAK,	/* a Z0 breakpoint: the PC at its address */
	GDB_STOP_HWBREAK,	/* a Z1 breakpoint */
	GDB_STOP_WATCH,		/* Z2, Z3, Z4 hit: ADDR the data address */
	GDB_STOP_RWATCH,
	GDB_STOP_AWATCH,
	GDB_STOP_INTERRUPT,	/* Ctrl-C (GDB_RX_INTERRUPT): SIGINT */
	GDB_STOP_EXITED,	/* the VM ended, ADDR its status: "W" */
};

struct gdb_resume {
	unsigned int n;
	struct {
		int tid;	/* -1: every thread */
		bool step;
	} act[GDB_RESUME_MAX];	/* the first one naming a thread counts */
	bool set_pc;		/* "c ADDR", "s ADDR": PC_TID resumes at PC */
	int pc_tid;
	uint64_t pc;
};

struct gdb_sw_break {
	uint64_t addr;
	int tid;		/* whose page tables it was written through */
	bool used;
	uint8_t saved[GDB_BRK_MAX];
};

struct gdbstub {
	/* for the caller: the reply, NUL-terminated, and what to do */
	char reply[GDB_PACKET_MAX + 1];
	size_t reply_len;
	bool no_ack;		/* QStartNoAckMode answered: no more acks */
	struct gdb_resume resume;	/* valid after GDB_RESUME */

	/* private to gdbstub.c */
	const struct gdb_target_ops *ops;
	void *ctx;
	int hg, hc;		/* Hg, Hc: 0 any, -1 all, or a thread */
	int stop_tid;		/* the last stop's thread */
	unsigned int next_tid;	/* qsThreadInfo's next thread */
	bool gdb_swbreak, gdb_hwbreak;	/* GDB's qSupported */
	char stop[64];		/* the last stop reply, for '?' */
	struct gdb_sw_break brk[GDB_BREAKPOINTS];
	char in[GDB_PACKET_MAX + 1];
	uint8_t buf[GDB_PACKET_MAX];
};

/*
 * A new connection: no breakpoints, acks on, every thread stopped by
 * GDB_STOP_TRAP in thread 1 until gdbstub_stop() says otherwise.
 */
void gdbstub_init(struct gdbstub *stub, const struct gdb_target_ops *ops,
		  void *ctx);

/* One packet's data (LEN bytes, gdbpkt's escapes undone). */
enum gdb_action gdbstub_handle(struct gdbstub *stub, const uint8_t *pkt,
			       size_t len);

/* After GDB_RESUME: what thread TID does. */
enum gdb_run gdbstub_run(const struct gdbstub *stub, int tid);

/*
 * The guest stopped, in thread TID, for WHY: the stop reply goes to
 * stub->reply (its length returned) and is kept for '?'. TID becomes
 * the thread of g, m and the others, as GDB assumes after a stop.
 */
size_t gdbstub_stop(struct gdbstub *stub, int tid, enum gdb_stop why,
		    uint64_t addr);

#endif /* KVMINI_GDBSTUB_H */
