// SPDX-License-Identifier: GPL-2.0
/*
 * The GDB stub's x86 back end: the target descriptions against the
 * register layouts (names, order, sizes, types a feature defines), the
 * layouts' byte offsets, 'g' and 'G' both ways, DR7 for each kind of
 * hardware point, what a KVM_EXIT_DEBUG means; and the calls on a vCPU
 * against a pretend KVM (the link wraps ioctl): which state each write
 * gives back, KVM_TRANSLATE, KVM_SET_GUEST_DEBUG.
 */
#include <errno.h>
#include <linux/kvm.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../ioctl_wrap.h"

#include "compiler.h"
#include "gdb_arch.h"
#include "vcpu.h"
#include "vm.h"
#include "x86_internal.h"

#define VCPU_FD		1000	/* answered by __wrap_ioctl, never opened */
#define VM_FD		1001
#define MSR_KERNEL_GS_BASE	0xc0000102

#define AMD64_SIZE	608
#define I386_SIZE	336

/* the pretend KVM's vCPU and what it was asked */
static struct x86_gdb_state kvm;
static struct kvm_guest_debug kvm_dbg;
static int guest_debug2;	/* KVM_CAP_SET_GUEST_DEBUG2's answer */
static unsigned long fail_req;	/* this request fails */
static unsigned int nr_set_regs, nr_set_sregs, nr_set_fpu, nr_set_msrs;
static unsigned int nr_set_debug;

static int kvm_msrs(struct kvm_msrs *m, bool set)
{
	if (m->nmsrs != 1 || m->entries[0].index != MSR_KERNEL_GS_BASE)
		return -1;
	if (set)
		kvm.kernel_gs_base = m->entries[0].data;
	else
		m->entries[0].data = kvm.kernel_gs_base;
	return 1;
}

/* valid below 1 MiB, 2 MiB up */
static int kvm_translate(struct kvm_translation *t)
{
	t->valid = t->linear_address < 0x100000;
	t->physical_address = t->valid ? t->linear_address + 0x200000 : 0;
	return 0;
}

int __wrap_ioctl(int fd, unsigned long req, ...);
int __wrap_ioctl(int fd, unsigned long req, ...)
{
	void *arg;

	IOCTL_ARG(req, arg);
	if (fd == VM_FD && req == KVM_CHECK_EXTENSION)
		return (int)(intptr_t)arg == KVM_CAP_SET_GUEST_DEBUG2 ?
		       guest_debug2 : 0;
	if (fd != VCPU_FD)
		return __real_ioctl(fd, req, arg);
	if (req == fail_req) {
		errno = EIO;
		return -1;
	}
	switch (req) {
	case KVM_GET_REGS:
		memcpy(arg, &kvm.regs, sizeof(kvm.regs));
		return 0;
	case KVM_SET_REGS:
		nr_set_regs++;
		memcpy(&kvm.regs, arg, sizeof(kvm.regs));
		return 0;
	case KVM_GET_SREGS:
		memcpy(arg, &kvm.sregs, sizeof(kvm.sregs));
		return 0;
	case KVM_SET_SREGS:
		nr_set_sregs++;
		memcpy(&kvm.sregs, arg, sizeof(kvm.sregs));
		return 0;
	case KVM_GET_FPU:
		memcpy(arg, &kvm.fpu, sizeof(kvm.fpu));
		return 0;
	case KVM_SET_FPU:
		nr_set_fpu++;
		memcpy(&kvm.fpu, arg, sizeof(kvm.fpu));
		return 0;
	case KVM_GET_MSRS:
		return kvm_msrs(arg, false);
	case KVM_SET_MSRS:
		nr_set_msrs++;
		return kvm_msrs(arg, true);
	case KVM_TRANSLATE:
		return kvm_translate(arg);
	case KVM_SET_GUEST_DEBUG:
		nr_set_debug++;
		memcpy(&kvm_dbg, arg, sizeof(kvm_dbg));
		return 0;
	}
	return -1;
}

/* the same bytes for every run of the tests */
static uint64_t next_random(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void fill_random(void *p, size_t n, uint64_t seed)
{
	uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)next_random(&seed);
}

/* A long-mode vCPU as a 64-bit kernel leaves it. */
static void long_mode(struct x86_gdb_state *st)
{
	memset(st, 0, sizeof(*st));
	st->sregs.cr0 = 0x80050033;
	st->sregs.cr4 = 0x20;
	st->sregs.efer = 0xd01;
	st->sregs.cs.l = 1;
}

static void prot_mode(struct x86_gdb_state *st)
{
	memset(st, 0, sizeof(*st));
	st->sregs.cr0 = 0x11;
	st->sregs.cs.db = 1;
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

static void test_mode(void **state)
{
	struct kvm_sregs s = { 0 };

	(void)state;
	assert_int_equal(x86_gdb_mode(&s, 0x2), X86_GDB_REAL);
	s.cr0 = 0x11;
	assert_int_equal(x86_gdb_mode(&s, 0x2), X86_GDB_PROT);
	assert_int_equal(x86_gdb_mode(&s, 0x20002), X86_GDB_REAL);	/* VM */
	s.cr0 = 0x80000011;
	s.efer = 0x500;
	s.cs.l = 1;
	assert_int_equal(x86_gdb_mode(&s, 0x2), X86_GDB_LONG);
	s.cs.l = 0;		/* compatibility mode */
	assert_int_equal(x86_gdb_mode(&s, 0x2), X86_GDB_LONG);
	s.efer = 0x100;		/* LME without LMA: not yet */
	assert_int_equal(x86_gdb_mode(&s, 0x2), X86_GDB_PROT);
}

/* attr='value' in the element at p, copied to val; false if absent */
static bool xml_attr(const char *p, const char *attr, char *val, size_t size)
{
	const char *end = strchr(p, '>'), *a, *q;
	char key[32];

	assert_non_null(end);
	snprintf(key, sizeof(key), " %s='", attr);
	a = strstr(p, key);
	if (!a || a > end)
		return false;
	a += strlen(key);
	q = strchr(a, '\'');
	assert_non_null(q);
	assert_true((size_t)(q - a) < size);
	memcpy(val, a, (size_t)(q - a));
	val[q - a] = '\0';
	return true;
}

static unsigned int count(const char *s, const char *what)
{
	unsigned int n = 0;

	for (s = strstr(s, what); s; s = strstr(s + 1, what))
		n++;
	return n;
}

/* GDB's own types, which a feature uses without defining them */
static bool predefined(const char *type)
{
	static const char *const names[] = {
		"int", "int8", "int16", "int32", "int64", "int128", "uint8",
		"uint16", "uint32", "uint64", "uint128", "code_ptr", "data_ptr",
		"ieee_single", "ieee_double", "i387_ext",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(type, names[i]))
			return true;
	return false;
}

/*
 * Every type= in a feature is GDB's or one the feature defined before
 * (GDB looks types up in the register's feature as it reads it).
 */
static void check_types(const char *feature, const char *end)
{
	const char *p;
	char type[32], id[32];

	for (p = strstr(feature, " type='"); p && p < end;
	     p = strstr(p + 1, " type='")) {
		const char *d;
		bool found = false;

		assert_true(xml_attr(p, "type", type, sizeof(type)));
		if (predefined(type))
			continue;
		for (d = strstr(feature, " id='"); d && d < p;
		     d = strstr(d + 1, " id='")) {
			assert_true(xml_attr(d, "id", id, sizeof(id)));
			found |= !strcmp(id, type);
		}
		if (!found)
			fail_msg("type %s used before its definition", type);
	}
}

struct xml_reg {
	char name[16];
	char feature[40];
	unsigned int bits;
};

/* The target description's registers in order; checks their numbers. */
static unsigned int parse_xml(const char *xml, struct xml_reg *regs,
			      unsigned int max)
{
	const char *f, *fend, *p;
	unsigned int n = 0;
	char val[40];

	for (f = strstr(xml, "<feature "); f; f = strstr(fend, "<feature ")) {
		char feature[40];

		fend = strstr(f, "</feature>");
		assert_non_null(fend);
		assert_true(xml_attr(f, "name", feature, sizeof(feature)));
		check_types(f, fend);
		for (p = strstr(f, "<reg "); p && p < fend;
		     p = strstr(p + 1, "<reg ")) {
			assert_true(n < max);
			assert_true(xml_attr(p, "name", regs[n].name,
					     sizeof(regs[n].name)));
			assert_true(xml_attr(p, "bitsize", val, sizeof(val)));
			regs[n].bits = (unsigned int)strtoul(val, NULL, 10);
			if (xml_attr(p, "regnum", val, sizeof(val)))
				assert_int_equal(strtoul(val, NULL, 10), n);
			snprintf(regs[n].feature, sizeof(regs[n].feature), "%s",
				 feature);
			n++;
		}
	}
	return n;
}

static void check_xml(enum x86_gdb_mode mode, const char *arch,
		      size_t g_size, unsigned int nr_core, unsigned int nr_xmm)
{
	const char *xml = x86_gdb_xml(mode);
	struct x86_gdb_state st;
	struct xml_reg regs[128];
	uint8_t g[1024], one[64];
	unsigned int n, i, j;
	size_t bytes = 0;

	assert_memory_equal(xml, "<?xml version='1.0'?>", 21);
	assert_non_null(strstr(xml, arch));
	assert_int_equal(count(xml, "<target "), 1);
	assert_int_equal(count(xml, "</target>"), 1);
	assert_int_equal(count(xml, "<feature "), count(xml, "</feature>"));
	assert_int_equal(count(xml, "<flags "), count(xml, "</flags>"));
	assert_int_equal(count(xml, "<union "), count(xml, "</union>"));
	assert_int_equal(count(xml, "<"), count(xml, ">"));

	n = parse_xml(xml, regs, 128);
	assert_int_equal(n, x86_gdb_nr_regs(mode));
	fill_random(&st, sizeof(st), 0x9e3779b97f4a7c15ull);
	assert_int_equal(x86_gdb_pack(mode, &st, g, sizeof(g)), g_size);
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			assert_string_not_equal(regs[i].name, regs[j].name);
		assert_string_equal(regs[i].name, x86_gdb_reg_name(mode, i));
		assert_int_equal(regs[i].bits % 8, 0);
		/* one register: its size and its bytes of the 'g' packet */
		assert_int_equal(x86_gdb_pack_reg(mode, &st, i, one,
						  sizeof(one)),
				 regs[i].bits / 8);
		assert_memory_equal(one, g + bytes, regs[i].bits / 8);
		bytes += regs[i].bits / 8;
		/* GDB's i386 code wants these in these features */
		if (i < nr_core)
			assert_string_equal(regs[i].feature,
					    "org.gnu.gdb.i386.core");
		else if (i < nr_core + nr_xmm + 1)
			assert_string_equal(regs[i].feature,
					    "org.gnu.gdb.i386.sse");
	}
	assert_int_equal(bytes, g_size);
	assert_int_equal(x86_gdb_regs_size(mode), g_size);
	assert_string_equal(regs[nr_core - 16].name, "st0");
	assert_string_equal(regs[nr_core - 1].name, "fop");
	assert_string_equal(regs[nr_core].name, "xmm0");
	assert_string_equal(regs[nr_core + nr_xmm].name, "mxcsr");
	assert_null(x86_gdb_reg_name(mode, n));
}

static void test_xml(void **state)
{
	(void)state;
	check_xml(X86_GDB_LONG, "<architecture>i386:x86-64</architecture>",
		  AMD64_SIZE, 40, 16);
	check_xml(X86_GDB_PROT, "<architecture>i386</architecture>",
		  I386_SIZE, 32, 8);
	assert_ptr_equal(x86_gdb_xml(X86_GDB_REAL), x86_gdb_xml(X86_GDB_PROT));
}

/* value v's size bytes at off of the 'g' packet */
static void expect_at(const uint8_t *g, size_t off, unsigned int size,
		      uint64_t v)
{
	assert_int_equal(get_le(g + off, size), v);
}

static void marked_state(struct x86_gdb_state *st)
{
	st->regs.rax = 0x0123456789abcdefull;
	st->regs.rip = 0xffffffff81000abcull;
	st->regs.rflags = 0x246;
	st->sregs.cs.selector = 0x10;
	st->sregs.fs.base = 0xffff888012345000ull;
	st->sregs.cr0 |= 0x80000000;
	st->sregs.efer |= 0x800;
	st->kernel_gs_base = 0xffff888087654000ull;
	memcpy(st->fpu.fpr[0], "\x01\x02\x03\x04\x05\x06\x07\x88\xff\x3f", 10);
	memset(st->fpu.fpr[0] + 10, 0xee, 6);	/* not part of st0 */
	memset(st->fpu.xmm[0], 0x5a, 16);
	st->fpu.xmm[0][15] = 0xa5;
	st->fpu.mxcsr = 0x1f80;
}

static void test_offsets_long(void **state)
{
	static const uint8_t zero[10];
	struct x86_gdb_state st;
	uint8_t g[AMD64_SIZE];

	(void)state;
	long_mode(&st);
	marked_state(&st);
	assert_int_equal(x86_gdb_pack(X86_GDB_LONG, &st, g, sizeof(g)),
			 AMD64_SIZE);
	expect_at(g, 0, 8, 0x0123456789abcdefull);		/* rax */
	expect_at(g, 128, 8, 0xffffffff81000abcull);		/* rip */
	expect_at(g, 136, 4, 0x246);				/* eflags */
	expect_at(g, 140, 4, 0x10);				/* cs */
	assert_memory_equal(g + 164, st.fpu.fpr[0], 10);	/* st0 */
	assert_memory_equal(g + 174, zero, 10);			/* st1 */
	assert_memory_equal(g + 276, st.fpu.xmm[0], 16);	/* xmm0 */
	expect_at(g, 532, 4, 0x1f80);				/* mxcsr */
	expect_at(g, 536, 8, 0xffff888012345000ull);		/* fs_base */
	expect_at(g, 552, 8, 0xffff888087654000ull);		/* k_gs_base */
	expect_at(g, 560, 8, 0x80050033);			/* cr0 */
	expect_at(g, 600, 8, 0xd01);				/* efer */
}

static void test_offsets_prot(void **state)
{
	struct x86_gdb_state st;
	uint8_t g[I386_SIZE];

	(void)state;
	prot_mode(&st);
	marked_state(&st);
	assert_int_equal(x86_gdb_pack(X86_GDB_PROT, &st, g, sizeof(g)),
			 I386_SIZE);
	expect_at(g, 0, 4, 0x89abcdef);				/* eax */
	expect_at(g, 32, 4, 0x81000abc);			/* eip */
	expect_at(g, 36, 4, 0x246);				/* eflags */
	expect_at(g, 40, 4, 0x10);				/* cs */
	assert_memory_equal(g + 64, st.fpu.fpr[0], 10);		/* st0 */
	assert_memory_equal(g + 176, st.fpu.xmm[0], 16);	/* xmm0 */
	expect_at(g, 304, 4, 0x1f80);				/* mxcsr */
	expect_at(g, 308, 4, 0x12345000);			/* fs_base */
	expect_at(g, 316, 4, 0x80000011);			/* cr0 */
	expect_at(g, 332, 4, 0x800);				/* efer */
}

/*
 * 'g' then 'G' changes nothing, and 'G' into another state gives the
 * same 'g' back, for any bytes KVM holds.
 */
static void round_trip(enum x86_gdb_mode mode, uint64_t seed)
{
	struct x86_gdb_state st, copy, other;
	uint8_t g[1024], again[1024];
	long n;

	fill_random(&st, sizeof(st), seed);
	n = x86_gdb_pack(mode, &st, g, sizeof(g));
	assert_int_equal(n, x86_gdb_regs_size(mode));
	memcpy(&copy, &st, sizeof(st));
	assert_int_equal(x86_gdb_unpack(mode, &copy, g, (size_t)n), 0);
	assert_memory_equal(&copy, &st, sizeof(st));

	fill_random(&other, sizeof(other), ~seed);
	assert_int_equal(x86_gdb_unpack(mode, &other, g, (size_t)n), 0);
	assert_int_equal(x86_gdb_pack(mode, &other, again, sizeof(again)), n);
	assert_memory_equal(again, g, (size_t)n);
}

static void test_round_trip(void **state)
{
	uint64_t seed;

	(void)state;
	for (seed = 1; seed < 50; seed++) {
		round_trip(X86_GDB_LONG, seed * 0x2545f4914f6cdd1dull);
		round_trip(X86_GDB_PROT, seed * 0x2545f4914f6cdd1dull);
		round_trip(X86_GDB_REAL, seed * 0x2545f4914f6cdd1dull);
	}
}

/* A 32-bit register keeps the top of its 64-bit field. */
static void test_narrow_registers(void **state)
{
	struct x86_gdb_state st;
	uint8_t b[4];

	(void)state;
	prot_mode(&st);
	st.regs.rax = 0xdeadbeef00000000ull;
	st.fpu.last_ip = 0x1111111122222222ull;
	put_le(b, 4, 0x12345678);
	assert_int_equal(x86_gdb_unpack_reg(X86_GDB_PROT, &st, 0, b, 4), 0);
	assert_int_equal(st.regs.rax, 0xdeadbeef12345678ull);
	/* fiseg (27): the pointer's top half; fioff (28): its bottom */
	assert_int_equal(x86_gdb_unpack_reg(X86_GDB_PROT, &st, 27, b, 4), 0);
	assert_int_equal(st.fpu.last_ip, 0x1234567822222222ull);
	put_le(b, 4, 0xcafef00d);
	assert_int_equal(x86_gdb_unpack_reg(X86_GDB_PROT, &st, 28, b, 4), 0);
	assert_int_equal(st.fpu.last_ip, 0x12345678cafef00dull);
	/* fop (31): KVM's 16 bits */
	put_le(b, 4, 0x1234567);
	assert_int_equal(x86_gdb_unpack_reg(X86_GDB_PROT, &st, 31, b, 4), 0);
	assert_int_equal(st.fpu.last_opcode, 0x4567);
}

/*
 * A new selector in real mode moves the base with it; an unchanged one
 * leaves it (CS.base 0xffff0000 after a reset); protected mode's bases
 * come from descriptors: the selector alone changes.
 */
static void test_segments(void **state)
{
	struct x86_gdb_state st, copy;
	uint8_t g[I386_SIZE], b[4];

	(void)state;
	memset(&st, 0, sizeof(st));
	st.sregs.cs.selector = 0xf000;
	st.sregs.cs.base = 0xffff0000;
	st.regs.rip = 0xfff0;
	assert_int_equal(x86_gdb_pack(X86_GDB_REAL, &st, g, sizeof(g)),
			 I386_SIZE);
	memcpy(&copy, &st, sizeof(st));
	assert_int_equal(x86_gdb_unpack(X86_GDB_REAL, &copy, g, sizeof(g)), 0);
	assert_int_equal(copy.sregs.cs.base, 0xffff0000);

	put_le(b, 4, 0x1234);
	assert_int_equal(x86_gdb_unpack_reg(X86_GDB_REAL, &st, 10, b, 4), 0);
	assert_int_equal(st.sregs.cs.selector, 0x1234);
	assert_int_equal(st.sregs.cs.base, 0x12340);

	prot_mode(&st);
	st.sregs.ds.base = 0x100000;
	put_le(b, 4, 0x2b);
	assert_int_equal(x86_gdb_unpack_reg(X86_GDB_PROT, &st, 12, b, 4), 0);
	assert_int_equal(st.sregs.ds.selector, 0x2b);
	assert_int_equal(st.sregs.ds.base, 0x100000);
}

/*
 * ftag: FXSAVE's bit per physical register to GDB's full tag word and
 * back. TOP 6: st0 is R6, st1 R7, st2 R0.
 */
static void test_ftag(void **state)
{
	struct x86_gdb_state st;
	uint8_t b[4];

	(void)state;
	prot_mode(&st);
	st.fpu.fsw = 6 << 11;
	/* st0 = 1.0: valid; st1 = 0: zero; st2 a denormal: special */
	memcpy(st.fpu.fpr[0], "\0\0\0\0\0\0\0\x80\xff\x3f", 10);
	memcpy(st.fpu.fpr[2], "\x01\0\0\0\0\0\0\0\0\0", 10);
	st.fpu.ftwx = 0xc1;		/* R0, R6, R7 in use */
	assert_int_equal(x86_gdb_pack_reg(X86_GDB_PROT, &st, 26, b, 4), 4);
	/* R7 01, R6 00, R5-R1 11, R0 10 */
	assert_int_equal(get_le(b, 4), 0x4ffe);

	put_le(b, 4, 0xffff);
	assert_int_equal(x86_gdb_unpack_reg(X86_GDB_PROT, &st, 26, b, 4), 0);
	assert_int_equal(st.fpu.ftwx, 0);
	put_le(b, 4, 0x3ff7);		/* R7 00, R1 01, the others 11 */
	assert_int_equal(x86_gdb_unpack_reg(X86_GDB_PROT, &st, 26, b, 4), 0);
	assert_int_equal(st.fpu.ftwx, 0x82);
}

static void test_bounds(void **state)
{
	enum x86_gdb_mode modes[] = { X86_GDB_LONG, X86_GDB_PROT };
	struct x86_gdb_state st, copy;
	uint8_t g[1024];
	unsigned int i, nr;
	size_t size;

	(void)state;
	for (i = 0; i < 2; i++) {
		fill_random(&st, sizeof(st), 42);
		memcpy(&copy, &st, sizeof(st));
		nr = x86_gdb_nr_regs(modes[i]);
		size = x86_gdb_regs_size(modes[i]);
		/* a register past the end */
		assert_int_equal(x86_gdb_pack_reg(modes[i], &st, nr, g, 64), -1);
		assert_int_equal(x86_gdb_pack_reg(modes[i], &st, 1000, g, 64),
				 -1);
		assert_int_equal(x86_gdb_unpack_reg(modes[i], &st, nr, g, 4),
				 -1);
		/* rax or eax: 8 or 4 bytes, no more, no fewer */
		assert_int_equal(x86_gdb_pack_reg(modes[i], &st, 0, g,
						  i ? 3 : 7), -1);
		assert_int_equal(x86_gdb_unpack_reg(modes[i], &st, 0, g,
						    i ? 3 : 7), -1);
		assert_int_equal(x86_gdb_unpack_reg(modes[i], &st, 0, g,
						    i ? 5 : 9), -1);
		/* 'g' into a short buffer, 'G' of the wrong length */
		assert_int_equal(x86_gdb_pack(modes[i], &st, g, size - 1), -1);
		assert_int_equal(x86_gdb_unpack(modes[i], &st, g, size - 1), -1);
		assert_int_equal(x86_gdb_unpack(modes[i], &st, g, size + 1), -1);
		assert_int_equal(x86_gdb_unpack(modes[i], &st, g, 0), -1);
		assert_memory_equal(&st, &copy, sizeof(st));
	}
}

static void test_hw_check(void **state)
{
	(void)state;
	assert_int_equal(arch_gdb_hw_check(GDB_HW_EXEC, 0x1003, 1), 0);
	assert_int_equal(arch_gdb_hw_check(GDB_HW_EXEC, 0x1000, 2), -1);
	assert_int_equal(arch_gdb_hw_check(GDB_HW_EXEC, 0x1000, 0), -1);
	assert_int_equal(arch_gdb_hw_check(GDB_HW_WRITE, 0x1001, 1), 0);
	assert_int_equal(arch_gdb_hw_check(GDB_HW_WRITE, 0x1002, 2), 0);
	assert_int_equal(arch_gdb_hw_check(GDB_HW_WRITE, 0x1004, 4), 0);
	assert_int_equal(arch_gdb_hw_check(GDB_HW_ACCESS, 0x1008, 8), 0);
	/* misaligned */
	assert_int_equal(arch_gdb_hw_check(GDB_HW_WRITE, 0x1001, 2), -1);
	assert_int_equal(arch_gdb_hw_check(GDB_HW_WRITE, 0x1002, 4), -1);
	assert_int_equal(arch_gdb_hw_check(GDB_HW_ACCESS, 0x1004, 8), -1);
	/* lengths DR7 has no code for */
	assert_int_equal(arch_gdb_hw_check(GDB_HW_WRITE, 0x1000, 0), -1);
	assert_int_equal(arch_gdb_hw_check(GDB_HW_WRITE, 0x1000, 3), -1);
	assert_int_equal(arch_gdb_hw_check(GDB_HW_WRITE, 0x1000, 16), -1);
	/* no read-only watchpoints on x86 */
	assert_int_equal(arch_gdb_hw_check(GDB_HW_READ, 0x1000, 4), -1);
	assert_int_equal(arch_gdb_hw_check((enum gdb_hw_type)9, 0x1000, 1),
			 -1);
}

static void test_dr7(void **state)
{
	static const struct {
		unsigned int slot;
		enum gdb_hw_type type;
		uint64_t len;
		uint64_t dr7;
	} one[] = {
		{ 0, GDB_HW_EXEC, 1, 0x00000001 },
		{ 3, GDB_HW_EXEC, 1, 0x00000040 },
		{ 0, GDB_HW_WRITE, 1, 0x00010001 },
		{ 0, GDB_HW_WRITE, 2, 0x00050001 },
		{ 0, GDB_HW_WRITE, 4, 0x000d0001 },
		{ 0, GDB_HW_WRITE, 8, 0x00090001 },
		{ 0, GDB_HW_ACCESS, 4, 0x000f0001 },
		{ 1, GDB_HW_WRITE, 1, 0x00100004 },
		{ 1, GDB_HW_ACCESS, 8, 0x00b00004 },
		{ 2, GDB_HW_ACCESS, 2, 0x07000010 },
		{ 2, GDB_HW_WRITE, 4, 0x0d000010 },
		{ 3, GDB_HW_WRITE, 8, 0x90000040 },
		{ 3, GDB_HW_ACCESS, 1, 0x30000040 },
	};
	struct gdb_debug d;
	uint64_t dr7, before;
	unsigned int i, s;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(one); i++) {
		memset(&d, 0, sizeof(d));
		/* the slots before: exec points, their L bits only */
		before = 0;
		for (s = 0; s < one[i].slot; s++) {
			d.hw[s] = (struct gdb_hw_point){ GDB_HW_EXEC, 0x10, 1 };
			before |= 1u << (s * 2);
		}
		d.hw[s] = (struct gdb_hw_point){ one[i].type, 0x1000,
						 one[i].len };
		d.nr_hw = s + 1;
		assert_int_equal(x86_gdb_dr7(&d, &dr7), 0);
		assert_int_equal(dr7, one[i].dr7 | before);
	}

	memset(&d, 0, sizeof(d));
	assert_int_equal(x86_gdb_dr7(&d, &dr7), 0);
	assert_int_equal(dr7, 0);
	d.nr_hw = 4;
	d.hw[0] = (struct gdb_hw_point){ GDB_HW_EXEC, 0x401000, 1 };
	d.hw[1] = (struct gdb_hw_point){ GDB_HW_WRITE, 0x402000, 1 };
	d.hw[2] = (struct gdb_hw_point){ GDB_HW_ACCESS, 0x402002, 2 };
	d.hw[3] = (struct gdb_hw_point){ GDB_HW_WRITE, 0x402008, 8 };
	assert_int_equal(x86_gdb_dr7(&d, &dr7), 0);
	assert_int_equal(dr7, 0x97100055);
	/* one bad point spoils the set */
	d.hw[3].addr = 0x402004;
	assert_int_equal(x86_gdb_dr7(&d, &dr7), -1);
	d.hw[3] = (struct gdb_hw_point){ GDB_HW_READ, 0x402008, 8 };
	assert_int_equal(x86_gdb_dr7(&d, &dr7), -1);
	d.hw[3] = (struct gdb_hw_point){ GDB_HW_EXEC, 0x402008, 1 };
	d.nr_hw = 5;
	assert_int_equal(x86_gdb_dr7(&d, &dr7), -1);
}

static void test_guest_debug(void **state)
{
	struct gdb_debug d = { 0 };
	struct kvm_guest_debug dbg;

	(void)state;
	/* nothing to catch: debugging off */
	memset(&dbg, 0xff, sizeof(dbg));
	assert_int_equal(x86_gdb_guest_debug(&d, 0, &dbg), 0);
	assert_int_equal(dbg.control, 0);
	assert_int_equal(dbg.arch.debugreg[7], 0);

	d.step = true;
	assert_int_equal(x86_gdb_guest_debug(&d, 0, &dbg), 0);
	assert_int_equal(dbg.control,
			 KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP);
	assert_int_equal(x86_gdb_guest_debug(&d, 0x1f000f, &dbg), 0);
	assert_int_equal(dbg.control, KVM_GUESTDBG_ENABLE |
			 KVM_GUESTDBG_SINGLESTEP | KVM_GUESTDBG_BLOCKIRQ);

	d.step = false;
	d.sw_break = true;
	assert_int_equal(x86_gdb_guest_debug(&d, 0x1f000f, &dbg), 0);
	assert_int_equal(dbg.control,
			 KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP);

	d.nr_hw = 2;
	d.hw[0] = (struct gdb_hw_point){ GDB_HW_EXEC, 0xffffffff81000000ull, 1 };
	d.hw[1] = (struct gdb_hw_point){ GDB_HW_WRITE, 0x2000, 4 };
	assert_int_equal(x86_gdb_guest_debug(&d, 0, &dbg), 0);
	assert_int_equal(dbg.control, KVM_GUESTDBG_ENABLE |
			 KVM_GUESTDBG_USE_SW_BP | KVM_GUESTDBG_USE_HW_BP);
	assert_int_equal(dbg.arch.debugreg[0], 0xffffffff81000000ull);
	assert_int_equal(dbg.arch.debugreg[1], 0x2000);
	assert_int_equal(dbg.arch.debugreg[2], 0);
	assert_int_equal(dbg.arch.debugreg[7], 0x00d00005);

	d.hw[1].len = 3;
	assert_int_equal(x86_gdb_guest_debug(&d, 0, &dbg), -1);
}

static struct gdb_debug_exit decode(uint32_t exception, uint64_t dr6,
				    const struct gdb_debug *d)
{
	struct kvm_debug_exit_arch a = {
		.exception = exception, .pc = 0x401234, .dr6 = dr6,
	};

	return x86_gdb_debug_decode(&a, d);
}

static void expect_exit(struct gdb_debug_exit e, enum gdb_debug_why why,
			int slot, uint64_t addr)
{
	assert_int_equal(e.why, why);
	assert_int_equal(e.slot, slot);
	assert_int_equal(e.pc, 0x401234);
	assert_int_equal(e.addr, addr);
}

/* DR6 as KVM reports it: the active-low bits set, B0-B3 and BS as met */
#define DR6_FIXED	0xffff0ff0ull
#define BS		(1u << 14)

static void test_decode(void **state)
{
	struct gdb_debug d = { 0 };

	(void)state;
	/* int3: at its own address, KVM's pc */
	d.sw_break = true;
	expect_exit(decode(3, 0, &d), GDB_DEBUG_SW_BREAK, -1, 0);
	d.sw_break = false;
	expect_exit(decode(3, 0, &d), GDB_DEBUG_OTHER, -1, 0);

	d.step = true;
	expect_exit(decode(1, DR6_FIXED | BS, &d), GDB_DEBUG_STEP, -1, 0);
	d.step = false;
	expect_exit(decode(1, DR6_FIXED | BS, &d), GDB_DEBUG_OTHER, -1, 0);

	d.nr_hw = 3;
	d.hw[0] = (struct gdb_hw_point){ GDB_HW_EXEC, 0x401234, 1 };
	d.hw[1] = (struct gdb_hw_point){ GDB_HW_WRITE, 0x602000, 4 };
	d.hw[2] = (struct gdb_hw_point){ GDB_HW_ACCESS, 0x602010, 8 };
	expect_exit(decode(1, DR6_FIXED | 1, &d), GDB_DEBUG_HW_BREAK, 0, 0);
	expect_exit(decode(1, DR6_FIXED | 2, &d), GDB_DEBUG_WATCH, 1,
		    0x602000);
	expect_exit(decode(1, DR6_FIXED | 4, &d), GDB_DEBUG_WATCH, 2,
		    0x602010);
	/* a slot not set is not kvmini's */
	expect_exit(decode(1, DR6_FIXED | 8, &d), GDB_DEBUG_OTHER, -1, 0);
	/* a watchpoint the stepped instruction hit comes first */
	d.step = true;
	expect_exit(decode(1, DR6_FIXED | BS | 2, &d), GDB_DEBUG_WATCH, 1,
		    0x602000);
	expect_exit(decode(1, DR6_FIXED | BS | 8, &d), GDB_DEBUG_STEP, -1, 0);
	/* another exception */
	expect_exit(decode(6, 0, &d), GDB_DEBUG_OTHER, -1, 0);
}

static struct vm vm = { .fd = VM_FD };
static struct vcpu vcpu = { .vm = &vm, .fd = VCPU_FD };

static void reset_kvm(void)
{
	nr_set_regs = nr_set_sregs = nr_set_fpu = nr_set_msrs = 0;
	nr_set_debug = 0;
	fail_req = 0;
}

static void test_vcpu_registers(void **state)
{
	uint8_t g[AMD64_SIZE], b[8];

	(void)state;
	reset_kvm();
	long_mode(&kvm);
	marked_state(&kvm);
	assert_non_null(strstr(arch_gdb_target_xml(&vcpu), "x86-64"));
	assert_int_equal(arch_gdb_read_regs(&vcpu, g, sizeof(g)), AMD64_SIZE);
	expect_at(g, 552, 8, 0xffff888087654000ull);	/* via KVM_GET_MSRS */
	assert_int_equal(arch_gdb_read_regs(&vcpu, g, sizeof(g) - 1), -1);

	/* 'G' of what 'g' gave: nothing to give back */
	assert_int_equal(arch_gdb_write_regs(&vcpu, g, sizeof(g)), 0);
	assert_int_equal(nr_set_regs + nr_set_sregs + nr_set_fpu + nr_set_msrs,
			 0);
	assert_int_equal(arch_gdb_write_regs(&vcpu, g, sizeof(g) - 1), -1);

	/* each register through its own call */
	put_le(b, 8, 0x1122334455667788ull);
	assert_int_equal(arch_gdb_write_reg(&vcpu, 0, b, 8), 0);	/* rax */
	assert_int_equal(kvm.regs.rax, 0x1122334455667788ull);
	assert_int_equal(nr_set_regs, 1);
	assert_int_equal(nr_set_sregs + nr_set_fpu + nr_set_msrs, 0);
	assert_int_equal(arch_gdb_write_reg(&vcpu, 61, b, 8), 0);	/* cr2 */
	assert_int_equal(kvm.sregs.cr2, 0x1122334455667788ull);
	assert_int_equal(nr_set_sregs, 1);
	assert_int_equal(arch_gdb_write_reg(&vcpu, 59, b, 8), 0);	/* kgs */
	assert_int_equal(kvm.kernel_gs_base, 0x1122334455667788ull);
	assert_int_equal(nr_set_msrs, 1);
	assert_int_equal(arch_gdb_write_reg(&vcpu, 40, g + 276, 16), 0);
	assert_int_equal(nr_set_fpu, 0);	/* xmm0 as it was */
	assert_int_equal(arch_gdb_write_reg(&vcpu, 56, b, 4), 0);	/* mxcsr */
	assert_int_equal(kvm.fpu.mxcsr, 0x55667788);
	assert_int_equal(nr_set_fpu, 1);
	assert_int_equal(nr_set_regs, 1);
	assert_int_equal(arch_gdb_write_reg(&vcpu, 66, b, 8), -1);
	assert_int_equal(arch_gdb_write_reg(&vcpu, 0, b, 4), -1);

	assert_int_equal(arch_gdb_read_reg(&vcpu, 16, b, sizeof(b)), 8);
	assert_int_equal(get_le(b, 8), 0xffffffff81000abcull);	/* rip */
	assert_int_equal(arch_gdb_read_reg(&vcpu, 66, b, sizeof(b)), -1);

	assert_int_equal(arch_gdb_set_pc(&vcpu, 0xffffffff81000100ull), 0);
	assert_int_equal(kvm.regs.rip, 0xffffffff81000100ull);
	assert_int_equal(kvm.regs.rax, 0x1122334455667788ull);

	/* KVM's failure is the call's */
	fail_req = KVM_GET_FPU;
	assert_int_equal(arch_gdb_read_regs(&vcpu, g, sizeof(g)), -1);
	fail_req = KVM_SET_REGS;
	assert_int_equal(arch_gdb_write_reg(&vcpu, 1, b, 8), -1);
	assert_int_equal(arch_gdb_set_pc(&vcpu, 0), -1);
	fail_req = KVM_GET_SREGS;
	assert_null(arch_gdb_target_xml(&vcpu));
	fail_req = 0;
}

/* Out of long mode: i386's layout, and no MSR. */
static void test_vcpu_protected(void **state)
{
	uint8_t g[AMD64_SIZE];

	(void)state;
	reset_kvm();
	prot_mode(&kvm);
	assert_non_null(strstr(arch_gdb_target_xml(&vcpu),
			       "<architecture>i386</architecture>"));
	fail_req = KVM_GET_MSRS;
	assert_int_equal(arch_gdb_read_regs(&vcpu, g, sizeof(g)), I386_SIZE);
	fail_req = 0;
}

static void test_vcpu_translate(void **state)
{
	uint64_t gpa = 0, left = 0;

	(void)state;
	reset_kvm();
	assert_int_equal(arch_gdb_translate(&vcpu, 0x1234, &gpa, &left), 0);
	assert_int_equal(gpa, 0x201234);
	assert_int_equal(left, 0x1000 - 0x234);
	assert_int_equal(arch_gdb_translate(&vcpu, 0x3000, &gpa, &left), 0);
	assert_int_equal(left, 0x1000);
	assert_int_equal(arch_gdb_translate(&vcpu, 0x4fff, &gpa, &left), 0);
	assert_int_equal(left, 1);
	assert_int_equal(arch_gdb_translate(&vcpu, 0x100000, &gpa, &left), -1);
	fail_req = KVM_TRANSLATE;
	assert_int_equal(arch_gdb_translate(&vcpu, 0x1234, &gpa, &left), -1);
	fail_req = 0;
}

static void test_vcpu_debug(void **state)
{
	struct gdb_debug d = { .step = true, .nr_hw = 1 };
	struct kvm_run run;
	struct gdb_debug_exit e;

	(void)state;
	reset_kvm();
	d.hw[0] = (struct gdb_hw_point){ GDB_HW_ACCESS, 0x8000, 8 };
	/* the probe reads the controls KVM takes; its VMs fail here */
	guest_debug2 = 0;
	assert_int_equal(arch_gdb_probe(VM_FD), 0);
	assert_int_equal(arch_gdb_set_debug(&vcpu, &d), 0);
	assert_int_equal(kvm_dbg.control, KVM_GUESTDBG_ENABLE |
			 KVM_GUESTDBG_SINGLESTEP | KVM_GUESTDBG_USE_HW_BP);
	assert_int_equal(kvm_dbg.arch.debugreg[0], 0x8000);
	assert_int_equal(kvm_dbg.arch.debugreg[7], 0x000b0001);
	guest_debug2 = 0x1f000f;
	assert_int_equal(arch_gdb_probe(VM_FD), 0);
	assert_int_equal(arch_gdb_set_debug(&vcpu, &d), 0);
	assert_true(kvm_dbg.control & KVM_GUESTDBG_BLOCKIRQ);
	/* stepping through soft breakpoints: interrupts are taken */
	d.step_irqs = true;
	assert_int_equal(arch_gdb_set_debug(&vcpu, &d), 0);
	assert_false(kvm_dbg.control & KVM_GUESTDBG_BLOCKIRQ);
	d.step_irqs = false;
	d.hw[0].addr = 0x8004;		/* misaligned: KVM not asked */
	assert_int_equal(arch_gdb_set_debug(&vcpu, &d), -1);
	assert_int_equal(nr_set_debug, 3);

	memset(&run, 0, sizeof(run));
	run.exit_reason = KVM_EXIT_DEBUG;
	run.debug.arch.exception = 1;
	run.debug.arch.pc = 0x401000;
	run.debug.arch.dr6 = DR6_FIXED | 1;
	d.hw[0].addr = 0x8000;
	vcpu.run = &run;
	e = arch_gdb_debug_exit(&vcpu, &d);
	vcpu.run = NULL;
	assert_int_equal(e.why, GDB_DEBUG_WATCH);
	assert_int_equal(e.slot, 0);
	assert_int_equal(e.addr, 0x8000);
	assert_int_equal(e.pc, 0x401000);

	assert_int_equal(arch_gdb_brk_len, 1);
	assert_int_equal(arch_gdb_brk[0], 0xcc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mode),
		cmocka_unit_test(test_xml),
		cmocka_unit_test(test_offsets_long),
		cmocka_unit_test(test_offsets_prot),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_narrow_registers),
		cmocka_unit_test(test_segments),
		cmocka_unit_test(test_ftag),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_hw_check),
		cmocka_unit_test(test_dr7),
		cmocka_unit_test(test_guest_debug),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_vcpu_registers),
		cmocka_unit_test(test_vcpu_protected),
		cmocka_unit_test(test_vcpu_translate),
		cmocka_unit_test(test_vcpu_debug),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
