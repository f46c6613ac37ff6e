/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure parts of arm64's GDB back end (gdb.c), apart from KVM for the
 * unit tests: the register table behind target.xml and the 'g' packet,
 * the stage-1 table walk, the debug registers' values and the decoding
 * of a KVM_EXIT_DEBUG.
 */
#ifndef KVMINI_ARM64_GDB_H
#define KVMINI_ARM64_GDB_H

#include <linux/kvm.h>
#include <stddef.h>
#include <stdint.h>

#include "gdb_arch.h"

/* GDB's register numbers: target.xml's order, the 'g' packet's */
enum arm64_gdb_regno {
	ARM64_GDB_X0 = 0,
	ARM64_GDB_SP = 31,	/* the current one: SP_EL1 in EL1h */
	ARM64_GDB_PC,
	ARM64_GDB_CPSR,		/* PSTATE's low 32 bits */
	ARM64_GDB_V0,
	ARM64_GDB_FPSR = ARM64_GDB_V0 + 32,
	ARM64_GDB_FPCR,
	ARM64_GDB_SCTLR_EL1,	/* the first of org.kvmini.aarch64.sys */
	ARM64_GDB_TCR_EL1,
	ARM64_GDB_TTBR0_EL1,
	ARM64_GDB_TTBR1_EL1,
	ARM64_GDB_MAIR_EL1,
	ARM64_GDB_VBAR_EL1,
	ARM64_GDB_ESR_EL1,
	ARM64_GDB_FAR_EL1,
	ARM64_GDB_ELR_EL1,
	ARM64_GDB_SPSR_EL1,
	ARM64_GDB_SP_EL0,
	ARM64_GDB_SP_EL1,
	ARM64_GDB_CURRENTEL,	/* PSTATE.EL, read-only */
	ARM64_GDB_TPIDR_EL1,
	ARM64_GDB_NR,
};

/* the 'g' packet's bytes: core 268, fpu 520, sys 112 */
#define ARM64_GDB_G_SIZE	900

enum arm64_gdb_feature {
	ARM64_GDB_CORE,		/* org.gnu.gdb.aarch64.core */
	ARM64_GDB_FPU,		/* org.gnu.gdb.aarch64.fpu */
	ARM64_GDB_SYS,		/* org.kvmini.aarch64.sys */
};

/* Where a register's value comes from. */
enum arm64_gdb_src {
	ARM64_GDB_KVM,		/* the KVM register id */
	ARM64_GDB_SRC_SP,	/* SP_EL0 or SP_EL1, as PSTATE selects */
	ARM64_GDB_SRC_EL,	/* PSTATE.EL */
};

struct arm64_gdb_reg {
	const char *name;
	const char *type;	/* target.xml's, NULL: GDB's default */
	uint64_t id;		/* KVM_{GET,SET}_ONE_REG's */
	unsigned short bits;	/* in the 'g' packet: 32, 64 or 128 */
	unsigned char feature;
	unsigned char src;
};

extern const struct arm64_gdb_reg arm64_gdb_regs[ARM64_GDB_NR];

/*
 * Register values, each in two 64-bit halves (V registers fill both),
 * as KVM_GET_ONE_REG stores them on a little-endian host.
 */
struct arm64_gdb_vals {
	uint64_t v[ARM64_GDB_NR][2];
};

/* The byte offset of regno's value in the 'g' packet. */
size_t arm64_gdb_offset(unsigned int regno);
/* Fills in the registers that KVM has no id for (SP, CurrentEL). */
void arm64_gdb_derive(struct arm64_gdb_vals *v);
/* regno's value as GDB sends it (little-endian): its byte count */
size_t arm64_gdb_pack(const struct arm64_gdb_vals *v, unsigned int regno,
		      uint8_t *out);
/* The reverse: bits beyond the register's (PSTATE's upper half) stay. */
void arm64_gdb_unpack(struct arm64_gdb_vals *v, unsigned int regno,
		      const uint8_t *in);

/* One KVM_SET_ONE_REG of a register write. */
struct arm64_gdb_set {
	uint64_t id;
	uint64_t val[2];
};

/*
 * The KVM writes that turn cur into want, registers that did not change
 * left alone: their count (at most ARM64_GDB_NR), or -1 if want changes
 * a register that cannot be written (CurrentEL).
 */
int arm64_gdb_plan(const struct arm64_gdb_vals *cur,
		   const struct arm64_gdb_vals *want,
		   struct arm64_gdb_set *set);

/*
 * target.xml into buf (NUL-terminated if size > 0): its length, as
 * snprintf counts it.
 */
size_t arm64_gdb_xml(char *buf, size_t size);

/* What the stage-1 walk reads of the vCPU. */
struct arm64_mmu {
	uint64_t sctlr, tcr, ttbr0, ttbr1;
};

/* A descriptor at gpa as stored (8 bytes, little-endian): 0, or -1. */
typedef int (*arm64_gdb_read_fn)(void *ctx, uint64_t gpa, uint64_t *desc);

/*
 * gva through the EL1&0 stage-1 tables that mmu describes: 0 with *gpa
 * and *left (the bytes to the end of the page or block), or -1 if it
 * is not mapped or a table cannot be read.
 */
int arm64_gdb_walk(const struct arm64_mmu *mmu, uint64_t gva,
		   arm64_gdb_read_fn read, void *ctx, uint64_t *gpa,
		   uint64_t *left);

/* DBGBCR/DBGBVR for a breakpoint at addr: 0, or -1 if not expressible. */
int arm64_gdb_bp(uint64_t addr, uint64_t len, uint64_t *bcr, uint64_t *bvr);
/* DBGWCR/DBGWVR for a watchpoint: 0, or -1 if not expressible. */
int arm64_gdb_wp(enum gdb_hw_type type, uint64_t addr, uint64_t len,
		 uint64_t *wcr, uint64_t *wvr);

/*
 * KVM_SET_GUEST_DEBUG's argument for d on a CPU with brps breakpoint and
 * wrps watchpoint registers: 0, or -1 (too many, or one refused).
 */
int arm64_gdb_guest_debug(const struct gdb_debug *d, unsigned int brps,
			  unsigned int wrps, struct kvm_guest_debug *dbg);

/* A KVM_EXIT_DEBUG's syndrome (ESR), FAR and PC against d. */
struct gdb_debug_exit arm64_gdb_decode(uint32_t esr, uint64_t far,
				       uint64_t pc, const struct gdb_debug *d);

#endif /* KVMINI_ARM64_GDB_H */
