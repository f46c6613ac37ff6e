// SPDX-License-Identifier: GPL-2.0
/*
 * arm64's back end of the GDB stub (gdb_arch.h). Registers go through
 * KVM_{GET,SET}_ONE_REG in the layout of the target description built
 * here from one table; guest virtual addresses through a software walk
 * of the stage-1 tables, as arm64 KVM has no KVM_TRANSLATE; hardware
 * breakpoints and watchpoints through the debug registers that
 * KVM_SET_GUEST_DEBUG loads. The parts without KVM (gdb_arm64.h) are
 * pure, for the unit tests.
 */
#include <endian.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "compiler.h"
#include "gdb_arch.h"
#include "gdb_arm64.h"
#include "log.h"
#include "vcpu.h"
#include "vm.h"

/* brk #0, GDB's own aarch64 breakpoint: little-endian like all A64 code */
const uint8_t arch_gdb_brk[] = { 0x00, 0x00, 0x20, 0xd4 };
const unsigned int arch_gdb_brk_len = sizeof(arch_gdb_brk);

#define CORE_ID(size, reg)	(KVM_REG_ARM64 | (size) | KVM_REG_ARM_CORE | \
				 KVM_REG_ARM_CORE_REG(reg))
#define CORE64_ID(reg)		CORE_ID(KVM_REG_SIZE_U64, reg)

#define REG(n, t, i, b, f, s) \
	{ .name = (n), .type = (t), .id = (i), .bits = (b), .feature = (f), \
	  .src = (s) }
#define XREG(n) \
	[ARM64_GDB_X0 + (n)] = REG("x" #n, NULL, CORE64_ID(regs.regs[n]), 64, \
				   ARM64_GDB_CORE, ARM64_GDB_KVM)
#define VREG(n) \
	[ARM64_GDB_V0 + (n)] = REG("v" #n, "aarch64v", \
				   CORE_ID(KVM_REG_SIZE_U128, fp_regs.vregs[n]), \
				   128, ARM64_GDB_FPU, ARM64_GDB_KVM)
#define SYSREG(n, t, i)	REG(n, t, i, 64, ARM64_GDB_SYS, ARM64_GDB_KVM)
/* an MSR/MRS encoding: op0, op1, CRn, CRm, op2 */
#define SYS_ID(...)	ARM64_SYS_REG(__VA_ARGS__)

/*
 * GDB's aarch64 core and fpu features, as its aarch64_gdbarch_init
 * checks them by name (the fpu one is optional, but costs nothing),
 * then what a kernel debugger reads. ELR_EL1, SPSR_EL1, SP_EL0 and
 * SP_EL1 are KVM core registers (struct kvm_regs), the rest sysregs.
 */
const struct arm64_gdb_reg arm64_gdb_regs[ARM64_GDB_NR] = {
	XREG(0), XREG(1), XREG(2), XREG(3), XREG(4), XREG(5), XREG(6),
	XREG(7), XREG(8), XREG(9), XREG(10), XREG(11), XREG(12), XREG(13),
	XREG(14), XREG(15), XREG(16), XREG(17), XREG(18), XREG(19),
	XREG(20), XREG(21), XREG(22), XREG(23), XREG(24), XREG(25),
	XREG(26), XREG(27), XREG(28), XREG(29), XREG(30),
	[ARM64_GDB_SP] = REG("sp", "data_ptr", 0, 64, ARM64_GDB_CORE,
			     ARM64_GDB_SRC_SP),
	[ARM64_GDB_PC] = REG("pc", "code_ptr", CORE64_ID(regs.pc), 64,
			     ARM64_GDB_CORE, ARM64_GDB_KVM),
	/* GDB's cpsr is 32 bits, KVM's pstate 64 */
	[ARM64_GDB_CPSR] = REG("cpsr", "cpsr_flags", CORE64_ID(regs.pstate),
			       32, ARM64_GDB_CORE, ARM64_GDB_KVM),
	VREG(0), VREG(1), VREG(2), VREG(3), VREG(4), VREG(5), VREG(6),
	VREG(7), VREG(8), VREG(9), VREG(10), VREG(11), VREG(12), VREG(13),
	VREG(14), VREG(15), VREG(16), VREG(17), VREG(18), VREG(19),
	VREG(20), VREG(21), VREG(22), VREG(23), VREG(24), VREG(25),
	VREG(26), VREG(27), VREG(28), VREG(29), VREG(30), VREG(31),
	[ARM64_GDB_FPSR] = REG("fpsr", NULL,
			       CORE_ID(KVM_REG_SIZE_U32, fp_regs.fpsr), 32,
			       ARM64_GDB_FPU, ARM64_GDB_KVM),
	[ARM64_GDB_FPCR] = REG("fpcr", NULL,
			       CORE_ID(KVM_REG_SIZE_U32, fp_regs.fpcr), 32,
			       ARM64_GDB_FPU, ARM64_GDB_KVM),
	[ARM64_GDB_SCTLR_EL1] = SYSREG("sctlr_el1", "uint64",
				       SYS_ID(3, 0, 1, 0, 0)),
	[ARM64_GDB_TCR_EL1] = SYSREG("tcr_el1", "uint64",
				     SYS_ID(3, 0, 2, 0, 2)),
	[ARM64_GDB_TTBR0_EL1] = SYSREG("ttbr0_el1", "uint64",
				       SYS_ID(3, 0, 2, 0, 0)),
	[ARM64_GDB_TTBR1_EL1] = SYSREG("ttbr1_el1", "uint64",
				       SYS_ID(3, 0, 2, 0, 1)),
	[ARM64_GDB_MAIR_EL1] = SYSREG("mair_el1", "uint64",
				      SYS_ID(3, 0, 10, 2, 0)),
	[ARM64_GDB_VBAR_EL1] = SYSREG("vbar_el1", "code_ptr",
				      SYS_ID(3, 0, 12, 0, 0)),
	[ARM64_GDB_ESR_EL1] = SYSREG("esr_el1", "uint64",
				     SYS_ID(3, 0, 5, 2, 0)),
	[ARM64_GDB_FAR_EL1] = SYSREG("far_el1", "data_ptr",
				     SYS_ID(3, 0, 6, 0, 0)),
	[ARM64_GDB_ELR_EL1] = SYSREG("elr_el1", "code_ptr",
				     CORE64_ID(elr_el1)),
	[ARM64_GDB_SPSR_EL1] = SYSREG("spsr_el1", "uint64",
				      CORE64_ID(spsr[KVM_SPSR_EL1])),
	/* KVM's regs.sp is SP_EL0 */
	[ARM64_GDB_SP_EL0] = SYSREG("sp_el0", "data_ptr", CORE64_ID(regs.sp)),
	[ARM64_GDB_SP_EL1] = SYSREG("sp_el1", "data_ptr", CORE64_ID(sp_el1)),
	[ARM64_GDB_CURRENTEL] = REG("currentel", "uint64", 0, 64,
				    ARM64_GDB_SYS, ARM64_GDB_SRC_EL),
	[ARM64_GDB_TPIDR_EL1] = SYSREG("tpidr_el1", "uint64",
				       SYS_ID(3, 0, 13, 0, 4)),
};

#define PSTATE_M	0x1fULL		/* M[4]: AArch32; M[3:2] EL; M[0] SP */
#define PSTATE_EL1H	0x5ULL
#define PSTATE_EL	0xcULL		/* as CurrentEL reads */

size_t arm64_gdb_offset(unsigned int regno)
{
	size_t off = 0;
	unsigned int i;

	for (i = 0; i < regno && i < ARM64_GDB_NR; i++)
		off += arm64_gdb_regs[i].bits / 8;
	return off;
}

/* EL1 on its own stack (EL1h) uses SP_EL1; EL0 and EL1t use SP_EL0. */
static unsigned int current_sp(uint64_t pstate)
{
	return (pstate & PSTATE_M) == PSTATE_EL1H ? ARM64_GDB_SP_EL1 :
						    ARM64_GDB_SP_EL0;
}

void arm64_gdb_derive(struct arm64_gdb_vals *v)
{
	uint64_t pstate = v->v[ARM64_GDB_CPSR][0];

	v->v[ARM64_GDB_SP][0] = v->v[current_sp(pstate)][0];
	v->v[ARM64_GDB_SP][1] = 0;
	v->v[ARM64_GDB_CURRENTEL][0] = pstate & PSTATE_EL;
	v->v[ARM64_GDB_CURRENTEL][1] = 0;
}

size_t arm64_gdb_pack(const struct arm64_gdb_vals *v, unsigned int regno,
		      uint8_t *out)
{
	size_t i, n = arm64_gdb_regs[regno].bits / 8;

	for (i = 0; i < n; i++)
		out[i] = v->v[regno][i / 8] >> (i % 8 * 8);
	return n;
}

void arm64_gdb_unpack(struct arm64_gdb_vals *v, unsigned int regno,
		      const uint8_t *in)
{
	size_t i, n = arm64_gdb_regs[regno].bits / 8;
	unsigned int shift;
	uint64_t *w;

	for (i = 0; i < n; i++) {
		w = &v->v[regno][i / 8];
		shift = i % 8 * 8;
		*w = (*w & ~(0xffULL << shift)) | (uint64_t)in[i] << shift;
	}
}

static bool changed(const struct arm64_gdb_vals *cur,
		    const struct arm64_gdb_vals *want, unsigned int regno)
{
	return memcmp(cur->v[regno], want->v[regno], sizeof(cur->v[regno]));
}

static void plan_one(struct arm64_gdb_set *set, uint64_t id,
		     const uint64_t *val)
{
	set->id = id;
	set->val[0] = val[0];
	set->val[1] = val[1];
}

int arm64_gdb_plan(const struct arm64_gdb_vals *cur,
		   const struct arm64_gdb_vals *want,
		   struct arm64_gdb_set *set)
{
	const struct arm64_gdb_reg *r;
	unsigned int i, sp;
	int n = 0;

	if (changed(cur, want, ARM64_GDB_CURRENTEL))
		return -1;
	/* PSTATE first: KVM refuses a bad mode before anything is written */
	if (changed(cur, want, ARM64_GDB_CPSR))
		plan_one(&set[n++], arm64_gdb_regs[ARM64_GDB_CPSR].id,
			 want->v[ARM64_GDB_CPSR]);
	for (i = 0; i < ARM64_GDB_NR; i++) {
		r = &arm64_gdb_regs[i];
		if (r->src == ARM64_GDB_KVM && i != ARM64_GDB_CPSR &&
		    changed(cur, want, i))
			plan_one(&set[n++], r->id, want->v[i]);
	}
	/* sp last: a new value wins over the banked copy GDB sent back */
	if (changed(cur, want, ARM64_GDB_SP)) {
		sp = current_sp(want->v[ARM64_GDB_CPSR][0]);
		plan_one(&set[n++], arm64_gdb_regs[sp].id,
			 want->v[ARM64_GDB_SP]);
	}
	return n;
}

static const char *const feature_names[] = {
	[ARM64_GDB_CORE] = "org.gnu.gdb.aarch64.core",
	[ARM64_GDB_FPU] = "org.gnu.gdb.aarch64.fpu",
	[ARM64_GDB_SYS] = "org.kvmini.aarch64.sys",
};

/* the types each feature's registers name */
static const char *const feature_types[] = {
	[ARM64_GDB_CORE] =
		"<flags id=\"cpsr_flags\" size=\"4\">\n"
		"<field name=\"SP\" start=\"0\" end=\"0\"/>\n"
		"<field name=\"EL\" start=\"2\" end=\"3\"/>\n"
		"<field name=\"nRW\" start=\"4\" end=\"4\"/>\n"
		"<field name=\"F\" start=\"6\" end=\"6\"/>\n"
		"<field name=\"I\" start=\"7\" end=\"7\"/>\n"
		"<field name=\"A\" start=\"8\" end=\"8\"/>\n"
		"<field name=\"D\" start=\"9\" end=\"9\"/>\n"
		"<field name=\"SSBS\" start=\"12\" end=\"12\"/>\n"
		"<field name=\"IL\" start=\"20\" end=\"20\"/>\n"
		"<field name=\"SS\" start=\"21\" end=\"21\"/>\n"
		"<field name=\"PAN\" start=\"22\" end=\"22\"/>\n"
		"<field name=\"UAO\" start=\"23\" end=\"23\"/>\n"
		"<field name=\"V\" start=\"28\" end=\"28\"/>\n"
		"<field name=\"C\" start=\"29\" end=\"29\"/>\n"
		"<field name=\"Z\" start=\"30\" end=\"30\"/>\n"
		"<field name=\"N\" start=\"31\" end=\"31\"/>\n"
		"</flags>\n",
	/* a V register seen as doubles, singles, halves, bytes or one q */
	[ARM64_GDB_FPU] =
		"<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
		"<vector id=\"v2u\" type=\"uint64\" count=\"2\"/>\n"
		"<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
		"<vector id=\"v4u\" type=\"uint32\" count=\"4\"/>\n"
		"<vector id=\"v8u\" type=\"uint16\" count=\"8\"/>\n"
		"<vector id=\"v16u\" type=\"uint8\" count=\"16\"/>\n"
		"<union id=\"vnd\">\n"
		"<field name=\"f\" type=\"v2d\"/>\n"
		"<field name=\"u\" type=\"v2u\"/>\n"
		"</union>\n"
		"<union id=\"vns\">\n"
		"<field name=\"f\" type=\"v4f\"/>\n"
		"<field name=\"u\" type=\"v4u\"/>\n"
		"</union>\n"
		"<union id=\"aarch64v\">\n"
		"<field name=\"d\" type=\"vnd\"/>\n"
		"<field name=\"s\" type=\"vns\"/>\n"
		"<field name=\"h\" type=\"v8u\"/>\n"
		"<field name=\"b\" type=\"v16u\"/>\n"
		"<field name=\"q\" type=\"uint128\"/>\n"
		"</union>\n",
	[ARM64_GDB_SYS] = "",
};

struct xml_buf {
	char *p;
	size_t size;
	size_t len;	/* as if size were unlimited */
};

static __printf(2, 3) void xml_put(struct xml_buf *b, const char *fmt, ...)
{
	bool room = b->len < b->size;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? b->p + b->len : NULL, room ? b->size - b->len : 0,
		      fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len += n;
}

size_t arm64_gdb_xml(char *buf, size_t size)
{
	struct xml_buf b = { .p = buf, .size = size };
	const struct arm64_gdb_reg *r;
	unsigned int i;

	if (size)
		buf[0] = '\0';
	xml_put(&b, "<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
		"<target version=\"1.0\">\n"
		"<architecture>aarch64</architecture>\n");
	for (i = 0; i < ARM64_GDB_NR; i++) {
		r = &arm64_gdb_regs[i];
		if (!i || r->feature != arm64_gdb_regs[i - 1].feature)
			xml_put(&b, "%s<feature name=\"%s\">\n%s",
				i ? "</feature>\n" : "",
				feature_names[r->feature],
				feature_types[r->feature]);
		xml_put(&b, "<reg name=\"%s\" bitsize=\"%u\" regnum=\"%u\"",
			r->name, r->bits, i);
		if (r->type)
			xml_put(&b, " type=\"%s\"", r->type);
		/* out of "info registers", in "info registers system" */
		if (r->feature == ARM64_GDB_SYS)
			xml_put(&b, " group=\"system\"");
		xml_put(&b, "/>\n");
	}
	xml_put(&b, "</feature>\n</target>\n");
	return b.len;
}

#define SCTLR_M		(1ULL << 0)	/* stage-1 translation on */
#define SCTLR_EE	(1ULL << 25)	/* big-endian tables */
#define TCR_T0SZ(t)	((unsigned int)(t) & 0x3f)
#define TCR_EPD0	(1ULL << 7)
#define TCR_TG0(t)	((unsigned int)((t) >> 14) & 3)
#define TCR_T1SZ(t)	((unsigned int)((t) >> 16) & 0x3f)
#define TCR_EPD1	(1ULL << 23)
#define TCR_TG1(t)	((unsigned int)((t) >> 30) & 3)
#define TCR_TBI0	(1ULL << 37)
#define TCR_TBI1	(1ULL << 38)
#define TCR_DS		(1ULL << 59)
#define DESC_VALID	(1ULL << 0)
#define DESC_TABLE	(1ULL << 1)	/* a table, or at level 3 a page */
#define OA_MASK		0x0000ffffffffffffULL	/* 48-bit output addresses */
#define OA_MASK_LPA2	0x0003ffffffffffffULL	/* bits 49:0 in place */
#define IDENT_PAGE	4096ULL

/* log2 of the granule TCR_EL1.TG0/TG1 selects (encoded apart), or 0 */
static unsigned int granule_shift(unsigned int tg, bool upper)
{
	static const unsigned char tg0[4] = { 12, 16, 14, 0 };
	static const unsigned char tg1[4] = { 0, 14, 12, 16 };

	return upper ? tg1[tg] : tg0[tg];
}

/*
 * An output address (a table's or a page's) in a descriptor, or with
 * TCR_EL1.DS (FEAT_LPA2) its bits 51:50 in descriptor bits 9:8.
 */
static uint64_t desc_oa(uint64_t desc, bool ds)
{
	if (!ds)
		return desc & OA_MASK;
	return (desc & OA_MASK_LPA2) | (desc >> 8 & 3) << 50;
}

/*
 * The VMSAv8-64 walk for 4K, 16K and 64K granules, 48-bit output
 * addresses, and with FEAT_LPA2 (TCR_EL1.DS: a 6.x arm64 kernel built
 * for 52-bit VAs, on a CPU that has it) 52-bit VAs and output addresses
 * of 4K and 16K pages: a 4K walk then starts at level -1, a TTBR holds
 * the table's bits 51:48 in its bits 5:2. Left out, as unmapped: 52-bit
 * output addresses of 64K pages (their level-1 blocks). Permissions and
 * the access flag do not matter to a debugger, nor the contiguous hint:
 * each entry maps its own page.
 */
int arm64_gdb_walk(const struct arm64_mmu *mmu, uint64_t gva,
		   arm64_gdb_read_fn read, void *ctx, uint64_t *gpa,
		   uint64_t *left)
{
	bool upper = gva >> 55 & 1;	/* bit 55 picks TTBR1, TBI or not */
	unsigned int tsz, g, stride, va_bits, top, shift, bits;
	uint64_t tcr = mmu->tcr, ttbr, table, desc, size, align, high;
	bool ds = tcr & TCR_DS;
	int level, levels;
	bool off, tbi;

	if (!(mmu->sctlr & SCTLR_M)) {
		*gpa = gva;
		*left = IDENT_PAGE - (gva & (IDENT_PAGE - 1));
		return 0;
	}
	if (upper) {
		tsz = TCR_T1SZ(tcr);
		g = granule_shift(TCR_TG1(tcr), true);
		off = tcr & TCR_EPD1;
		tbi = tcr & TCR_TBI1;
		ttbr = mmu->ttbr1;
	} else {
		tsz = TCR_T0SZ(tcr);
		g = granule_shift(TCR_TG0(tcr), false);
		off = tcr & TCR_EPD0;
		tbi = tcr & TCR_TBI0;
		ttbr = mmu->ttbr0;
	}
	/* 52-bit VAs: 64K pages (FEAT_LVA), or any with LPA2 but 64K's */
	if (off || !g || tsz < (g == 16 || ds ? 12 : 16) || 64 - tsz <= g ||
	    (ds && g == 16))
		return -1;
	va_bits = 64 - tsz;
	/* the bits above the VA (the top byte aside with TBI): all as 55 */
	top = tbi ? 56 : 64;
	high = gva >> va_bits & ((1ULL << (top - va_bits)) - 1);
	if (high != (upper ? (1ULL << (top - va_bits)) - 1 : 0))
		return -1;

	/* each level resolves g - 3 bits; the first what is left over */
	stride = g - 3;
	levels = (va_bits - g + stride - 1) / stride;
	bits = va_bits - (g + (levels - 1) * stride);
	align = 8ULL << bits;
	if (align < 64)
		align = 64;	/* the smallest tables are 64-byte aligned */
	table = ttbr & OA_MASK & ~(align - 1);
	if (ds)
		table = (table & ~0x3fULL) | (ttbr >> 2 & 0xf) << 48;

	for (level = 4 - levels;; level++) {
		shift = g + (3 - level) * stride;
		bits = va_bits - shift < stride ? va_bits - shift : stride;
		if (read(ctx, table + (gva >> shift & ((1ULL << bits) - 1)) * 8,
			 &desc))
			return -1;
		if (mmu->sctlr & SCTLR_EE)
			desc = __builtin_bswap64(desc);
		if (!(desc & DESC_VALID))
			return -1;
		if (level == 3) {
			if (!(desc & DESC_TABLE))
				return -1;	/* reserved at level 3 */
			break;
		}
		if (!(desc & DESC_TABLE)) {
			/*
			 * blocks: 4K from level 1 (1G), with LPA2 level 0
			 * (512G); 16K from level 2, with LPA2 level 1; 64K
			 * from level 2
			 */
			if (level < (g == 12 ? 1 : 2) - (ds ? 1 : 0))
				return -1;
			break;
		}
		table = desc_oa(desc, ds) & ~((1ULL << g) - 1);
	}
	size = 1ULL << shift;
	*gpa = (desc_oa(desc, ds) & ~(size - 1)) | (gva & (size - 1));
	*left = size - (gva & (size - 1));
	return 0;
}

/* DBGBCR<n>_EL1, DBGWCR<n>_EL1 (unlinked address matches) */
#define BCR_E		(1ULL << 0)
#define BCR_PMC_EL10	(3ULL << 1)	/* EL1 and EL0 */
#define BCR_BAS_A64	(0xfULL << 5)	/* A64: the whole word */
#define WCR_E		(1ULL << 0)
#define WCR_PAC_EL10	(3ULL << 1)
#define WCR_LSC_LOAD	(1ULL << 3)
#define WCR_LSC_STORE	(2ULL << 3)
#define WCR_BAS(m)	((uint64_t)(m) << 5)	/* bytes of the doubleword */

int arm64_gdb_bp(uint64_t addr, uint64_t len, uint64_t *bcr, uint64_t *bvr)
{
	/* GDB's kind for aarch64 is 4; 0 from a caller that keeps none */
	if ((len != 4 && len) || addr & 3)
		return -1;
	*bcr = BCR_E | BCR_PMC_EL10 | BCR_BAS_A64;
	*bvr = addr;
	return 0;
}

int arm64_gdb_wp(enum gdb_hw_type type, uint64_t addr, uint64_t len,
		 uint64_t *wcr, uint64_t *wvr)
{
	unsigned int off = addr & 7;
	uint64_t lsc;

	switch (type) {
	case GDB_HW_WRITE:
		lsc = WCR_LSC_STORE;
		break;
	case GDB_HW_READ:
		lsc = WCR_LSC_LOAD;
		break;
	case GDB_HW_ACCESS:
		lsc = WCR_LSC_LOAD | WCR_LSC_STORE;
		break;
	default:
		return -1;
	}
	/* BAS: any run of bytes within the doubleword at WVR */
	if (!len || len > 8 || off + len > 8)
		return -1;
	*wcr = WCR_E | WCR_PAC_EL10 | lsc | WCR_BAS(((1u << len) - 1) << off);
	*wvr = addr & ~7ULL;
	return 0;
}

int arm64_gdb_guest_debug(const struct gdb_debug *d, unsigned int brps,
			  unsigned int wrps, struct kvm_guest_debug *dbg)
{
	struct kvm_guest_debug_arch *a = &dbg->arch;
	const struct gdb_hw_point *p;
	unsigned int i, nb = 0, nw = 0;
	uint64_t ctrl, val;

	memset(dbg, 0, sizeof(*dbg));
	if (d->nr_hw > GDB_HW_MAX)
		return -1;
	if (brps > KVM_ARM_MAX_DBG_REGS)
		brps = KVM_ARM_MAX_DBG_REGS;
	if (wrps > KVM_ARM_MAX_DBG_REGS)
		wrps = KVM_ARM_MAX_DBG_REGS;
	for (i = 0; i < d->nr_hw; i++) {
		p = &d->hw[i];
		if (p->type == GDB_HW_EXEC) {
			if (nb >= brps || arm64_gdb_bp(p->addr, p->len, &ctrl, &val))
				return -1;
			a->dbg_bcr[nb] = ctrl;
			a->dbg_bvr[nb++] = val;
		} else {
			if (nw >= wrps ||
			    arm64_gdb_wp(p->type, p->addr, p->len, &ctrl, &val))
				return -1;
			a->dbg_wcr[nw] = ctrl;
			a->dbg_wvr[nw++] = val;
		}
	}
	if (d->step)
		dbg->control |= KVM_GUESTDBG_SINGLESTEP;
	if (d->sw_break)
		dbg->control |= KVM_GUESTDBG_USE_SW_BP;
	if (nb || nw)
		dbg->control |= KVM_GUESTDBG_USE_HW;
	/*
	 * Nothing to do: debugging off, as any of it routes all the guest's
	 * debug exceptions to KVM (MDCR_EL2.TDE), its own BRKs included.
	 */
	if (dbg->control)
		dbg->control |= KVM_GUESTDBG_ENABLE;
	return 0;
}

#define ESR_EC(esr)		((esr) >> 26)
#define EC_BREAKPT_LOW		0x30
#define EC_BREAKPT_CUR		0x31
#define EC_SOFTSTP_LOW		0x32
#define EC_SOFTSTP_CUR		0x33
#define EC_WATCHPT_LOW		0x34
#define EC_WATCHPT_CUR		0x35
#define EC_BRK64		0x3c
#define ESR_WNR			(1u << 6)	/* watchpoints: a write */
#define ESR_BRK_IMM(esr)	((esr) & 0xffff)

static int find_bp(const struct gdb_debug *d, uint64_t pc)
{
	unsigned int i;

	for (i = 0; i < d->nr_hw && i < GDB_HW_MAX; i++)
		if (d->hw[i].type == GDB_HW_EXEC && d->hw[i].addr == pc)
			return i;
	return -1;
}

static bool wp_takes(enum gdb_hw_type type, bool write)
{
	return type == GDB_HW_ACCESS || (type == GDB_HW_WRITE) == write;
}

/* how far addr lies from p's bytes: 0 inside */
static uint64_t wp_dist(const struct gdb_hw_point *p, uint64_t addr)
{
	uint64_t last = p->addr + (p->len ? p->len - 1 : 0);

	if (addr < p->addr)
		return p->addr - addr;
	return addr > last ? addr - last : 0;
}

/*
 * The watchpoint nearest FAR, of a type that takes the access first:
 * FAR may be anywhere in the access (a DC ZVA's whole block, the start
 * of a pair), not always in the watched bytes.
 */
static int find_wp(const struct gdb_debug *d, uint64_t far, bool write)
{
	uint64_t dist, best_dist = UINT64_MAX;
	const struct gdb_hw_point *p;
	unsigned int i, pass;
	int best = -1;

	for (pass = 0; pass < 2 && best < 0; pass++)
		for (i = 0; i < d->nr_hw && i < GDB_HW_MAX; i++) {
			p = &d->hw[i];
			if (p->type == GDB_HW_EXEC ||
			    (!pass && !wp_takes(p->type, write)))
				continue;
			dist = wp_dist(p, far);
			if (best < 0 || dist < best_dist) {
				best = i;
				best_dist = dist;
			}
		}
	return best;
}

struct gdb_debug_exit arm64_gdb_decode(uint32_t esr, uint64_t far,
				       uint64_t pc, const struct gdb_debug *d)
{
	struct gdb_debug_exit e = {
		.why = GDB_DEBUG_OTHER, .slot = -1, .pc = pc,
	};
	int slot;

	switch (ESR_EC(esr)) {
	case EC_BRK64:
		/* brk #0 is GDB's; other immediates the guest's (BUG()) */
		if (d->sw_break && !ESR_BRK_IMM(esr))
			e.why = GDB_DEBUG_SW_BREAK;
		break;
	case EC_SOFTSTP_LOW:
	case EC_SOFTSTP_CUR:
		if (d->step)
			e.why = GDB_DEBUG_STEP;
		break;
	case EC_BREAKPT_LOW:
	case EC_BREAKPT_CUR:
		slot = find_bp(d, pc);
		if (slot >= 0) {
			e.why = GDB_DEBUG_HW_BREAK;
			e.slot = slot;
		}
		break;
	case EC_WATCHPT_LOW:
	case EC_WATCHPT_CUR:
		slot = find_wp(d, far, esr & ESR_WNR);
		if (slot >= 0) {
			e.why = GDB_DEBUG_WATCH;
			e.slot = slot;
			/* GDB finds the watchpoint by an address inside it */
			e.addr = wp_dist(&d->hw[slot], far) ? d->hw[slot].addr :
							      far;
		}
		break;
	}
	return e;
}

/* The KVM side: every call with the vCPU out of KVM_RUN. */

static int one_reg(struct vcpu *vcpu, unsigned long req, uint64_t id,
		   void *val)
{
	struct kvm_one_reg r = { .id = id, .addr = (uintptr_t)val };

	return ioctl(vcpu->fd, req, &r) < 0 ? -1 : 0;
}

static int get_kvm(struct vcpu *vcpu, struct arm64_gdb_vals *v,
		   unsigned int regno)
{
	return one_reg(vcpu, KVM_GET_ONE_REG, arm64_gdb_regs[regno].id,
		       v->v[regno]);
}

/* regno's value and what it derives from (all of them: regno NR) */
static int fetch(struct vcpu *vcpu, struct arm64_gdb_vals *v,
		 unsigned int regno)
{
	unsigned int i;

	memset(v, 0, sizeof(*v));
	if (regno < ARM64_GDB_NR && arm64_gdb_regs[regno].src == ARM64_GDB_KVM)
		return get_kvm(vcpu, v, regno);
	if (regno < ARM64_GDB_NR) {
		if (get_kvm(vcpu, v, ARM64_GDB_CPSR) ||
		    (regno == ARM64_GDB_SP &&
		     (get_kvm(vcpu, v, ARM64_GDB_SP_EL0) ||
		      get_kvm(vcpu, v, ARM64_GDB_SP_EL1))))
			return -1;
	} else {
		for (i = 0; i < ARM64_GDB_NR; i++)
			if (arm64_gdb_regs[i].src == ARM64_GDB_KVM &&
			    get_kvm(vcpu, v, i))
				return -1;
	}
	arm64_gdb_derive(v);
	return 0;
}

static int store(struct vcpu *vcpu, const struct arm64_gdb_vals *cur,
		 const struct arm64_gdb_vals *want)
{
	struct arm64_gdb_set set[ARM64_GDB_NR];
	int i, n;

	n = arm64_gdb_plan(cur, want, set);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (one_reg(vcpu, KVM_SET_ONE_REG, set[i].id, set[i].val))
			return -1;
	return 0;
}

static char xml[8192];
static bool xml_fits;

static void xml_build(void)
{
	xml_fits = arm64_gdb_xml(xml, sizeof(xml)) < sizeof(xml);
}

const char *arch_gdb_target_xml(struct vcpu *vcpu)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	(void)vcpu;	/* no AArch32 EL1: one layout for every vCPU */
	pthread_once(&once, xml_build);
	return xml_fits ? xml : NULL;
}

long arch_gdb_read_regs(struct vcpu *vcpu, uint8_t *buf, size_t size)
{
	struct arm64_gdb_vals v;
	size_t off = 0;
	unsigned int i;

	if (size < ARM64_GDB_G_SIZE || fetch(vcpu, &v, ARM64_GDB_NR))
		return -1;
	for (i = 0; i < ARM64_GDB_NR; i++)
		off += arm64_gdb_pack(&v, i, buf + off);
	return off;
}

int arch_gdb_write_regs(struct vcpu *vcpu, const uint8_t *buf, size_t len)
{
	struct arm64_gdb_vals cur, want;
	size_t off = 0;
	unsigned int i;

	if (len != ARM64_GDB_G_SIZE || fetch(vcpu, &cur, ARM64_GDB_NR))
		return -1;
	want = cur;
	for (i = 0; i < ARM64_GDB_NR; i++) {
		arm64_gdb_unpack(&want, i, buf + off);
		off += arm64_gdb_regs[i].bits / 8;
	}
	return store(vcpu, &cur, &want);
}

long arch_gdb_read_reg(struct vcpu *vcpu, unsigned int regno, uint8_t *buf,
		       size_t size)
{
	struct arm64_gdb_vals v;

	if (regno >= ARM64_GDB_NR || size < arm64_gdb_regs[regno].bits / 8U ||
	    fetch(vcpu, &v, regno))
		return -1;
	return arm64_gdb_pack(&v, regno, buf);
}

int arch_gdb_write_reg(struct vcpu *vcpu, unsigned int regno,
		       const uint8_t *buf, size_t len)
{
	struct arm64_gdb_vals cur, want;

	if (regno >= ARM64_GDB_NR || len != arm64_gdb_regs[regno].bits / 8U ||
	    fetch(vcpu, &cur, regno))
		return -1;
	want = cur;
	arm64_gdb_unpack(&want, regno, buf);
	return store(vcpu, &cur, &want);
}

/* a descriptor in guest RAM: a table outside it fails the walk */
static int read_desc(void *ctx, uint64_t gpa, uint64_t *desc)
{
	const void *p = vm_gpa(ctx, gpa, sizeof(*desc));

	if (!p)
		return -1;
	memcpy(desc, p, sizeof(*desc));
	*desc = le64toh(*desc);
	return 0;
}

int arch_gdb_translate(struct vcpu *vcpu, uint64_t gva, uint64_t *gpa,
		       uint64_t *left)
{
	const struct arm64_gdb_reg *r = arm64_gdb_regs;
	struct arm64_mmu m = { 0 };

	if (one_reg(vcpu, KVM_GET_ONE_REG, r[ARM64_GDB_SCTLR_EL1].id, &m.sctlr))
		return -1;
	if ((m.sctlr & SCTLR_M) &&
	    (one_reg(vcpu, KVM_GET_ONE_REG, r[ARM64_GDB_TCR_EL1].id, &m.tcr) ||
	     one_reg(vcpu, KVM_GET_ONE_REG, r[ARM64_GDB_TTBR0_EL1].id,
		     &m.ttbr0) ||
	     one_reg(vcpu, KVM_GET_ONE_REG, r[ARM64_GDB_TTBR1_EL1].id,
		     &m.ttbr1)))
		return -1;
	return arm64_gdb_walk(&m, gva, read_desc, vcpu->vm, gpa, left);
}

int arch_gdb_hw_check(enum gdb_hw_type type, uint64_t addr, uint64_t len)
{
	uint64_t ctrl, val;

	if (type == GDB_HW_EXEC)
		return arm64_gdb_bp(addr, len, &ctrl, &val);
	return arm64_gdb_wp(type, addr, len, &ctrl, &val);
}

/* this CPU's breakpoint or watchpoint registers (KVM_CHECK_EXTENSION) */
static unsigned int dbg_regs(struct vm *vm, long cap)
{
	int n = ioctl(vm->fd, KVM_CHECK_EXTENSION, cap);

	/* ARMv8 has at least 2 of each; a KVM without the cap says 0 */
	return n > 0 ? (unsigned int)n : 2;
}

/*
 * The probe's guest at IPA 0, MMU off, VBAR_EL1 0 as KVM resets it: its
 * code at PROBE_CODE, a store to an IPA without memory at the vector of
 * an EL1 synchronous exception, so a brk KVM does not intercept ends the
 * run with KVM_EXIT_MMIO rather than in a loop.
 */
#define PROBE_MEM	0x10000		/* any host page size */
#define PROBE_VECTOR	0x200		/* current EL, SP_ELx, synchronous */
#define PROBE_CODE	0x400
#define PROBE_MMIO	0x100000
#define A64_NOP		0xd503201f
#define A64_STR_X0_X1	0xf9000020	/* str x0, [x1] */

/* One run of INSN in a VM of its own under DBG: KVM's exit, or -1. */
static int probe_run(int kvm_fd, uint32_t insn,
		     const struct kvm_guest_debug *dbg, uint32_t *esr)
{
	struct kvm_userspace_memory_region region = {
		.memory_size = PROBE_MEM,
	};
	struct kvm_one_reg reg_pc = { .id = CORE64_ID(regs.pc) };
	struct kvm_one_reg reg_x1 = { .id = CORE64_ID(regs.regs[1]) };
	struct kvm_vcpu_init init;
	struct kvm_run *run = MAP_FAILED;
	uint64_t pc = PROBE_CODE, x1 = PROBE_MMIO;
	int vm_fd, vcpu_fd = -1, reason = -1;
	uint32_t *mem;
	long size = 0;

	vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (vm_fd < 0)
		return -1;
	mem = mmap(NULL, PROBE_MEM, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		goto out;
	mem[PROBE_VECTOR / 4] = htole32(A64_STR_X0_X1);
	mem[PROBE_CODE / 4] = htole32(insn);
	mem[PROBE_CODE / 4 + 1] = htole32(A64_STR_X0_X1);
	region.userspace_addr = (uintptr_t)mem;
	size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size <= 0 || ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION, &region))
		goto out;
	vcpu_fd = ioctl(vm_fd, KVM_CREATE_VCPU, 0);
	if (vcpu_fd < 0 || ioctl(vm_fd, KVM_ARM_PREFERRED_TARGET, &init) ||
	    ioctl(vcpu_fd, KVM_ARM_VCPU_INIT, &init))
		goto out;
	run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   vcpu_fd, 0);
	reg_pc.addr = (uintptr_t)&pc;
	reg_x1.addr = (uintptr_t)&x1;
	if (run == MAP_FAILED || ioctl(vcpu_fd, KVM_SET_ONE_REG, &reg_pc) ||
	    ioctl(vcpu_fd, KVM_SET_ONE_REG, &reg_x1) ||
	    ioctl(vcpu_fd, KVM_SET_GUEST_DEBUG, dbg) ||
	    ioctl(vcpu_fd, KVM_RUN, 0))
		goto out;
	reason = (int)run->exit_reason;
	*esr = run->debug.arch.hsr;
out:
	if (run != MAP_FAILED)
		munmap(run, (size_t)size);
	if (vcpu_fd >= 0)
		close(vcpu_fd);
	if (mem != MAP_FAILED)
		munmap(mem, PROBE_MEM);
	close(vm_fd);
	return reason;
}

/*
 * Whether this KVM's guest debugging works, tried in a VM of its own:
 * brk #0 with KVM_GUESTDBG_USE_SW_BP, a DBGBVR0 breakpoint with
 * KVM_GUESTDBG_USE_HW. An emulated EL2 need not route them to KVM.
 */
unsigned int arch_gdb_probe(int kvm_fd)
{
	struct kvm_guest_debug dbg = {
		.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP,
	};
	unsigned int caps = 0;
	uint32_t esr = 0, brk;
	uint64_t bcr, bvr;

	memcpy(&brk, arch_gdb_brk, sizeof(brk));
	if (probe_run(kvm_fd, le32toh(brk), &dbg, &esr) == KVM_EXIT_DEBUG &&
	    ESR_EC(esr) == EC_BRK64)
		caps |= GDB_CAN_SW_BREAK;
	dbg.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW;
	arm64_gdb_bp(PROBE_CODE, 4, &bcr, &bvr);
	dbg.arch.dbg_bcr[0] = bcr;
	dbg.arch.dbg_bvr[0] = bvr;
	if (probe_run(kvm_fd, A64_NOP, &dbg, &esr) == KVM_EXIT_DEBUG &&
	    (ESR_EC(esr) == EC_BREAKPT_LOW || ESR_EC(esr) == EC_BREAKPT_CUR))
		caps |= GDB_CAN_HW_BREAK;
	return caps;
}

int arch_gdb_set_debug(struct vcpu *vcpu, const struct gdb_debug *d)
{
	unsigned int brps = 0, wrps = 0;
	struct kvm_guest_debug dbg;

	if (d->nr_hw) {
		brps = dbg_regs(vcpu->vm, KVM_CAP_GUEST_DEBUG_HW_BPS);
		wrps = dbg_regs(vcpu->vm, KVM_CAP_GUEST_DEBUG_HW_WPS);
	}
	if (arm64_gdb_guest_debug(d, brps, wrps, &dbg))
		return -1;
	if (ioctl(vcpu->fd, KVM_SET_GUEST_DEBUG, &dbg) < 0)
		return err_sys("KVM_SET_GUEST_DEBUG");
	return 0;
}

struct gdb_debug_exit arch_gdb_debug_exit(struct vcpu *vcpu,
					  const struct gdb_debug *d)
{
	uint64_t pc = 0;

	/* the exception's return address: at the brk, before the access */
	one_reg(vcpu, KVM_GET_ONE_REG, arm64_gdb_regs[ARM64_GDB_PC].id, &pc);
	return arm64_gdb_decode(vcpu->run->debug.arch.hsr,
				vcpu->run->debug.arch.far, pc, d);
}

int arch_gdb_set_pc(struct vcpu *vcpu, uint64_t pc)
{
	return one_reg(vcpu, KVM_SET_ONE_REG, arm64_gdb_regs[ARM64_GDB_PC].id,
		       &pc);
}
