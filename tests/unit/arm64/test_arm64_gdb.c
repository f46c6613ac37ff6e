// SPDX-License-Identifier: GPL-2.0
/*
 * arm64's GDB back end: the register layout and its target description,
 * packing registers to and from GDB's bytes, the stage-1 walk over a
 * fake guest memory, the debug registers' values and the decoding of
 * debug exits; then the same through the gdb_arch.h calls, their KVM
 * registers and KVM_SET_GUEST_DEBUG answered by the test (the link wraps
 * ioctl).
 */
#include <endian.h>
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

#include "arch_defs.h"
#include "gdb_arch.h"
#include "gdb_arm64.h"
#include "vcpu.h"
#include "vm.h"

#define VCPU_FD		1000	/* answered by __wrap_ioctl, never opened */
#define VM_FD		1001
#define RAM_BASE	KVMINI_RAM_BASE
#define RAM_SIZE	0x100000

/* stage 1, 4K granules for both halves, 48-bit VAs */
#define T0SZ(n)		((uint64_t)(n))
#define T1SZ(n)		((uint64_t)(n) << 16)
#define TG0_16K		(2ULL << 14)
#define TG0_64K		(1ULL << 14)
#define TG1_4K		(2ULL << 30)
#define EPD0		(1ULL << 7)
#define TBI0		(1ULL << 37)
#define TCR_48		(T0SZ(16) | T1SZ(16) | TG1_4K)
#define SCTLR_M		1ULL
#define SCTLR_EE	(1ULL << 25)

#define TABLE		3ULL		/* valid, table (a page at level 3) */
#define PAGE		0x403ULL	/* and the access flag */
#define BLOCK		0x401ULL

#define L(n, i)		((uint64_t)(i) << (39 - 9 * (n)))	/* 4K index */
#define T(off)		(RAM_BASE + (off))	/* a table in RAM */

static uint8_t ram[RAM_SIZE];
static bool ram_big_endian;

static void put_desc(uint64_t table, uint64_t idx, uint64_t desc)
{
	uint64_t raw = ram_big_endian ? htobe64(desc) : htole64(desc);

	assert_true(table >= RAM_BASE && table - RAM_BASE + idx * 8 < RAM_SIZE);
	memcpy(ram + (table - RAM_BASE) + idx * 8, &raw, sizeof(raw));
}

static int mem_read(void *ctx, uint64_t gpa, uint64_t *desc)
{
	(void)ctx;
	if (gpa < RAM_BASE || gpa - RAM_BASE > RAM_SIZE - 8)
		return -1;
	memcpy(desc, ram + (gpa - RAM_BASE), sizeof(*desc));
	*desc = le64toh(*desc);
	return 0;
}

static int walk(const struct arm64_mmu *m, uint64_t gva, uint64_t *gpa,
		uint64_t *left)
{
	return arm64_gdb_walk(m, gva, mem_read, NULL, gpa, left);
}

/* KVM's registers, by id, as the fake KVM_{GET,SET}_ONE_REG keep them */
struct fake_reg {
	uint64_t id;
	uint64_t val[2];
};

static struct fake_reg kregs[ARM64_GDB_NR];
static unsigned int nr_sets;
static struct kvm_guest_debug last_dbg;
static int hw_bps, hw_wps;	/* KVM_CHECK_EXTENSION's answers */

static struct fake_reg *kreg(uint64_t id)
{
	unsigned int i;

	for (i = 0; i < ARM64_GDB_NR; i++)
		if (kregs[i].id && kregs[i].id == id)
			return &kregs[i];
	return NULL;
}

static void set_kreg(unsigned int regno, uint64_t lo, uint64_t hi)
{
	struct fake_reg *f = kreg(arm64_gdb_regs[regno].id);

	assert_non_null(f);
	f->val[0] = lo;
	f->val[1] = hi;
}

static uint64_t kreg_val(unsigned int regno)
{
	struct fake_reg *f = kreg(arm64_gdb_regs[regno].id);

	assert_non_null(f);
	return f->val[0];
}

static bool pstate_ok(uint64_t pstate)
{
	uint64_t m = pstate & 0x1f;

	return m == 0x0 || m == 0x4 || m == 0x5;	/* EL0t, EL1t, EL1h */
}

int __wrap_ioctl(int fd, unsigned long req, ...)
{
	struct kvm_one_reg *r;
	struct fake_reg *f;
	uint64_t val[2];
	void *arg;

	IOCTL_ARG(req, arg);
	if (fd == VM_FD && req == KVM_CHECK_EXTENSION) {
		if ((uintptr_t)arg == KVM_CAP_GUEST_DEBUG_HW_BPS)
			return hw_bps;
		return (uintptr_t)arg == KVM_CAP_GUEST_DEBUG_HW_WPS ? hw_wps : 0;
	}
	if (fd != VCPU_FD)
		return __real_ioctl(fd, req, arg);
	switch (req) {
	case KVM_GET_ONE_REG:
	case KVM_SET_ONE_REG:
		r = arg;
		f = kreg(r->id);
		assert_true(KVM_REG_SIZE(r->id) <= sizeof(val));
		if (!f) {
			errno = ENOENT;
			return -1;
		}
		if (req == KVM_GET_ONE_REG) {
			memcpy((void *)(uintptr_t)r->addr, f->val,
			       KVM_REG_SIZE(r->id));
			return 0;
		}
		memset(val, 0, sizeof(val));
		memcpy(val, (void *)(uintptr_t)r->addr, KVM_REG_SIZE(r->id));
		if (r->id == arm64_gdb_regs[ARM64_GDB_CPSR].id &&
		    !pstate_ok(val[0])) {
			errno = EINVAL;
			return -1;
		}
		memcpy(f->val, val, sizeof(val));
		nr_sets++;
		return 0;
	case KVM_SET_GUEST_DEBUG:
		memcpy(&last_dbg, arg, sizeof(last_dbg));
		return 0;
	}
	errno = ENOTTY;
	return -1;
}

struct fx {
	struct vm vm;
	struct vcpu vcpu;
	struct kvm_run run;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	unsigned int i;

	assert_non_null(f);
	memset(ram, 0, sizeof(ram));
	ram_big_endian = false;
	memset(kregs, 0, sizeof(kregs));
	for (i = 0; i < ARM64_GDB_NR; i++)
		if (arm64_gdb_regs[i].src == ARM64_GDB_KVM)
			kregs[i].id = arm64_gdb_regs[i].id;
	nr_sets = 0;
	memset(&last_dbg, 0xa5, sizeof(last_dbg));
	hw_bps = 6;
	hw_wps = 4;
	f->vm.fd = VM_FD;
	f->vm.slots[0] = (struct vm_slot){ RAM_BASE, RAM_SIZE, ram };
	f->vm.nr_slots = 1;
	f->vcpu.vm = &f->vm;
	f->vcpu.fd = VCPU_FD;
	f->vcpu.run = &f->run;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* Each <reg .../> of the target description, in order. */
struct xml_reg {
	char name[32];
	unsigned int bits, regnum;
};

static unsigned int xml_regs(const char *xml, struct xml_reg *out,
			     unsigned int max)
{
	const char *p = xml;
	unsigned int n = 0;
	int got;

	while ((p = strstr(p, "<reg ")) && n < max) {
		got = sscanf(p, "<reg name=\"%31[^\"]\" bitsize=\"%u\" regnum=\"%u\"",
			     out[n].name, &out[n].bits, &out[n].regnum);
		assert_int_equal(got, 3);
		n++;
		p++;
	}
	return n;
}

static unsigned int count(const char *s, const char *what)
{
	unsigned int n = 0;

	while ((s = strstr(s, what))) {
		n++;
		s++;
	}
	return n;
}

static void test_layout(void **state)
{
	size_t sum = 0;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARM64_GDB_NR; i++) {
		const struct arm64_gdb_reg *r = &arm64_gdb_regs[i];

		assert_non_null(r->name);
		assert_true(r->bits == 32 || r->bits == 64 || r->bits == 128);
		assert_int_equal(arm64_gdb_offset(i), sum);
		/* KVM's register is as wide, but for cpsr (pstate) */
		if (r->src == ARM64_GDB_KVM && i != ARM64_GDB_CPSR)
			assert_int_equal(KVM_REG_SIZE(r->id) * 8, r->bits);
		sum += r->bits / 8;
	}
	assert_int_equal(sum, ARM64_GDB_G_SIZE);
	assert_int_equal(arm64_gdb_offset(ARM64_GDB_NR), ARM64_GDB_G_SIZE);
	assert_int_equal(arm64_gdb_offset(ARM64_GDB_PC), 256);
	assert_int_equal(arm64_gdb_offset(ARM64_GDB_CPSR), 264);
	assert_int_equal(arm64_gdb_offset(ARM64_GDB_V0), 268);
	assert_int_equal(arm64_gdb_offset(ARM64_GDB_FPSR), 780);
	assert_int_equal(arm64_gdb_offset(ARM64_GDB_SCTLR_EL1), 788);
	assert_int_equal(ARM64_GDB_NR, 82);
}

/* KVM's ids, from the uapi's encoding, not from its macros */
static void test_kvm_ids(void **state)
{
	const struct arm64_gdb_reg *r = arm64_gdb_regs;
	unsigned int i, j;

	(void)state;
	assert_int_equal(r[0].id, 0x6030000000100000ULL);	/* x0 */
	assert_int_equal(r[30].id, 0x603000000010003cULL);	/* x30 */
	assert_int_equal(r[ARM64_GDB_PC].id, 0x6030000000100040ULL);
	assert_int_equal(r[ARM64_GDB_CPSR].id, 0x6030000000100042ULL);
	assert_int_equal(r[ARM64_GDB_V0].id, 0x6040000000100054ULL);
	assert_int_equal(r[ARM64_GDB_V0 + 31].id, 0x60400000001000d0ULL);
	assert_int_equal(r[ARM64_GDB_FPSR].id, 0x60200000001000d4ULL);
	assert_int_equal(r[ARM64_GDB_FPCR].id, 0x60200000001000d5ULL);
	assert_int_equal(r[ARM64_GDB_SP_EL0].id, 0x603000000010003eULL);
	assert_int_equal(r[ARM64_GDB_SP_EL1].id, 0x6030000000100044ULL);
	assert_int_equal(r[ARM64_GDB_ELR_EL1].id, 0x6030000000100046ULL);
	assert_int_equal(r[ARM64_GDB_SPSR_EL1].id, 0x6030000000100048ULL);
	/* op0 3, op1 0, CRn 1, CRm 0, op2 0 */
	assert_int_equal(r[ARM64_GDB_SCTLR_EL1].id, 0x603000000013c080ULL);
	assert_int_equal(r[ARM64_GDB_TCR_EL1].id, 0x603000000013c102ULL);
	assert_int_equal(r[ARM64_GDB_TTBR1_EL1].id, 0x603000000013c101ULL);
	assert_int_equal(r[ARM64_GDB_TPIDR_EL1].id, 0x603000000013c684ULL);
	for (i = 0; i < ARM64_GDB_NR; i++)
		for (j = i + 1; j < ARM64_GDB_NR; j++)
			if (r[i].src == ARM64_GDB_KVM)
				assert_true(r[i].id != r[j].id);
}

static void test_target_xml(void **state)
{
	struct xml_reg regs[ARM64_GDB_NR + 1];
	const char *xml = arch_gdb_target_xml(NULL);
	char small[16];
	unsigned int i, j, n;

	(void)state;
	assert_non_null(xml);
	assert_int_equal(arm64_gdb_xml(NULL, 0), strlen(xml));
	assert_int_equal(arm64_gdb_xml(small, sizeof(small)), strlen(xml));
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_non_null(strstr(xml, "<architecture>aarch64</architecture>"));
	assert_int_equal(count(xml, "<feature "), 3);
	assert_int_equal(count(xml, "</feature>"), 3);
	assert_true(strstr(xml, "\"org.gnu.gdb.aarch64.core\"") <
		    strstr(xml, "\"org.gnu.gdb.aarch64.fpu\""));
	assert_true(strstr(xml, "\"org.gnu.gdb.aarch64.fpu\"") <
		    strstr(xml, "\"org.kvmini.aarch64.sys\""));
	assert_int_equal(count(xml, "<"), count(xml, ">"));

	n = xml_regs(xml, regs, ARM64_GDB_NR + 1);
	assert_int_equal(n, ARM64_GDB_NR);
	for (i = 0; i < n; i++) {
		/* consecutive from 0, the table's names and sizes */
		assert_int_equal(regs[i].regnum, i);
		assert_string_equal(regs[i].name, arm64_gdb_regs[i].name);
		assert_int_equal(regs[i].bits, arm64_gdb_regs[i].bits);
		for (j = 0; j < i; j++)
			assert_string_not_equal(regs[i].name, regs[j].name);
	}
	/* what GDB's aarch64_gdbarch_init looks up, in its order */
	assert_string_equal(regs[30].name, "x30");
	assert_string_equal(regs[31].name, "sp");
	assert_string_equal(regs[32].name, "pc");
	assert_string_equal(regs[33].name, "cpsr");
	assert_int_equal(regs[33].bits, 32);
	assert_string_equal(regs[34].name, "v0");
	assert_string_equal(regs[65].name, "v31");
	assert_string_equal(regs[66].name, "fpsr");
	assert_string_equal(regs[67].name, "fpcr");
	assert_string_equal(regs[ARM64_GDB_CURRENTEL].name, "currentel");
}

static void test_pack_unpack(void **state)
{
	struct arm64_gdb_vals v = { 0 };
	uint8_t b[16];

	(void)state;
	v.v[0][0] = 0x0807060504030201ULL;
	assert_int_equal(arm64_gdb_pack(&v, 0, b), 8);
	assert_memory_equal(b, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);

	v.v[ARM64_GDB_CPSR][0] = 0x00000001800003c5ULL;
	assert_int_equal(arm64_gdb_pack(&v, ARM64_GDB_CPSR, b), 4);
	assert_memory_equal(b, "\xc5\x03\x00\x80", 4);
	/* GDB's 32 bits leave PSTATE's upper half as it was */
	arm64_gdb_unpack(&v, ARM64_GDB_CPSR, (const uint8_t *)"\x04\x00\x00\x20");
	assert_int_equal(v.v[ARM64_GDB_CPSR][0], 0x0000000120000004ULL);

	v.v[ARM64_GDB_V0 + 1][0] = 0x1122334455667788ULL;
	v.v[ARM64_GDB_V0 + 1][1] = 0x99aabbccddeeff00ULL;
	assert_int_equal(arm64_gdb_pack(&v, ARM64_GDB_V0 + 1, b), 16);
	assert_memory_equal(b, "\x88\x77\x66\x55\x44\x33\x22\x11"
			    "\x00\xff\xee\xdd\xcc\xbb\xaa\x99", 16);
	b[15] = 0x42;
	arm64_gdb_unpack(&v, ARM64_GDB_V0 + 2, b);
	assert_int_equal(v.v[ARM64_GDB_V0 + 2][0], 0x1122334455667788ULL);
	assert_int_equal(v.v[ARM64_GDB_V0 + 2][1], 0x42aabbccddeeff00ULL);
}

static void test_derive(void **state)
{
	struct arm64_gdb_vals v = { 0 };

	(void)state;
	v.v[ARM64_GDB_SP_EL0][0] = 0x1000;
	v.v[ARM64_GDB_SP_EL1][0] = 0xffff800000002000ULL;
	v.v[ARM64_GDB_CPSR][0] = 0x3c5;		/* EL1h */
	arm64_gdb_derive(&v);
	assert_int_equal(v.v[ARM64_GDB_SP][0], 0xffff800000002000ULL);
	assert_int_equal(v.v[ARM64_GDB_CURRENTEL][0], 4);
	v.v[ARM64_GDB_CPSR][0] = 0x3c4;		/* EL1t */
	arm64_gdb_derive(&v);
	assert_int_equal(v.v[ARM64_GDB_SP][0], 0x1000);
	assert_int_equal(v.v[ARM64_GDB_CURRENTEL][0], 4);
	v.v[ARM64_GDB_CPSR][0] = 0;		/* EL0t */
	arm64_gdb_derive(&v);
	assert_int_equal(v.v[ARM64_GDB_SP][0], 0x1000);
	assert_int_equal(v.v[ARM64_GDB_CURRENTEL][0], 0);
}

static void test_plan(void **state)
{
	struct arm64_gdb_vals cur = { 0 }, want;
	struct arm64_gdb_set set[ARM64_GDB_NR];
	const struct arm64_gdb_reg *r = arm64_gdb_regs;

	(void)state;
	cur.v[ARM64_GDB_CPSR][0] = 0x3c5;
	cur.v[ARM64_GDB_SP_EL1][0] = 0x2000;
	arm64_gdb_derive(&cur);
	want = cur;
	assert_int_equal(arm64_gdb_plan(&cur, &want, set), 0);

	want.v[5][0] = 55;
	want.v[ARM64_GDB_CPSR][0] = 0x3c4;
	assert_int_equal(arm64_gdb_plan(&cur, &want, set), 2);
	assert_int_equal(set[0].id, r[ARM64_GDB_CPSR].id);	/* first */
	assert_int_equal(set[0].val[0], 0x3c4);
	assert_int_equal(set[1].id, r[5].id);
	assert_int_equal(set[1].val[0], 55);

	/* sp is SP_EL1 in EL1h, and wins over a changed sp_el1: last */
	want = cur;
	want.v[ARM64_GDB_SP][0] = 0x3000;
	want.v[ARM64_GDB_SP_EL1][0] = 0x4000;
	assert_int_equal(arm64_gdb_plan(&cur, &want, set), 2);
	assert_int_equal(set[0].id, r[ARM64_GDB_SP_EL1].id);
	assert_int_equal(set[0].val[0], 0x4000);
	assert_int_equal(set[1].id, r[ARM64_GDB_SP_EL1].id);
	assert_int_equal(set[1].val[0], 0x3000);
	/* as the new PSTATE selects it */
	want.v[ARM64_GDB_SP_EL1][0] = 0x2000;
	want.v[ARM64_GDB_CPSR][0] = 0x3c4;
	assert_int_equal(arm64_gdb_plan(&cur, &want, set), 2);
	assert_int_equal(set[1].id, r[ARM64_GDB_SP_EL0].id);

	/* CurrentEL is read-only */
	want = cur;
	want.v[ARM64_GDB_CURRENTEL][0] = 8;
	assert_int_equal(arm64_gdb_plan(&cur, &want, set), -1);
}

static void test_walk_mmu_off(void **state)
{
	struct arm64_mmu m = { .sctlr = 0, .tcr = TCR_48 };
	uint64_t gpa, left;

	(void)state;
	assert_int_equal(walk(&m, 0x40001234, &gpa, &left), 0);
	assert_int_equal(gpa, 0x40001234);
	assert_int_equal(left, 0xdcc);
}

/* x0: L0 1, L1 2, L2 3, L3 4 */
#define VA4	(L(0, 1) | L(1, 2) | L(2, 3) | L(3, 4))

static void map_4k_page(void)
{
	put_desc(T(0x1000), 1, T(0x2000) | TABLE);
	put_desc(T(0x2000), 2, T(0x3000) | TABLE);
	put_desc(T(0x3000), 3, T(0x4000) | TABLE);
	put_desc(T(0x4000), 4, 0x40080000 | PAGE);
}

static void test_walk_4k_page(void **state)
{
	/* TTBR0's ASID and CnP are no part of the table's address */
	struct arm64_mmu m = {
		.sctlr = SCTLR_M, .tcr = TCR_48,
		.ttbr0 = 0x0042000000000000ULL | T(0x1000) | 1,
	};
	uint64_t gpa, left;

	(void)state;
	map_4k_page();
	assert_int_equal(walk(&m, VA4 | 0xabc, &gpa, &left), 0);
	assert_int_equal(gpa, 0x40080abc);
	assert_int_equal(left, 0x1000 - 0xabc);
	/* the next page of the same table is not mapped */
	assert_int_equal(walk(&m, VA4 + 0x1000, &gpa, &left), -1);
	/* an invalid descriptor, a reserved one at level 3 */
	put_desc(T(0x4000), 5, 0x40081000 | 1);
	assert_int_equal(walk(&m, VA4 + 0x1000, &gpa, &left), -1);
	/* beyond the 48-bit VA; top byte tagged without TBI */
	assert_int_equal(walk(&m, VA4 | 1ULL << 48, &gpa, &left), -1);
	assert_int_equal(walk(&m, VA4 | 0xb4ULL << 56, &gpa, &left), -1);
	m.tcr |= TBI0;
	assert_int_equal(walk(&m, VA4 | 0xb4ULL << 56, &gpa, &left), 0);
	assert_int_equal(gpa, 0x40080000);
	/* 52-bit VAs with 4K pages need LPA2 */
	m.tcr = T0SZ(12) | T1SZ(16) | TG1_4K;
	assert_int_equal(walk(&m, VA4, &gpa, &left), -1);
	m.tcr = TCR_48;
	/* TTBR0 walks disabled */
	m.tcr |= EPD0;
	assert_int_equal(walk(&m, VA4, &gpa, &left), -1);
}

static void test_walk_39bit(void **state)
{
	/* 3 levels from level 1; big-endian tables (SCTLR_EL1.EE) */
	struct arm64_mmu m = {
		.sctlr = SCTLR_M | SCTLR_EE, .tcr = T0SZ(25) | T1SZ(25) | TG1_4K,
		.ttbr0 = T(0x1000),
	};
	uint64_t gpa, left;

	(void)state;
	ram_big_endian = true;
	put_desc(T(0x1000), 2, T(0x2000) | TABLE);
	put_desc(T(0x2000), 3, T(0x3000) | TABLE);
	put_desc(T(0x3000), 5, 0x400c0000 | PAGE);
	assert_int_equal(walk(&m, L(1, 2) | L(2, 3) | L(3, 5) | 0x10, &gpa,
			      &left), 0);
	assert_int_equal(gpa, 0x400c0010);
	assert_int_equal(left, 0xff0);
	/* bit 39 is beyond a 39-bit VA */
	assert_int_equal(walk(&m, L(0, 1) | L(1, 2) | L(2, 3) | L(3, 5), &gpa,
			      &left), -1);
}

static void test_walk_blocks(void **state)
{
	struct arm64_mmu m = {
		.sctlr = SCTLR_M, .tcr = TCR_48, .ttbr0 = T(0x1000),
	};
	uint64_t gpa, left;

	(void)state;
	put_desc(T(0x1000), 1, T(0x2000) | TABLE);
	put_desc(T(0x2000), 2, T(0x3000) | TABLE);
	put_desc(T(0x3000), 3, 0x40200000 | BLOCK);		/* 2 MiB */
	assert_int_equal(walk(&m, L(0, 1) | L(1, 2) | L(2, 3) | 0x12345, &gpa,
			      &left), 0);
	assert_int_equal(gpa, 0x40212345);
	assert_int_equal(left, 0x200000 - 0x12345);
	put_desc(T(0x2000), 4, 0x40000000 | BLOCK);		/* 1 GiB */
	assert_int_equal(walk(&m, L(0, 1) | L(1, 4) | 0x1234567, &gpa, &left),
			 0);
	assert_int_equal(gpa, 0x41234567);
	assert_int_equal(left, 0x40000000 - 0x1234567);
	/* no blocks at level 0 with 4K pages */
	put_desc(T(0x1000), 2, 0x40000000 | BLOCK);
	assert_int_equal(walk(&m, L(0, 2), &gpa, &left), -1);
}

static void test_walk_ttbr1(void **state)
{
	struct arm64_mmu m = {
		.sctlr = SCTLR_M, .tcr = TCR_48,
		.ttbr0 = T(0x10000), .ttbr1 = T(0x1000),	/* 0: empty */
	};
	uint64_t va = 0xffff000000000000ULL | VA4, gpa, left;

	(void)state;
	map_4k_page();
	assert_int_equal(walk(&m, va | 0x42, &gpa, &left), 0);
	assert_int_equal(gpa, 0x40080042);
	assert_int_equal(left, 0x1000 - 0x42);
	/* the same low bits in TTBR0's half: not mapped there */
	assert_int_equal(walk(&m, VA4 | 0x42, &gpa, &left), -1);
	/* bit 55 set but not all of 63:48 */
	assert_int_equal(walk(&m, va & ~(1ULL << 60), &gpa, &left), -1);
}

static void test_walk_outside_ram(void **state)
{
	struct arm64_mmu m = {
		.sctlr = SCTLR_M, .tcr = TCR_48, .ttbr0 = T(0x1000),
	};
	uint64_t gpa, left;

	(void)state;
	map_4k_page();
	put_desc(T(0x2000), 2, 0x80000000 | TABLE);
	assert_int_equal(walk(&m, VA4, &gpa, &left), -1);
	m.ttbr0 = 0x1000;		/* the root table itself */
	assert_int_equal(walk(&m, VA4, &gpa, &left), -1);
}

/*
 * FEAT_LPA2 (TCR_EL1.DS), as a kernel built for 52-bit VAs runs on a
 * CPU that has it: 4K pages, five levels from level -1, output address
 * bits 51:50 in descriptor bits 9:8, a TTBR's table bits 51:48 in its
 * bits 5:2; a level-0 block; no 64K pages with DS
 */
static void test_walk_lpa2(void **state)
{
	struct arm64_mmu m = {
		.sctlr = SCTLR_M,
		.tcr = T0SZ(12) | T1SZ(12) | TG1_4K | 1ULL << 59,
		.ttbr1 = T(0x1000),
	};
	uint64_t va = 0xfffULL << 52 | 5ULL << 48 | L(0, 1) | L(1, 2) |
		      L(2, 3) | L(3, 4) | 0x123;
	uint64_t gpa, left;

	(void)state;
	memset(ram, 0, sizeof(ram));
	put_desc(T(0x1000), 5, T(0x2000) | TABLE);
	put_desc(T(0x2000), 1, T(0x3000) | TABLE);
	put_desc(T(0x3000), 2, T(0x4000) | TABLE);
	put_desc(T(0x4000), 3, T(0x5000) | TABLE);
	put_desc(T(0x5000), 4, 0x40080000 | 3ULL << 8 | PAGE);
	assert_int_equal(walk(&m, va, &gpa, &left), 0);
	assert_int_equal(gpa, 3ULL << 50 | 0x40080123);
	assert_int_equal(left, 0x1000 - 0x123);
	/* a level-0 block: 512 GiB */
	put_desc(T(0x2000), 1, 0x8000000000ULL | BLOCK);
	assert_int_equal(walk(&m, va, &gpa, &left), 0);
	assert_int_equal(gpa, 0x8000000000ULL | (va & (L(0, 1) - 1)));
	/* the table's bits 51:48 from TTBR bits 5:2: not this RAM */
	m.ttbr1 = T(0x1000) | 1ULL << 2;
	assert_int_equal(walk(&m, va, &gpa, &left), -1);
	/* without DS, a 52-bit VA of 4K pages is not a valid setting */
	m.ttbr1 = T(0x1000);
	m.tcr &= ~(1ULL << 59);
	assert_int_equal(walk(&m, va, &gpa, &left), -1);
	/* DS with 64K pages: left out */
	m.tcr = T0SZ(12) | T1SZ(12) | 3ULL << 30 | 1ULL << 59;
	assert_int_equal(walk(&m, va, &gpa, &left), -1);
}

static void test_walk_16k_64k(void **state)
{
	/* 16K, 48 bits: L0 (1 bit), L1, L2, L3 of 11 bits each */
	struct arm64_mmu m = {
		.sctlr = SCTLR_M, .tcr = T0SZ(16) | TG0_16K | TG1_4K,
		.ttbr0 = T(0x40),
	};
	uint64_t gpa, left, va;

	(void)state;
	va = 1ULL << 47 | 3ULL << 36 | 5ULL << 25 | 7ULL << 14 | 0x1234;
	put_desc(T(0x40), 1, T(0x4000) | TABLE);
	put_desc(T(0x4000), 3, T(0x8000) | TABLE);
	put_desc(T(0x8000), 5, T(0xc000) | TABLE);
	put_desc(T(0xc000), 7, 0x40100000 | PAGE);
	assert_int_equal(walk(&m, va, &gpa, &left), 0);
	assert_int_equal(gpa, 0x40101234);
	assert_int_equal(left, 0x4000 - 0x1234);

	/* 64K, 48 bits: L1 (6 bits), L2, L3 of 13 bits each */
	memset(ram, 0, sizeof(ram));
	m.tcr = T0SZ(16) | TG0_64K | TG1_4K;
	m.ttbr0 = T(0x10000);
	va = 2ULL << 42 | 3ULL << 29 | 4ULL << 16 | 0x1234;
	put_desc(T(0x10000), 2, T(0x20000) | TABLE);
	put_desc(T(0x20000), 3, T(0x30000) | TABLE);
	put_desc(T(0x30000), 4, 0x40080000 | PAGE);
	assert_int_equal(walk(&m, va, &gpa, &left), 0);
	assert_int_equal(gpa, 0x40081234);
	assert_int_equal(left, 0x10000 - 0x1234);
	/* a 512 MiB block at level 2 */
	put_desc(T(0x20000), 5, 0x40000000 | BLOCK);
	va = 2ULL << 42 | 5ULL << 29 | 0x123456;
	assert_int_equal(walk(&m, va, &gpa, &left), 0);
	assert_int_equal(gpa, 0x40123456);
	assert_int_equal(left, (1ULL << 29) - 0x123456);
	/* 52-bit VAs (FEAT_LVA): 10 bits at level 1 */
	m.tcr = T0SZ(12) | TG0_64K | TG1_4K;
	put_desc(T(0x10000), 0x201, T(0x20000) | TABLE);
	va = 0x201ULL << 42 | 3ULL << 29 | 4ULL << 16 | 0x1234;
	assert_int_equal(walk(&m, va, &gpa, &left), 0);
	assert_int_equal(gpa, 0x40081234);
	/* VA no wider than a page; LPA2's descriptors */
	m.tcr = T0SZ(48) | TG0_64K | TG1_4K;
	assert_int_equal(walk(&m, 0x1234, &gpa, &left), -1);
	m.tcr = T0SZ(16) | TG0_64K | TG1_4K | 1ULL << 59;
	assert_int_equal(walk(&m, va, &gpa, &left), -1);
}

static void test_breakpoint_regs(void **state)
{
	uint64_t c, v;

	(void)state;
	/* E, PMC EL1 and EL0, BAS 0b1111 */
	assert_int_equal(arm64_gdb_bp(0xffff800010001000ULL, 4, &c, &v), 0);
	assert_int_equal(c, 0x1e7);
	assert_int_equal(v, 0xffff800010001000ULL);
	assert_int_equal(arm64_gdb_bp(0x40001002, 4, &c, &v), -1);
	assert_int_equal(arm64_gdb_bp(0x40001000, 2, &c, &v), -1);
	assert_int_equal(arch_gdb_hw_check(GDB_HW_EXEC, 0x40001000, 4), 0);
	assert_int_equal(arch_gdb_hw_check(GDB_HW_EXEC, 0x40001001, 4), -1);
}

static void test_watchpoint_regs(void **state)
{
	uint64_t c, v;

	(void)state;
	/* E, PAC EL1 and EL0, LSC store, BAS 0x0f */
	assert_int_equal(arm64_gdb_wp(GDB_HW_WRITE, 0x1000, 4, &c, &v), 0);
	assert_int_equal(c, 0x1f7);
	assert_int_equal(v, 0x1000);
	/* the upper word of the doubleword: BAS 0xf0 */
	assert_int_equal(arm64_gdb_wp(GDB_HW_WRITE, 0x1004, 4, &c, &v), 0);
	assert_int_equal(c, 0x1e17);
	assert_int_equal(v, 0x1000);
	assert_int_equal(arm64_gdb_wp(GDB_HW_READ, 0x1006, 1, &c, &v), 0);
	assert_int_equal(c, 0x80f);		/* LSC load, BAS 0x40 */
	assert_int_equal(arm64_gdb_wp(GDB_HW_ACCESS, 0x1008, 8, &c, &v), 0);
	assert_int_equal(c, 0x1fff);		/* LSC both, BAS 0xff */
	assert_int_equal(v, 0x1008);
	assert_int_equal(arm64_gdb_wp(GDB_HW_WRITE, 0x1001, 2, &c, &v), 0);
	assert_int_equal(c, 0xd7);		/* BAS 0x06 */
	/* across doublewords, too long, empty, not a watchpoint */
	assert_int_equal(arm64_gdb_wp(GDB_HW_WRITE, 0x1004, 8, &c, &v), -1);
	assert_int_equal(arm64_gdb_wp(GDB_HW_WRITE, 0x1007, 2, &c, &v), -1);
	assert_int_equal(arm64_gdb_wp(GDB_HW_WRITE, 0x1000, 16, &c, &v), -1);
	assert_int_equal(arm64_gdb_wp(GDB_HW_WRITE, 0x1000, 0, &c, &v), -1);
	assert_int_equal(arm64_gdb_wp(GDB_HW_EXEC, 0x1000, 4, &c, &v), -1);
	assert_int_equal(arch_gdb_hw_check(GDB_HW_READ, 0x1000, 8), 0);
	assert_int_equal(arch_gdb_hw_check(GDB_HW_READ, 0x1002, 8), -1);
}

static void test_guest_debug(void **state)
{
	struct gdb_debug d = { 0 };
	struct kvm_guest_debug dbg;

	(void)state;
	assert_int_equal(arm64_gdb_guest_debug(&d, 2, 2, &dbg), 0);
	assert_int_equal(dbg.control, 0);	/* all off */

	d.step = true;
	d.sw_break = true;
	assert_int_equal(arm64_gdb_guest_debug(&d, 2, 2, &dbg), 0);
	assert_int_equal(dbg.control, KVM_GUESTDBG_ENABLE |
			 KVM_GUESTDBG_SINGLESTEP | KVM_GUESTDBG_USE_SW_BP);

	d.step = false;
	d.nr_hw = 3;
	d.hw[0] = (struct gdb_hw_point){ GDB_HW_EXEC, 0x40001000, 4 };
	d.hw[1] = (struct gdb_hw_point){ GDB_HW_WRITE, 0x40002000, 8 };
	d.hw[2] = (struct gdb_hw_point){ GDB_HW_EXEC, 0x40001004, 4 };
	assert_int_equal(arm64_gdb_guest_debug(&d, 2, 2, &dbg), 0);
	assert_int_equal(dbg.control, KVM_GUESTDBG_ENABLE |
			 KVM_GUESTDBG_USE_SW_BP | KVM_GUESTDBG_USE_HW);
	assert_int_equal(dbg.arch.dbg_bcr[0], 0x1e7);
	assert_int_equal(dbg.arch.dbg_bvr[0], 0x40001000);
	assert_int_equal(dbg.arch.dbg_bcr[1], 0x1e7);
	assert_int_equal(dbg.arch.dbg_bvr[1], 0x40001004);
	assert_int_equal(dbg.arch.dbg_bcr[2], 0);
	assert_int_equal(dbg.arch.dbg_wcr[0], 0x1ff7);
	assert_int_equal(dbg.arch.dbg_wvr[0], 0x40002000);
	assert_int_equal(dbg.arch.dbg_wcr[1], 0);
	/* more breakpoints than the CPU's registers; one BAS cannot say */
	assert_int_equal(arm64_gdb_guest_debug(&d, 1, 2, &dbg), -1);
	d.hw[1].addr = 0x40002004;
	assert_int_equal(arm64_gdb_guest_debug(&d, 2, 2, &dbg), -1);
	d.nr_hw = GDB_HW_MAX + 1;
	assert_int_equal(arm64_gdb_guest_debug(&d, 16, 16, &dbg), -1);
}

#define ESR(ec, iss)	((uint32_t)(ec) << 26 | 1u << 25 | (iss))
#define WNR		(1u << 6)

static void test_decode(void **state)
{
	struct gdb_debug d = {
		.sw_break = true, .step = true, .nr_hw = 4,
		.hw = {
			{ GDB_HW_EXEC, 0x40001000, 4 },
			{ GDB_HW_WRITE, 0x40002000, 8 },
			{ GDB_HW_READ, 0x40003004, 4 },
			{ GDB_HW_EXEC, 0x40001008, 4 },
		},
	};
	struct gdb_debug_exit e;

	(void)state;
	e = arm64_gdb_decode(ESR(0x3c, 0), 0, 0x40000800, &d);
	assert_int_equal(e.why, GDB_DEBUG_SW_BREAK);
	assert_int_equal(e.slot, -1);
	assert_int_equal(e.pc, 0x40000800);
	/* the guest's own brk #0x800 (BUG()) */
	e = arm64_gdb_decode(ESR(0x3c, 0x800), 0, 0x40000800, &d);
	assert_int_equal(e.why, GDB_DEBUG_OTHER);

	e = arm64_gdb_decode(ESR(0x32, 0), 0, 0x40000804, &d);
	assert_int_equal(e.why, GDB_DEBUG_STEP);
	assert_int_equal(e.pc, 0x40000804);

	e = arm64_gdb_decode(ESR(0x30, 0), 0, 0x40001008, &d);
	assert_int_equal(e.why, GDB_DEBUG_HW_BREAK);
	assert_int_equal(e.slot, 3);
	e = arm64_gdb_decode(ESR(0x30, 0), 0, 0x4000100c, &d);
	assert_int_equal(e.why, GDB_DEBUG_OTHER);
	assert_int_equal(e.slot, -1);

	e = arm64_gdb_decode(ESR(0x34, WNR), 0x40002006, 0x40000900, &d);
	assert_int_equal(e.why, GDB_DEBUG_WATCH);
	assert_int_equal(e.slot, 1);
	assert_int_equal(e.addr, 0x40002006);
	assert_int_equal(e.pc, 0x40000900);
	/* a load of 8 bytes at 0x40003000 that reads the watched word */
	e = arm64_gdb_decode(ESR(0x34, 0), 0x40003000, 0x40000904, &d);
	assert_int_equal(e.why, GDB_DEBUG_WATCH);
	assert_int_equal(e.slot, 2);
	assert_int_equal(e.addr, 0x40003004);
	/* a store there: only the write watchpoint takes stores */
	e = arm64_gdb_decode(ESR(0x34, WNR), 0x40003004, 0x40000904, &d);
	assert_int_equal(e.slot, 1);
	assert_int_equal(e.addr, 0x40002000);

	/* what GDB did not ask for is the guest's */
	d.sw_break = false;
	d.step = false;
	e = arm64_gdb_decode(ESR(0x3c, 0), 0, 0x40000800, &d);
	assert_int_equal(e.why, GDB_DEBUG_OTHER);
	e = arm64_gdb_decode(ESR(0x32, 0), 0, 0x40000800, &d);
	assert_int_equal(e.why, GDB_DEBUG_OTHER);
	e = arm64_gdb_decode(ESR(0x24, 0), 0, 0x40000800, &d);
	assert_int_equal(e.why, GDB_DEBUG_OTHER);
}

/* the KVM registers of a vCPU stopped in EL1h */
static void fake_vcpu_regs(void)
{
	set_kreg(0, 0x0807060504030201ULL, 0);
	set_kreg(30, 0xffff800010203040ULL, 0);
	set_kreg(ARM64_GDB_PC, 0xffff800010000000ULL, 0);
	set_kreg(ARM64_GDB_CPSR, 0x00000001600003c5ULL, 0);
	set_kreg(ARM64_GDB_SP_EL0, 0x0000ffffc0000000ULL, 0);
	set_kreg(ARM64_GDB_SP_EL1, 0xffff800011000000ULL, 0);
	set_kreg(ARM64_GDB_V0, 0x1122334455667788ULL, 0x99aabbccddeeff00ULL);
	set_kreg(ARM64_GDB_FPSR, 0x08000010, 0);
	set_kreg(ARM64_GDB_SCTLR_EL1, 0x30d00800, 0);
}

static uint64_t le64_at(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return le64toh(v);
}

static void test_vcpu_read_regs(void **state)
{
	struct fx *f = *state;
	uint8_t g[ARM64_GDB_G_SIZE + 8], one[16];
	unsigned int i;
	long n;

	fake_vcpu_regs();
	assert_int_equal(arch_gdb_read_regs(&f->vcpu, g, sizeof(g) - 9), -1);
	assert_int_equal(arch_gdb_read_regs(&f->vcpu, g, sizeof(g)),
			 ARM64_GDB_G_SIZE);
	assert_int_equal(le64_at(g), 0x0807060504030201ULL);
	assert_int_equal(le64_at(g + 240), 0xffff800010203040ULL);
	assert_int_equal(le64_at(g + 248), 0xffff800011000000ULL); /* sp */
	assert_int_equal(le64_at(g + 256), 0xffff800010000000ULL);
	assert_memory_equal(g + 264, "\xc5\x03\x00\x60", 4);
	assert_int_equal(le64_at(g + 268), 0x1122334455667788ULL);
	assert_int_equal(le64_at(g + 276), 0x99aabbccddeeff00ULL);
	assert_memory_equal(g + 780, "\x10\x00\x00\x08", 4);
	assert_int_equal(le64_at(g + 788), 0x30d00800);
	assert_int_equal(le64_at(g + arm64_gdb_offset(ARM64_GDB_CURRENTEL)), 4);
	assert_int_equal(le64_at(g + arm64_gdb_offset(ARM64_GDB_SP_EL0)),
			 0x0000ffffc0000000ULL);

	/* 'p' answers each as 'g' does */
	for (i = 0; i < ARM64_GDB_NR; i++) {
		n = arch_gdb_read_reg(&f->vcpu, i, one, sizeof(one));
		assert_int_equal(n, arm64_gdb_regs[i].bits / 8);
		assert_memory_equal(one, g + arm64_gdb_offset(i), n);
	}
	assert_int_equal(arch_gdb_read_reg(&f->vcpu, ARM64_GDB_NR, one,
					   sizeof(one)), -1);
	assert_int_equal(arch_gdb_read_reg(&f->vcpu, ARM64_GDB_V0, one, 8), -1);
}

static void test_vcpu_write_regs(void **state)
{
	struct fx *f = *state;
	uint8_t g[ARM64_GDB_G_SIZE];
	uint64_t x3 = htole64(0x3333);

	fake_vcpu_regs();
	assert_int_equal(arch_gdb_read_regs(&f->vcpu, g, sizeof(g)),
			 ARM64_GDB_G_SIZE);
	/* what GDB read, written back: no KVM write at all */
	assert_int_equal(arch_gdb_write_regs(&f->vcpu, g, sizeof(g)), 0);
	assert_int_equal(nr_sets, 0);
	memcpy(g + 24, &x3, sizeof(x3));
	assert_int_equal(arch_gdb_write_regs(&f->vcpu, g, sizeof(g)), 0);
	assert_int_equal(nr_sets, 1);
	assert_int_equal(kreg_val(3), 0x3333);
	assert_int_equal(arch_gdb_write_regs(&f->vcpu, g, sizeof(g) - 1), -1);
	/* CurrentEL cannot change */
	g[arm64_gdb_offset(ARM64_GDB_CURRENTEL)] = 8;
	assert_int_equal(arch_gdb_write_regs(&f->vcpu, g, sizeof(g)), -1);
	assert_int_equal(nr_sets, 1);
}

static void test_vcpu_write_reg(void **state)
{
	struct fx *f = *state;
	uint8_t sp[8] = { 0x00, 0x10, 0, 0, 0, 0x80, 0xff, 0xff };

	fake_vcpu_regs();
	/* cpsr: EL1t, PSTATE's upper half kept */
	assert_int_equal(arch_gdb_write_reg(&f->vcpu, ARM64_GDB_CPSR,
					    (const uint8_t *)"\xc4\x03\x00\x60",
					    4), 0);
	assert_int_equal(kreg_val(ARM64_GDB_CPSR), 0x00000001600003c4ULL);
	/* sp is now SP_EL0 */
	assert_int_equal(arch_gdb_write_reg(&f->vcpu, ARM64_GDB_SP, sp, 8), 0);
	assert_int_equal(kreg_val(ARM64_GDB_SP_EL0), 0xffff800000001000ULL);
	assert_int_equal(kreg_val(ARM64_GDB_SP_EL1), 0xffff800011000000ULL);
	/* KVM refuses a mode */
	assert_int_equal(arch_gdb_write_reg(&f->vcpu, ARM64_GDB_CPSR,
					    (const uint8_t *)"\x09\x00\x00\x00",
					    4), -1);
	assert_int_equal(arch_gdb_write_reg(&f->vcpu, ARM64_GDB_CURRENTEL,
					    (const uint8_t *)"\x08\0\0\0\0\0\0",
					    8), -1);
	assert_int_equal(arch_gdb_write_reg(&f->vcpu, ARM64_GDB_PC, sp, 4), -1);
	assert_int_equal(arch_gdb_write_reg(&f->vcpu, ARM64_GDB_NR, sp, 8), -1);
	assert_int_equal(arch_gdb_set_pc(&f->vcpu, 0xffff800010000040ULL), 0);
	assert_int_equal(kreg_val(ARM64_GDB_PC), 0xffff800010000040ULL);
}

static void test_vcpu_translate(void **state)
{
	struct fx *f = *state;
	uint64_t gpa, left;

	assert_int_equal(arch_gdb_translate(&f->vcpu, 0x40001234, &gpa, &left),
			 0);
	assert_int_equal(gpa, 0x40001234);
	map_4k_page();
	set_kreg(ARM64_GDB_SCTLR_EL1, 0x30d00801, 0);
	set_kreg(ARM64_GDB_TCR_EL1, TCR_48, 0);
	set_kreg(ARM64_GDB_TTBR0_EL1, T(0x1000), 0);
	assert_int_equal(arch_gdb_translate(&f->vcpu, VA4 | 0x10, &gpa, &left),
			 0);
	assert_int_equal(gpa, 0x40080010);
	assert_int_equal(left, 0xff0);
	/* a table outside the guest's RAM */
	put_desc(T(0x3000), 3, 0x80000000 | TABLE);
	assert_int_equal(arch_gdb_translate(&f->vcpu, VA4, &gpa, &left), -1);
}

static void test_vcpu_debug(void **state)
{
	struct fx *f = *state;
	struct gdb_debug d = {
		.sw_break = true, .nr_hw = 3,
		.hw = {
			{ GDB_HW_EXEC, 0x40001000, 4 },
			{ GDB_HW_EXEC, 0x40001010, 4 },
			{ GDB_HW_EXEC, 0x40001020, 4 },
		},
	};
	struct gdb_debug_exit e;

	assert_int_equal(arch_gdb_set_debug(&f->vcpu, &d), 0);
	assert_int_equal(last_dbg.control, KVM_GUESTDBG_ENABLE |
			 KVM_GUESTDBG_USE_SW_BP | KVM_GUESTDBG_USE_HW);
	assert_int_equal(last_dbg.arch.dbg_bvr[2], 0x40001020);
	assert_int_equal(last_dbg.arch.dbg_bcr[3], 0);
	/* a KVM that does not say: 2 of each, as ARMv8 has at least */
	hw_bps = 0;
	assert_int_equal(arch_gdb_set_debug(&f->vcpu, &d), -1);
	d.nr_hw = 2;
	assert_int_equal(arch_gdb_set_debug(&f->vcpu, &d), 0);

	f->run.exit_reason = KVM_EXIT_DEBUG;
	f->run.debug.arch.hsr = ESR(0x30, 0);
	set_kreg(ARM64_GDB_PC, 0x40001010, 0);
	e = arch_gdb_debug_exit(&f->vcpu, &d);
	assert_int_equal(e.why, GDB_DEBUG_HW_BREAK);
	assert_int_equal(e.slot, 1);
	assert_int_equal(e.pc, 0x40001010);
}

static void test_brk(void **state)
{
	(void)state;
	assert_int_equal(arch_gdb_brk_len, 4);
	assert_memory_equal(arch_gdb_brk, "\x00\x00\x20\xd4", 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_kvm_ids),
		cmocka_unit_test(test_target_xml),
		cmocka_unit_test(test_pack_unpack),
		cmocka_unit_test(test_derive),
		cmocka_unit_test(test_plan),
		cmocka_unit_test_setup_teardown(test_walk_mmu_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_4k_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_39bit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_ttbr1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_outside_ram, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_walk_16k_64k, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk_lpa2, setup, teardown),
		cmocka_unit_test(test_breakpoint_regs),
		cmocka_unit_test(test_watchpoint_regs),
		cmocka_unit_test(test_guest_debug),
		cmocka_unit_test(test_decode),
		cmocka_unit_test_setup_teardown(test_vcpu_read_regs, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_vcpu_write_regs, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_vcpu_write_reg, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_vcpu_translate, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_vcpu_debug, setup, teardown),
		cmocka_unit_test(test_brk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
