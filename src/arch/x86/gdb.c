// SPDX-License-Identifier: GPL-2.0
/*
 * The GDB stub's x86 back end: registers in GDB's layouts with their
 * target descriptions, translation through KVM_TRANSLATE, the debug
 * registers through KVM_SET_GUEST_DEBUG and what a KVM_EXIT_DEBUG was.
 *
 * The layout follows the vCPU's mode when asked: amd64's in IA-32e mode
 * (EFER.LMA, whatever CS.L says: compatibility mode still has every
 * 64-bit register, and a 64-bit kernel running 32-bit code would
 * otherwise change layout under GDB at each system call), i386's in
 * protected and real mode. GDB reads target.xml once: a guest that
 * enters long mode later needs GDB to connect again.
 *
 * Real mode: GDB knows no segments. As QEMU does, eip is IP, while the
 * addresses of memory, breakpoints and watchpoints are linear (physical
 * with paging off), as KVM_EXIT_DEBUG's pc is: where CS.base is not 0,
 * "x/i $pc" reads the wrong place and "x/i $cs * 16 + $eip" the right.
 */
#include <linux/kvm.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "compiler.h"
#include "gdb_arch.h"
#include "log.h"
#include "vcpu.h"
#include "vm.h"
#include "x86_internal.h"

#define CR0_PE		(1u << 0)
#define RFLAGS_VM	(1u << 17)	/* virtual-8086 mode */
#define EFER_LMA	(1u << 10)
#define MSR_KERNEL_GS_BASE	0xc0000102

#define DR6_B(i)	(1u << (i))	/* breakpoint i's condition met */
#define DR6_BS		(1u << 14)	/* single step */
#define DR7_L(i)	(1u << ((i) * 2))
#define DR7_RW(i, rw)	((uint64_t)(rw) << (16 + (i) * 4))
#define DR7_LEN(i, len)	((uint64_t)(len) << (18 + (i) * 4))
#define DR7_RW_EXEC	0
#define DR7_RW_WRITE	1
#define DR7_RW_ACCESS	3

#define DB_VECTOR	1
#define BP_VECTOR	3

#define PAGE_SIZE	4096u

const uint8_t arch_gdb_brk[] = { 0xcc };	/* int3 */
const unsigned int arch_gdb_brk_len = sizeof(arch_gdb_brk);

/* The target descriptions; attributes in single quotes, as XML allows. */
#define XML_HEAD(arch)							\
	"<?xml version='1.0'?>"						\
	"<!DOCTYPE target SYSTEM 'gdb-target.dtd'>"			\
	"<target version='1.0'><architecture>" arch "</architecture>"
#define XML_TAIL	"</target>"
#define FEATURE(name)	"<feature name='" name "'>"
#define END_FEATURE	"</feature>"
#define REG(name, bits, type)						\
	"<reg name='" name "' bitsize='" #bits "' type='" type "'/>"
#define REG_IN(name, bits, type, group)					\
	"<reg name='" name "' bitsize='" #bits "' type='" type		\
	"' group='" group "'/>"
#define FLAG(name, bit)							\
	"<field name='" name "' start='" #bit "' end='" #bit "'/>"
#define FLAGS(id, bytes)	"<flags id='" id "' size='" #bytes "'>"
#define END_FLAGS	"</flags>"

#define XML_EFLAGS							\
	FLAGS("i386_eflags", 4)						\
	FLAG("CF", 0) FLAG("", 1) FLAG("PF", 2) FLAG("AF", 4)		\
	FLAG("ZF", 6) FLAG("SF", 7) FLAG("TF", 8) FLAG("IF", 9)		\
	FLAG("DF", 10) FLAG("OF", 11) FLAG("NT", 14) FLAG("RF", 16)	\
	FLAG("VM", 17) FLAG("AC", 18) FLAG("VIF", 19) FLAG("VIP", 20)	\
	FLAG("ID", 21)							\
	END_FLAGS "\n"

#define XML_SEGS							\
	REG("cs", 32, "int32") REG("ss", 32, "int32")			\
	REG("ds", 32, "int32") REG("es", 32, "int32")			\
	REG("fs", 32, "int32") REG("gs", 32, "int32") "\n"

/* part of org.gnu.gdb.i386.core, which GDB refuses without them */
#define XML_X87								\
	REG("st0", 80, "i387_ext") REG("st1", 80, "i387_ext")		\
	REG("st2", 80, "i387_ext") REG("st3", 80, "i387_ext")		\
	REG("st4", 80, "i387_ext") REG("st5", 80, "i387_ext")		\
	REG("st6", 80, "i387_ext") REG("st7", 80, "i387_ext")		\
	REG_IN("fctrl", 32, "int", "float")				\
	REG_IN("fstat", 32, "int", "float")				\
	REG_IN("ftag", 32, "int", "float")				\
	REG_IN("fiseg", 32, "int", "float")				\
	REG_IN("fioff", 32, "int", "float")				\
	REG_IN("foseg", 32, "int", "float")				\
	REG_IN("fooff", 32, "int", "float")				\
	REG_IN("fop", 32, "int", "float") "\n"

#define XML_SSE_TYPES							\
	"<vector id='v4f' type='ieee_single' count='4'/>"		\
	"<vector id='v2d' type='ieee_double' count='2'/>"		\
	"<vector id='v16i8' type='int8' count='16'/>"			\
	"<vector id='v8i16' type='int16' count='8'/>"			\
	"<vector id='v4i32' type='int32' count='4'/>"			\
	"<vector id='v2i64' type='int64' count='2'/>"			\
	"<union id='vec128'>"						\
	"<field name='v4_float' type='v4f'/>"				\
	"<field name='v2_double' type='v2d'/>"				\
	"<field name='v16_int8' type='v16i8'/>"				\
	"<field name='v8_int16' type='v8i16'/>"				\
	"<field name='v4_int32' type='v4i32'/>"				\
	"<field name='v2_int64' type='v2i64'/>"				\
	"<field name='uint128' type='uint128'/>"			\
	"</union>"							\
	FLAGS("i386_mxcsr", 4)						\
	FLAG("IE", 0) FLAG("DE", 1) FLAG("ZE", 2) FLAG("OE", 3)		\
	FLAG("UE", 4) FLAG("PE", 5) FLAG("DAZ", 6) FLAG("IM", 7)	\
	FLAG("DM", 8) FLAG("ZM", 9) FLAG("OM", 10) FLAG("UM", 11)	\
	FLAG("PM", 12) FLAG("FZ", 15)					\
	END_FLAGS "\n"

#define XML_XMM0_7							\
	REG("xmm0", 128, "vec128") REG("xmm1", 128, "vec128")		\
	REG("xmm2", 128, "vec128") REG("xmm3", 128, "vec128")		\
	REG("xmm4", 128, "vec128") REG("xmm5", 128, "vec128")		\
	REG("xmm6", 128, "vec128") REG("xmm7", 128, "vec128") "\n"
#define XML_XMM8_15							\
	REG("xmm8", 128, "vec128") REG("xmm9", 128, "vec128")		\
	REG("xmm10", 128, "vec128") REG("xmm11", 128, "vec128")		\
	REG("xmm12", 128, "vec128") REG("xmm13", 128, "vec128")		\
	REG("xmm14", 128, "vec128") REG("xmm15", 128, "vec128") "\n"
#define XML_MXCSR	REG_IN("mxcsr", 32, "i386_mxcsr", "vector")

/* the system registers, also shown by "info registers system" */
#define XML_SYS_TYPES(bytes)						\
	FLAGS("x86_cr0", bytes)						\
	FLAG("PE", 0) FLAG("MP", 1) FLAG("EM", 2) FLAG("TS", 3)		\
	FLAG("ET", 4) FLAG("NE", 5) FLAG("WP", 16) FLAG("AM", 18)	\
	FLAG("NW", 29) FLAG("CD", 30) FLAG("PG", 31)			\
	END_FLAGS							\
	FLAGS("x86_cr4", bytes)						\
	FLAG("VME", 0) FLAG("PVI", 1) FLAG("TSD", 2) FLAG("DE", 3)	\
	FLAG("PSE", 4) FLAG("PAE", 5) FLAG("MCE", 6) FLAG("PGE", 7)	\
	FLAG("PCE", 8) FLAG("OSFXSR", 9) FLAG("OSXMMEXCPT", 10)	\
	FLAG("UMIP", 11) FLAG("LA57", 12) FLAG("VMXE", 13)		\
	FLAG("SMXE", 14) FLAG("FSGSBASE", 16) FLAG("PCIDE", 17)		\
	FLAG("OSXSAVE", 18) FLAG("SMEP", 20) FLAG("SMAP", 21)		\
	FLAG("PKE", 22) FLAG("CET", 23) FLAG("PKS", 24)			\
	END_FLAGS							\
	FLAGS("x86_efer", bytes)					\
	FLAG("SCE", 0) FLAG("LME", 8) FLAG("LMA", 10) FLAG("NXE", 11)	\
	FLAG("SVME", 12) FLAG("LMSLE", 13) FLAG("FFXSR", 14)		\
	FLAG("TCE", 15)							\
	END_FLAGS "\n"

#define SYS_FEATURE	"org.kvmini.gdb.x86.sys"

static const char xml_amd64[] =
	XML_HEAD("i386:x86-64")
	FEATURE("org.gnu.gdb.i386.core")
	XML_EFLAGS
	REG("rax", 64, "int64") REG("rbx", 64, "int64")
	REG("rcx", 64, "int64") REG("rdx", 64, "int64")
	REG("rsi", 64, "int64") REG("rdi", 64, "int64")
	REG("rbp", 64, "data_ptr") REG("rsp", 64, "data_ptr")
	REG("r8", 64, "int64") REG("r9", 64, "int64")
	REG("r10", 64, "int64") REG("r11", 64, "int64")
	REG("r12", 64, "int64") REG("r13", 64, "int64")
	REG("r14", 64, "int64") REG("r15", 64, "int64")
	REG("rip", 64, "code_ptr") REG("eflags", 32, "i386_eflags")
	XML_SEGS
	XML_X87
	END_FEATURE
	FEATURE("org.gnu.gdb.i386.sse")
	XML_SSE_TYPES
	XML_XMM0_7
	XML_XMM8_15
	XML_MXCSR
	END_FEATURE
	FEATURE("org.gnu.gdb.i386.segments")
	REG("fs_base", 64, "int64") REG("gs_base", 64, "int64")
	END_FEATURE
	FEATURE(SYS_FEATURE)
	XML_SYS_TYPES(8)
	REG_IN("k_gs_base", 64, "int64", "system")
	REG_IN("cr0", 64, "x86_cr0", "system")
	REG_IN("cr2", 64, "int64", "system")
	REG_IN("cr3", 64, "int64", "system")
	REG_IN("cr4", 64, "x86_cr4", "system")
	REG_IN("cr8", 64, "int64", "system")
	REG_IN("efer", 64, "x86_efer", "system")
	END_FEATURE
	XML_TAIL;

/*
 * No org.gnu.gdb.i386.segments here: GDB 13's i386 GNU/Linux ABI fails
 * an assertion on it. fs_base and gs_base go with the system registers.
 */
static const char xml_i386[] =
	XML_HEAD("i386")
	FEATURE("org.gnu.gdb.i386.core")
	XML_EFLAGS
	REG("eax", 32, "int32") REG("ecx", 32, "int32")
	REG("edx", 32, "int32") REG("ebx", 32, "int32")
	REG("esp", 32, "data_ptr") REG("ebp", 32, "data_ptr")
	REG("esi", 32, "int32") REG("edi", 32, "int32")
	REG("eip", 32, "code_ptr") REG("eflags", 32, "i386_eflags")
	XML_SEGS
	XML_X87
	END_FEATURE
	FEATURE("org.gnu.gdb.i386.sse")
	XML_SSE_TYPES
	XML_XMM0_7
	XML_MXCSR
	END_FEATURE
	FEATURE(SYS_FEATURE)
	XML_SYS_TYPES(4)
	REG("fs_base", 32, "int32") REG("gs_base", 32, "int32")
	REG_IN("cr0", 32, "x86_cr0", "system")
	REG_IN("cr2", 32, "int32", "system")
	REG_IN("cr3", 32, "int32", "system")
	REG_IN("cr4", 32, "x86_cr4", "system")
	REG_IN("efer", 32, "x86_efer", "system")
	END_FEATURE
	XML_TAIL;

/*
 * Where each register of a layout comes from, in the order of its
 * target description (tests/unit/x86/test_x86_gdb.c checks the two).
 */
enum reg_kind {
	RK_INT,		/* an integer: a narrower register keeps its top */
	RK_HIGH,	/* the top half of a 64-bit field */
	RK_SEL,		/* a segment's selector */
	RK_RAW,		/* bytes as they are: st, xmm */
	RK_FTAG,	/* the x87 tag word */
};

struct x86_reg {
	const char *name;
	uint8_t size;		/* bytes in the packet */
	uint8_t kind;
	uint8_t fsize;		/* bytes of the field */
	uint16_t off;		/* of the field in struct x86_gdb_state */
};

#define FIELD_SIZE(f)	sizeof(((struct x86_gdb_state *)NULL)->f)
#define FIELD(n, sz, k, f)						\
	{ .name = (n), .size = (sz), .kind = (k),			\
	  .fsize = FIELD_SIZE(f), .off = offsetof(struct x86_gdb_state, f) }
#define INT(n, sz, f)	FIELD(n, sz, RK_INT, f)

#define SEG(s)	FIELD(#s, 4, RK_SEL, sregs.s)
#define ST(i)	FIELD("st" #i, 10, RK_RAW, fpu.fpr[i])
#define XMM(i)	FIELD("xmm" #i, 16, RK_RAW, fpu.xmm[i])

/*
 * KVM keeps the x87 state as FXSAVE's 64-bit format has it: 64-bit
 * instruction and operand pointers, no selectors. As GDB's amd64 code
 * reads that format, fiseg and foseg are the pointers' top halves, in
 * both layouts. x86 hosts only: the fields are little-endian as GDB's
 * registers are.
 */
static const struct x86_reg regs_amd64[] = {
	INT("rax", 8, regs.rax), INT("rbx", 8, regs.rbx),
	INT("rcx", 8, regs.rcx), INT("rdx", 8, regs.rdx),
	INT("rsi", 8, regs.rsi), INT("rdi", 8, regs.rdi),
	INT("rbp", 8, regs.rbp), INT("rsp", 8, regs.rsp),
	INT("r8", 8, regs.r8), INT("r9", 8, regs.r9),
	INT("r10", 8, regs.r10), INT("r11", 8, regs.r11),
	INT("r12", 8, regs.r12), INT("r13", 8, regs.r13),
	INT("r14", 8, regs.r14), INT("r15", 8, regs.r15),
	INT("rip", 8, regs.rip), INT("eflags", 4, regs.rflags),
	SEG(cs), SEG(ss), SEG(ds), SEG(es), SEG(fs), SEG(gs),
	ST(0), ST(1), ST(2), ST(3), ST(4), ST(5), ST(6), ST(7),
	INT("fctrl", 4, fpu.fcw), INT("fstat", 4, fpu.fsw),
	FIELD("ftag", 4, RK_FTAG, fpu.ftwx),
	FIELD("fiseg", 4, RK_HIGH, fpu.last_ip), INT("fioff", 4, fpu.last_ip),
	FIELD("foseg", 4, RK_HIGH, fpu.last_dp), INT("fooff", 4, fpu.last_dp),
	INT("fop", 4, fpu.last_opcode),
	XMM(0), XMM(1), XMM(2), XMM(3), XMM(4), XMM(5), XMM(6), XMM(7),
	XMM(8), XMM(9), XMM(10), XMM(11), XMM(12), XMM(13), XMM(14), XMM(15),
	INT("mxcsr", 4, fpu.mxcsr),
	INT("fs_base", 8, sregs.fs.base), INT("gs_base", 8, sregs.gs.base),
	INT("k_gs_base", 8, kernel_gs_base),
	INT("cr0", 8, sregs.cr0), INT("cr2", 8, sregs.cr2),
	INT("cr3", 8, sregs.cr3), INT("cr4", 8, sregs.cr4),
	INT("cr8", 8, sregs.cr8), INT("efer", 8, sregs.efer),
};

static const struct x86_reg regs_i386[] = {
	INT("eax", 4, regs.rax), INT("ecx", 4, regs.rcx),
	INT("edx", 4, regs.rdx), INT("ebx", 4, regs.rbx),
	INT("esp", 4, regs.rsp), INT("ebp", 4, regs.rbp),
	INT("esi", 4, regs.rsi), INT("edi", 4, regs.rdi),
	INT("eip", 4, regs.rip), INT("eflags", 4, regs.rflags),
	SEG(cs), SEG(ss), SEG(ds), SEG(es), SEG(fs), SEG(gs),
	ST(0), ST(1), ST(2), ST(3), ST(4), ST(5), ST(6), ST(7),
	INT("fctrl", 4, fpu.fcw), INT("fstat", 4, fpu.fsw),
	FIELD("ftag", 4, RK_FTAG, fpu.ftwx),
	FIELD("fiseg", 4, RK_HIGH, fpu.last_ip), INT("fioff", 4, fpu.last_ip),
	FIELD("foseg", 4, RK_HIGH, fpu.last_dp), INT("fooff", 4, fpu.last_dp),
	INT("fop", 4, fpu.last_opcode),
	XMM(0), XMM(1), XMM(2), XMM(3), XMM(4), XMM(5), XMM(6), XMM(7),
	INT("mxcsr", 4, fpu.mxcsr),
	INT("fs_base", 4, sregs.fs.base), INT("gs_base", 4, sregs.gs.base),
	INT("cr0", 4, sregs.cr0), INT("cr2", 4, sregs.cr2),
	INT("cr3", 4, sregs.cr3), INT("cr4", 4, sregs.cr4),
	INT("efer", 4, sregs.efer),
};

static const struct x86_reg *layout(enum x86_gdb_mode mode, unsigned int *nr)
{
	if (mode == X86_GDB_LONG) {
		*nr = ARRAY_SIZE(regs_amd64);
		return regs_amd64;
	}
	*nr = ARRAY_SIZE(regs_i386);
	return regs_i386;
}

enum x86_gdb_mode x86_gdb_mode(const struct kvm_sregs *s, uint64_t rflags)
{
	if (s->efer & EFER_LMA)
		return X86_GDB_LONG;
	/* virtual-8086 mode's segments work as real mode's do */
	if (!(s->cr0 & CR0_PE) || (rflags & RFLAGS_VM))
		return X86_GDB_REAL;
	return X86_GDB_PROT;
}

const char *x86_gdb_xml(enum x86_gdb_mode mode)
{
	return mode == X86_GDB_LONG ? xml_amd64 : xml_i386;
}

unsigned int x86_gdb_nr_regs(enum x86_gdb_mode mode)
{
	unsigned int nr;

	layout(mode, &nr);
	return nr;
}

const char *x86_gdb_reg_name(enum x86_gdb_mode mode, unsigned int regno)
{
	unsigned int nr;
	const struct x86_reg *r = layout(mode, &nr);

	return regno < nr ? r[regno].name : NULL;
}

size_t x86_gdb_regs_size(enum x86_gdb_mode mode)
{
	unsigned int nr, i;
	const struct x86_reg *r = layout(mode, &nr);
	size_t size = 0;

	for (i = 0; i < nr; i++)
		size += r[i].size;
	return size;
}

static uint64_t get_le(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static void put_le(uint8_t *p, unsigned int n, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < n; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

/* An 80-bit register's tag: 0 valid, 1 zero, 2 special (as FSTENV). */
static unsigned int st_tag(const uint8_t *st)
{
	unsigned int exp = get_le(st + 8, 2) & 0x7fff;
	uint64_t mant = get_le(st, 8);

	if (exp == 0x7fff)
		return 2;
	if (exp == 0)
		return mant ? 2 : 1;
	return mant >> 63 ? 0 : 2;
}

/*
 * FXSAVE keeps a bit per physical register (in use or empty), GDB wants
 * the full tag word: each register's two bits, 3 for empty, the others
 * from its contents. KVM's fpr[] is in stack order, st(0) first.
 */
static uint16_t ftag_full(const struct kvm_fpu *f)
{
	unsigned int top = (f->fsw >> 11) & 7, i, tag = 0;

	for (i = 0; i < 8; i++) {
		unsigned int t = 3;

		if (f->ftwx & (1u << i))
			t = st_tag(f->fpr[(i - top) & 7]);
		tag |= t << (i * 2);
	}
	return (uint16_t)tag;
}

static uint8_t ftag_abridged(uint64_t full)
{
	unsigned int i, tag = 0;

	for (i = 0; i < 8; i++)
		if (((full >> (i * 2)) & 3) != 3)
			tag |= 1u << i;
	return (uint8_t)tag;
}

static void pack_one(const struct x86_reg *r, const struct x86_gdb_state *st,
		     uint8_t *buf)
{
	const uint8_t *f = (const uint8_t *)st + r->off;
	uint64_t v;

	switch (r->kind) {
	case RK_RAW:
		memcpy(buf, f, r->size);
		return;
	case RK_FTAG:
		v = ftag_full(&st->fpu);
		break;
	case RK_SEL:
		v = ((const struct kvm_segment *)f)->selector;
		break;
	case RK_HIGH:
		v = get_le(f, r->fsize) >> 32;
		break;
	default:
		v = get_le(f, r->fsize);
		break;
	}
	put_le(buf, r->size, v);
}

/*
 * A register narrower than its field (eax in rax, fioff in last_ip)
 * keeps the field's top bits: compatibility mode has them, and 'G'
 * writes every register back. A selector sets a real-mode base only
 * when it changes, so that CS.base stays 0xffff0000 after a reset.
 */
static void unpack_one(const struct x86_reg *r, enum x86_gdb_mode mode,
		       struct x86_gdb_state *st, const uint8_t *buf)
{
	uint8_t *f = (uint8_t *)st + r->off;
	uint64_t v = get_le(buf, r->size), old;
	struct kvm_segment *seg;

	switch (r->kind) {
	case RK_RAW:
		memcpy(f, buf, r->size);
		return;
	case RK_FTAG:
		st->fpu.ftwx = ftag_abridged(v);
		return;
	case RK_SEL:
		seg = (struct kvm_segment *)f;
		if (seg->selector == (uint16_t)v)
			return;
		seg->selector = (uint16_t)v;
		if (mode == X86_GDB_REAL)
			seg->base = (uint64_t)seg->selector << 4;
		return;
	}
	old = get_le(f, r->fsize);
	if (r->kind == RK_HIGH)
		v = (old & 0xffffffffull) | v << 32;
	else if (r->size < r->fsize)
		v = (old & ~0ull << (r->size * 8)) | v;
	put_le(f, r->fsize, v);
}

long x86_gdb_pack(enum x86_gdb_mode mode, const struct x86_gdb_state *st,
		  uint8_t *buf, size_t size)
{
	unsigned int nr, i;
	const struct x86_reg *r = layout(mode, &nr);
	size_t off = 0;

	if (size < x86_gdb_regs_size(mode))
		return -1;
	for (i = 0; i < nr; off += r[i].size, i++)
		pack_one(&r[i], st, buf + off);
	return (long)off;
}

int x86_gdb_unpack(enum x86_gdb_mode mode, struct x86_gdb_state *st,
		   const uint8_t *buf, size_t len)
{
	unsigned int nr, i;
	const struct x86_reg *r = layout(mode, &nr);
	size_t off = 0;

	if (len != x86_gdb_regs_size(mode))
		return -1;
	for (i = 0; i < nr; off += r[i].size, i++)
		unpack_one(&r[i], mode, st, buf + off);
	return 0;
}

long x86_gdb_pack_reg(enum x86_gdb_mode mode, const struct x86_gdb_state *st,
		      unsigned int regno, uint8_t *buf, size_t size)
{
	unsigned int nr;
	const struct x86_reg *r = layout(mode, &nr);

	if (regno >= nr || size < r[regno].size)
		return -1;
	pack_one(&r[regno], st, buf);
	return r[regno].size;
}

int x86_gdb_unpack_reg(enum x86_gdb_mode mode, struct x86_gdb_state *st,
		       unsigned int regno, const uint8_t *buf, size_t len)
{
	unsigned int nr;
	const struct x86_reg *r = layout(mode, &nr);

	if (regno >= nr || len != r[regno].size)
		return -1;
	unpack_one(&r[regno], mode, st, buf);
	return 0;
}

/* DR7's LEN field for a watched length; -1 for one it cannot express. */
static int dr7_len(uint64_t len)
{
	switch (len) {
	case 1:
		return 0;
	case 2:
		return 1;
	case 4:
		return 3;
	case 8:
		return 2;
	}
	return -1;
}

/*
 * x86 watches writes or any access, never reads alone: a read
 * watchpoint is refused, and GDB answers that it cannot set one, rather
 * than stopping on writes too. An instruction breakpoint is 1 byte long
 * (LEN 00); a watched range is aligned to its length.
 */
int arch_gdb_hw_check(enum gdb_hw_type type, uint64_t addr, uint64_t len)
{
	switch (type) {
	case GDB_HW_EXEC:
		return len == 1 ? 0 : -1;
	case GDB_HW_WRITE:
	case GDB_HW_ACCESS:
		return dr7_len(len) >= 0 && !(addr & (len - 1)) ? 0 : -1;
	default:
		return -1;
	}
}

int x86_gdb_dr7(const struct gdb_debug *d, uint64_t *dr7)
{
	uint64_t v = 0;
	unsigned int i;

	if (d->nr_hw > GDB_HW_MAX)
		return -1;
	for (i = 0; i < d->nr_hw; i++) {
		const struct gdb_hw_point *p = &d->hw[i];

		if (arch_gdb_hw_check(p->type, p->addr, p->len) < 0)
			return -1;
		v |= DR7_L(i);
		if (p->type == GDB_HW_EXEC)
			continue;	/* RW 00, LEN 00 */
		v |= DR7_RW(i, p->type == GDB_HW_WRITE ? DR7_RW_WRITE :
			    DR7_RW_ACCESS);
		v |= DR7_LEN(i, dr7_len(p->len));
	}
	*dr7 = v;
	return 0;
}

int x86_gdb_guest_debug(const struct gdb_debug *d, uint32_t valid,
			struct kvm_guest_debug *dbg)
{
	unsigned int i;
	uint64_t dr7;

	memset(dbg, 0, sizeof(*dbg));
	if (x86_gdb_dr7(d, &dr7) < 0)
		return -1;
	/*
	 * Nothing to catch: debugging off, which also lifts the APICv
	 * inhibition KVM puts on a VM with a vCPU being debugged
	 */
	if (!d->step && !d->sw_break && !d->nr_hw)
		return 0;
	dbg->control = KVM_GUESTDBG_ENABLE;
	if (d->step) {
		dbg->control |= KVM_GUESTDBG_SINGLESTEP;
		/*
		 * A pending interrupt would make the step end in its
		 * handler; QEMU blocks them too (hlt then waits for ever)
		 */
		if (!d->step_irqs && (valid & KVM_GUESTDBG_BLOCKIRQ))
			dbg->control |= KVM_GUESTDBG_BLOCKIRQ;
	}
	if (d->sw_break)
		dbg->control |= KVM_GUESTDBG_USE_SW_BP;
	if (d->nr_hw)
		dbg->control |= KVM_GUESTDBG_USE_HW_BP;
	for (i = 0; i < d->nr_hw; i++)
		dbg->arch.debugreg[i] = d->hw[i].addr;
	dbg->arch.debugreg[7] = dr7;
	return 0;
}

/*
 * KVM reports the linear address of the instruction (CS.base + RIP):
 * for #BP that of the int3 itself, which it intercepts before it is
 * delivered and so before RIP moves past it (VMX's and SVM's handlers
 * alike leave RIP as it was), so the pc needs no adjustment. KVM exits
 * on every int3 while sw_break is on, the guest's own too: the caller
 * tells them from its breakpoints. A hit slot comes before the step:
 * a watchpoint the stepped instruction triggered is what GDB must know.
 */
struct gdb_debug_exit x86_gdb_debug_decode(const struct kvm_debug_exit_arch *a,
					   const struct gdb_debug *d)
{
	struct gdb_debug_exit e = {
		.why = GDB_DEBUG_OTHER, .slot = -1, .pc = a->pc,
	};
	unsigned int i;

	if (a->exception == BP_VECTOR) {
		if (d->sw_break)
			e.why = GDB_DEBUG_SW_BREAK;
		return e;
	}
	if (a->exception != DB_VECTOR)
		return e;
	for (i = 0; i < d->nr_hw && i < GDB_HW_MAX; i++) {
		if (!(a->dr6 & DR6_B(i)))
			continue;
		e.slot = (int)i;
		if (d->hw[i].type == GDB_HW_EXEC) {
			e.why = GDB_DEBUG_HW_BREAK;
		} else {
			e.why = GDB_DEBUG_WATCH;
			e.addr = d->hw[i].addr;
		}
		return e;
	}
	if ((a->dr6 & DR6_BS) && d->step)
		e.why = GDB_DEBUG_STEP;
	return e;
}

static int get_msr(struct vcpu *vcpu, uint32_t index, uint64_t *val)
{
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e;
	} m = { .hdr.nmsrs = 1, .e.index = index };

	if (ioctl(vcpu->fd, KVM_GET_MSRS, &m) != 1)
		return err_sys("KVM_GET_MSRS");
	*val = m.e.data;
	return 0;
}

static int set_msr(struct vcpu *vcpu, uint32_t index, uint64_t val)
{
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e;
	} m = { .hdr.nmsrs = 1, .e = { .index = index, .data = val } };

	if (ioctl(vcpu->fd, KVM_SET_MSRS, &m) != 1)
		return err_sys("KVM_SET_MSRS");
	return 0;
}

static int get_state(struct vcpu *vcpu, struct x86_gdb_state *st,
		     enum x86_gdb_mode *mode)
{
	memset(st, 0, sizeof(*st));
	if (ioctl(vcpu->fd, KVM_GET_REGS, &st->regs) < 0)
		return err_sys("KVM_GET_REGS");
	if (ioctl(vcpu->fd, KVM_GET_SREGS, &st->sregs) < 0)
		return err_sys("KVM_GET_SREGS");
	if (ioctl(vcpu->fd, KVM_GET_FPU, &st->fpu) < 0)
		return err_sys("KVM_GET_FPU");
	*mode = x86_gdb_mode(&st->sregs, st->regs.rflags);
	/*
	 * GDB reads the description once a connection: a guest that
	 * switches modes keeps the layout GDB knows (64-bit registers cut
	 * to their low half in a 32-bit one)
	 */
	if (vcpu->vm->arch.gdb_layout)
		*mode = (enum x86_gdb_mode)(vcpu->vm->arch.gdb_layout - 1);
	if (*mode == X86_GDB_LONG &&
	    get_msr(vcpu, MSR_KERNEL_GS_BASE, &st->kernel_gs_base) < 0)
		return -1;
	return 0;
}

/*
 * Gives KVM back only what GDB changed: KVM_SET_SREGS, for one, resets
 * the vCPU's MMU context. Segments and control registers first, as
 * the vCPU's set-up does.
 */
static int put_state(struct vcpu *vcpu, const struct x86_gdb_state *old,
		     const struct x86_gdb_state *st)
{
	if (memcmp(&old->sregs, &st->sregs, sizeof(st->sregs)) &&
	    ioctl(vcpu->fd, KVM_SET_SREGS, &st->sregs) < 0)
		return err_sys("KVM_SET_SREGS");
	if (old->kernel_gs_base != st->kernel_gs_base &&
	    set_msr(vcpu, MSR_KERNEL_GS_BASE, st->kernel_gs_base) < 0)
		return -1;
	if (memcmp(&old->regs, &st->regs, sizeof(st->regs)) &&
	    ioctl(vcpu->fd, KVM_SET_REGS, &st->regs) < 0)
		return err_sys("KVM_SET_REGS");
	if (memcmp(&old->fpu, &st->fpu, sizeof(st->fpu)) &&
	    ioctl(vcpu->fd, KVM_SET_FPU, &st->fpu) < 0)
		return err_sys("KVM_SET_FPU");
	return 0;
}

const char *arch_gdb_target_xml(struct vcpu *vcpu)
{
	enum x86_gdb_mode mode;
	struct kvm_sregs s;

	if (ioctl(vcpu->fd, KVM_GET_SREGS, &s) < 0) {
		err_sys("KVM_GET_SREGS");
		return NULL;
	}
	/* real and protected mode share a layout: RFLAGS.VM changes none */
	mode = x86_gdb_mode(&s, 0);
	vcpu->vm->arch.gdb_layout = (int)mode + 1;
	return x86_gdb_xml(mode);
}

long arch_gdb_read_regs(struct vcpu *vcpu, uint8_t *buf, size_t size)
{
	struct x86_gdb_state st;
	enum x86_gdb_mode mode;

	if (get_state(vcpu, &st, &mode) < 0)
		return -1;
	return x86_gdb_pack(mode, &st, buf, size);
}

int arch_gdb_write_regs(struct vcpu *vcpu, const uint8_t *buf, size_t len)
{
	struct x86_gdb_state old, st;
	enum x86_gdb_mode mode;

	if (get_state(vcpu, &old, &mode) < 0)
		return -1;
	memcpy(&st, &old, sizeof(st));
	if (x86_gdb_unpack(mode, &st, buf, len) < 0)
		return -1;
	return put_state(vcpu, &old, &st);
}

long arch_gdb_read_reg(struct vcpu *vcpu, unsigned int regno, uint8_t *buf,
		       size_t size)
{
	struct x86_gdb_state st;
	enum x86_gdb_mode mode;

	if (get_state(vcpu, &st, &mode) < 0)
		return -1;
	return x86_gdb_pack_reg(mode, &st, regno, buf, size);
}

int arch_gdb_write_reg(struct vcpu *vcpu, unsigned int regno,
		       const uint8_t *buf, size_t len)
{
	struct x86_gdb_state old, st;
	enum x86_gdb_mode mode;

	if (get_state(vcpu, &old, &mode) < 0)
		return -1;
	memcpy(&st, &old, sizeof(st));
	if (x86_gdb_unpack_reg(mode, &st, regno, buf, len) < 0)
		return -1;
	return put_state(vcpu, &old, &st);
}

/*
 * KVM walks the guest's page tables as a supervisor read would (with
 * paging off it gives gva back). A translation holds for gva's 4 KiB
 * page at least, whatever size the page really is.
 */
int arch_gdb_translate(struct vcpu *vcpu, uint64_t gva, uint64_t *gpa,
		       uint64_t *left)
{
	struct kvm_translation tr = { .linear_address = gva };

	if (ioctl(vcpu->fd, KVM_TRANSLATE, &tr) < 0)
		return err_sys("KVM_TRANSLATE");
	if (!tr.valid)
		return -1;
	*gpa = tr.physical_address;
	*left = PAGE_SIZE - (gva & (PAGE_SIZE - 1));
	return 0;
}

/* KVM_CAP_SET_GUEST_DEBUG2: the control bits KVM takes (arch_gdb_probe) */
static uint32_t guestdbg_valid;

/*
 * The probe's guest, in real mode at 0: its code at PROBE_CODE, the
 * vector of #BP (IVT entry 3) pointing at a hlt, so an int3 that KVM
 * does not intercept ends the run with KVM_EXIT_HLT instead of a loop.
 */
#define PROBE_CODE	0x100
#define PROBE_HLT	0x200
#define PROBE_MEM	0x1000

/* One run of CODE in a VM of its own under DBG: KVM's exit, or -1. */
static int probe_run(int kvm_fd, const uint8_t *code, size_t len,
		     const struct kvm_guest_debug *dbg,
		     struct kvm_debug_exit_arch *out)
{
	struct kvm_userspace_memory_region region = {
		.memory_size = PROBE_MEM,
	};
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rip = PROBE_CODE, .rflags = 2,
				 .rsp = PROBE_MEM - 16 };
	struct kvm_run *run = MAP_FAILED;
	int vm_fd, vcpu_fd = -1, reason = -1;
	uint8_t *mem;
	long size = 0;

	vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (vm_fd < 0)
		return -1;
	mem = mmap(NULL, PROBE_MEM, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		goto out;
	memcpy(mem + PROBE_CODE, code, len);
	mem[PROBE_HLT] = 0xf4;
	mem[3 * 4] = PROBE_HLT & 0xff;		/* IVT[3] = 0000:0200 */
	mem[3 * 4 + 1] = PROBE_HLT >> 8;
	region.userspace_addr = (uintptr_t)mem;
	size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size <= 0 || ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION, &region))
		goto out;
	vcpu_fd = ioctl(vm_fd, KVM_CREATE_VCPU, 0);
	if (vcpu_fd < 0)
		goto out;
	run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   vcpu_fd, 0);
	if (run == MAP_FAILED || ioctl(vcpu_fd, KVM_GET_SREGS, &sregs))
		goto out;
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu_fd, KVM_SET_SREGS, &sregs) ||
	    ioctl(vcpu_fd, KVM_SET_REGS, &regs) ||
	    ioctl(vcpu_fd, KVM_SET_GUEST_DEBUG, dbg) ||
	    ioctl(vcpu_fd, KVM_RUN, 0))
		goto out;
	reason = (int)run->exit_reason;
	*out = run->debug.arch;
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
 * an int3 with KVM_GUESTDBG_USE_SW_BP, a DR0 instruction breakpoint with
 * KVM_GUESTDBG_USE_HW_BP. Not every KVM does both: under QEMU's emulated
 * SVM (the labs, the emulated host) an int3 goes to the guest's own
 * handler, and QEMU 7.2 ignores the DR7 that VMRUN loads.
 */
unsigned int arch_gdb_probe(int kvm_fd)
{
	static const uint8_t brk[] = { 0xcc, 0xf4 };	/* int3; hlt */
	static const uint8_t nop[] = { 0x90, 0xf4 };	/* nop; hlt */
	struct kvm_guest_debug dbg = {
		.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP,
	};
	struct kvm_debug_exit_arch e;
	unsigned int caps = 0;
	int valid;

	/* the control bits this KVM takes; older ones answer 0 */
	valid = ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SET_GUEST_DEBUG2);
	guestdbg_valid = valid > 0 ? (uint32_t)valid : 0;
	if (probe_run(kvm_fd, brk, sizeof(brk), &dbg, &e) == KVM_EXIT_DEBUG &&
	    e.exception == BP_VECTOR && e.pc == PROBE_CODE)
		caps |= GDB_CAN_SW_BREAK;
	dbg.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP;
	dbg.arch.debugreg[0] = PROBE_CODE;
	dbg.arch.debugreg[7] = DR7_L(0);
	if (probe_run(kvm_fd, nop, sizeof(nop), &dbg, &e) == KVM_EXIT_DEBUG &&
	    e.exception == DB_VECTOR && (e.dr6 & DR6_B(0)))
		caps |= GDB_CAN_HW_BREAK;
	return caps;
}

int arch_gdb_set_debug(struct vcpu *vcpu, const struct gdb_debug *d)
{
	struct kvm_guest_debug dbg;

	if (x86_gdb_guest_debug(d, guestdbg_valid, &dbg) < 0)
		return -1;
	if (ioctl(vcpu->fd, KVM_SET_GUEST_DEBUG, &dbg) < 0)
		return err_sys("KVM_SET_GUEST_DEBUG");
	return 0;
}

struct gdb_debug_exit arch_gdb_debug_exit(struct vcpu *vcpu,
					  const struct gdb_debug *d)
{
	return x86_gdb_debug_decode(&vcpu->run->debug.arch, d);
}

int arch_gdb_set_pc(struct vcpu *vcpu, uint64_t pc)
{
	struct kvm_regs r;

	if (ioctl(vcpu->fd, KVM_GET_REGS, &r) < 0)
		return err_sys("KVM_GET_REGS");
	r.rip = pc;
	if (ioctl(vcpu->fd, KVM_SET_REGS, &r) < 0)
		return err_sys("KVM_SET_REGS");
	return 0;
}
