// SPDX-License-Identifier: GPL-2.0
/*
 * Multiboot v1 images: which ELF32 images are taken for one (the header
 * in the first 8 KiB, its checksum, the flags kvmini can honour), and
 * the information structure, command line and module laid out as the
 * specification says, inside kvmini's low-memory window.
 */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "arch.h"
#include "board.h"
#include "config.h"
#include "devmgr.h"
#include "loader.h"
#include "status.h"
#include "vm.h"
#include "x86_internal.h"

#define LOAD	0x400000	/* where kvm-unit-tests' images load */
#define RAM	(16 << 20)
#define MAGIC	0x1badb002u

/* an ELF32 image: one PT_LOAD of the whole code array at LOAD */
struct elf32 {
	Elf32_Ehdr eh;
	Elf32_Phdr ph;
	uint32_t code[4096];	/* 16 KiB: room past the 8 KiB limit */
};

static struct elf32 *make(size_t hdr_word, uint32_t flags)
{
	struct elf32 *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	memcpy(e->eh.e_ident, ELFMAG, SELFMAG);
	e->eh.e_ident[EI_CLASS] = ELFCLASS32;
	e->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	e->eh.e_ident[EI_VERSION] = EV_CURRENT;
	e->eh.e_type = ET_EXEC;
	e->eh.e_machine = EM_386;
	e->eh.e_entry = LOAD;
	e->eh.e_phoff = offsetof(struct elf32, ph);
	e->eh.e_phentsize = sizeof(Elf32_Phdr);
	e->eh.e_phnum = 1;
	e->ph.p_type = PT_LOAD;
	e->ph.p_offset = offsetof(struct elf32, code);
	e->ph.p_paddr = LOAD;
	e->ph.p_vaddr = LOAD;
	e->ph.p_filesz = sizeof(e->code);
	e->ph.p_memsz = sizeof(e->code);
	e->code[hdr_word] = MAGIC;
	e->code[hdr_word + 1] = flags;
	e->code[hdr_word + 2] = -(MAGIC + flags);
	return e;
}

/* arch_image_check's status; *mb: whether it took a Multiboot image */
static int check(struct elf32 *e, int mode, bool *mb)
{
	struct image img;
	int st;

	image_from_buffer(&img, "mb", e, sizeof(*e));
	assert_int_equal(image_parse(&img, 0, RAM, 0x8000), ST_OK);
	img.mode = mode;
	st = arch_image_check(&img, RAM);
	*mb = img.multiboot;
	if (st == ST_OK && *mb)
		assert_int_equal(img.mode, 32);
	return st;
}

static void test_detect(void **state)
{
	/* the last word the first 8 KiB can hold whole */
	size_t last = (8192 - 12 - offsetof(struct elf32, code)) / 4;
	struct elf32 *e;
	bool mb;

	(void)state;
	e = make(3, 0x3);		/* page-aligned modules, memory */
	assert_int_equal(check(e, 0, &mb), ST_OK);
	assert_true(mb);
	e->code[5]++;			/* the checksum broken */
	assert_int_equal(check(e, 0, &mb), ST_OK);
	assert_false(mb);
	free(e);

	e = make(last, 0);
	assert_int_equal(check(e, 0, &mb), ST_OK);
	assert_true(mb);
	free(e);
	e = make(last + 1, 0);		/* past the first 8 KiB */
	assert_int_equal(check(e, 0, &mb), ST_OK);
	assert_false(mb);
	free(e);

	e = make(3, 0x4);		/* a video mode: kvmini has none */
	assert_int_equal(check(e, 0, &mb), ST_IMAGE);
	e->code[4] = 1u << 16;		/* a.out fields: optional for ELF */
	e->code[5] = -(MAGIC + (1u << 16));
	assert_int_equal(check(e, 0, &mb), ST_OK);
	assert_true(mb);
	assert_int_equal(check(e, 16, &mb), ST_USAGE);	/* --mode 16 */
	e->ph.p_paddr = 0xf000;		/* over kvmini's Multiboot data */
	e->eh.e_entry = 0xf000;
	assert_int_equal(check(e, 0, &mb), ST_IMAGE);
	free(e);
}

static void test_not_elf32(void **state)
{
	uint32_t flat[64] = { 0 };
	struct image img;

	(void)state;
	flat[2] = MAGIC;
	flat[4] = -MAGIC;
	image_from_buffer(&img, "flat", flat, sizeof(flat));
	assert_int_equal(image_parse(&img, 0, RAM, 0x8000), ST_OK);
	assert_int_equal(arch_image_check(&img, RAM), ST_OK);
	assert_false(img.multiboot);
}

struct mbi {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr;
};

static const char *at(const uint8_t *mem, uint32_t gpa)
{
	assert_true(gpa >= KVMINI_MB_INFO && gpa < 0x80000);
	return (const char *)mem + gpa;
}

/* the real-mode handler a vector table entry (segment:offset) names */
static const uint8_t *ivt_handler(const uint8_t *mem, unsigned int vector)
{
	uint32_t e;

	memcpy(&e, mem + vector * 4, sizeof(e));
	assert_true((e >> 16) * 16 + (e & 0xffff) < RAM);
	return mem + (e >> 16) * 16 + (e & 0xffff);
}

/*
 * As a BIOS leaves it: exceptions and software interrupts return; the
 * 8259s' vectors (0x08-0x0f, 0x70-0x77) send an EOI (0x20) to the
 * master, the slave's to both, then return.
 */
static void check_ivt(const uint8_t *mem)
{
	static const uint8_t master[] = { 0x50, 0xb0, 0x20, 0xe6, 0x20,
					  0x58, 0xcf };
	static const uint8_t both[] = { 0x50, 0xb0, 0x20, 0xe6, 0xa0, 0xe6,
					0x20, 0x58, 0xcf };
	unsigned int v;

	for (v = 0; v < 256; v++) {
		const uint8_t *h = ivt_handler(mem, v);

		if (v >= 0x08 && v <= 0x0f)
			assert_memory_equal(h, master, sizeof(master));
		else if (v >= 0x70 && v <= 0x77)
			assert_memory_equal(h, both, sizeof(both));
		else
			assert_int_equal(*h, 0xcf);	/* iret */
	}
}

static void test_info(void **state)
{
	char path[] = "/tmp/kvmini-mb-XXXXXX";
	static const char env[] = "NR_CPUS=2\nMEMSIZE=16\n";
	const uint32_t *mod;
	const struct mbi *mbi;
	struct config cfg;
	struct devmgr dm = { 0 };	/* no acpi-pm: a FADT without PM blocks */
	struct vm vm = { 0 };
	uint8_t *mem;
	int fd;

	(void)state;
	config_defaults(&cfg);
	cfg.image = "x86/msr.flat";
	assert_int_equal(x86_boot_multiboot(&vm, &cfg, &dm), ST_HOST);	/* no RAM */

	mem = calloc(1, RAM);
	assert_non_null(mem);
	vm.slots[0] = (struct vm_slot){ 0, RAM, mem };
	vm.nr_slots = 1;
	assert_int_equal(x86_boot_multiboot(&vm, &cfg, &dm), ST_OK);
	mbi = (const struct mbi *)(mem + KVMINI_MB_INFO);
	assert_int_equal(mbi->flags, 0x0d);	/* memory, cmdline, modules */
	assert_int_equal(mbi->mem_lower, 640);
	assert_int_equal(mbi->mem_upper, (RAM >> 10) - 1024);
	assert_string_equal(at(mem, mbi->cmdline), "x86/msr.flat");
	assert_int_equal(mbi->mods_count, 0);
	check_ivt(mem);
	/* a PC's ACPI tables where an OS scans for them, with a FACS */
	assert_memory_equal(mem + KVMINI_ACPI_ADDR, "RSD PTR ", 8);
	assert_memory_equal(mem + KVMINI_ACPI_ADDR + 64, "FACS", 4);

	/* the test's arguments after the name, as QEMU's -append */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, env, sizeof(env) - 1), sizeof(env) - 1);
	close(fd);
	cfg.append = "-v 1";
	cfg.initrd = path;
	assert_int_equal(x86_boot_multiboot(&vm, &cfg, &dm), ST_OK);
	assert_string_equal(at(mem, mbi->cmdline), "x86/msr.flat -v 1");
	assert_int_equal(mbi->mods_count, 1);
	mod = (const uint32_t *)at(mem, mbi->mods_addr);
	assert_int_equal(mod[0] & 0xfff, 0);	/* page-aligned */
	assert_int_equal(mod[1] - mod[0], sizeof(env) - 1);
	assert_true(mod[1] <= 0x80000);
	assert_memory_equal(at(mem, mod[0]), env, sizeof(env) - 1);
	assert_string_equal(at(mem, mod[2]), path);
	/* the structures and strings stay below the module */
	assert_true(mbi->mods_addr + 16 <= mbi->cmdline);
	assert_true(mod[2] + sizeof(path) <= mod[0]);

	/* a module larger than the window: one error, nothing placed */
	assert_int_equal(truncate(path, 0x80000), 0);
	assert_int_equal(x86_boot_multiboot(&vm, &cfg, &dm), ST_IMAGE);
	unlink(path);

	{
		static char longer[4096];

		memset(longer, 'a', sizeof(longer) - 1);
		cfg.append = longer;
		assert_int_equal(x86_boot_multiboot(&vm, &cfg, &dm), ST_USAGE);
	}
	free(mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_not_elf32),
		cmocka_unit_test(test_info),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
