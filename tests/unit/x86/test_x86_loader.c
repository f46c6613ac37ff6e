// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 image checks: start mode from the note or the ELF class, the
 * boot area kvmini owns, and the bzImage (64-bit boot protocol) header.
 */
#include <asm/bootparam.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "arch.h"
#include "board.h"
#include "config.h"
#include "devmgr.h"
#include "elf_fixture.h"
#include "loader.h"
#include "status.h"
#include "vm.h"
#include "x86_internal.h"

#define RAM	0x100000
#define LOAD	0x8000

static void make_elf(struct elf64 *e)
{
	elf_make(e, LOAD);
}

static int parse(const void *buf, size_t size, struct image *img)
{
	image_from_buffer(img, "test", buf, size);
	return image_parse(img, 0, RAM, LOAD);
}

static void test_arch_check(void **state)
{
	struct elf64 e;
	struct image img;

	(void)state;
	make_elf(&e);
	parse(&e, sizeof(e), &img);
	assert_int_equal(arch_image_check(&img, RAM), ST_OK);
	assert_int_equal(img.mode, 16);		/* from the note */
	e.mode = 0;
	parse(&e, sizeof(e), &img);
	assert_int_equal(arch_image_check(&img, RAM), ST_OK);
	assert_int_equal(img.mode, 64);		/* from the class */
	e.ph[0].p_paddr = 0x400;		/* over the boot area */
	e.eh.e_entry = 0x400;
	parse(&e, sizeof(e), &img);
	assert_int_equal(arch_image_check(&img, RAM), ST_IMAGE);
}

/* A bzImage: 1 setup sector after the boot sector, then the kernel. */
static uint8_t *make_bzimage(size_t size, uint16_t version, uint32_t init)
{
	uint8_t *b = calloc(1, size);
	struct setup_header *h = (struct setup_header *)(b + 0x1f1);

	h->setup_sects = 1;
	h->boot_flag = 0xaa55;
	h->header = 0x53726448;
	h->version = version;
	h->xloadflags = XLF_KERNEL_64;
	h->init_size = init;
	return b;
}

static void test_bzimage(void **state)
{
	const uint64_t ram = 16 << 20;
	struct image img;
	uint8_t *b;

	(void)state;
	b = make_bzimage(0x3000, 0x020f, 0x8000);
	parse(b, 0x3000, &img);
	assert_int_equal(arch_image_check(&img, ram), ST_OK);
	assert_true(img.kernel);
	assert_int_equal(img.mode, 64);
	assert_int_equal(img.segs[0].gpa, 0x100000);
	assert_int_equal(img.segs[0].offset, 1024);	/* (1 + 1) * 512 */
	assert_int_equal(img.segs[0].filesz, 0x3000 - 1024);
	assert_int_equal(img.segs[0].memsz, 0x8000);	/* init_size */
	assert_int_equal(img.entry, 0x100200);		/* startup_64 */
	free(b);

	b = make_bzimage(0x3000, 0x020b, 0);	/* no 64-bit entry yet */
	parse(b, 0x3000, &img);
	assert_int_equal(arch_image_check(&img, ram), ST_IMAGE);
	free(b);

	b = make_bzimage(0x3000, 0x020f, 0);
	parse(b, 1024, &img);			/* setup only: truncated */
	assert_int_equal(arch_image_check(&img, ram), ST_IMAGE);
	free(b);

	b = make_bzimage(0x3000, 0x020f, ram);	/* needs more than RAM */
	parse(b, 0x3000, &img);
	assert_int_equal(arch_image_check(&img, ram), ST_IMAGE);
	free(b);

	/* larger than RAM from the flat load address: still a kernel */
	b = make_bzimage(RAM, 0x020f, 0);
	assert_int_equal(parse(b, RAM, &img), ST_OK);
	assert_int_equal(arch_image_check(&img, RAM), ST_IMAGE);
	free(b);
}

/*
 * The boot data (zero page, command line) goes where guest RAM is: a VM
 * whose RAM does not hold it gets an error, not a write through NULL.
 */
static void test_boot_data_needs_ram(void **state)
{
	const uint64_t ram = 16 << 20;
	struct devmgr dm = { 0 };
	struct config cfg;
	struct image img;
	struct vm vm = { 0 };
	uint8_t *b, *mem;

	(void)state;
	config_defaults(&cfg);
	b = make_bzimage(0x3000, 0x020f, 0x8000);
	parse(b, 0x3000, &img);
	assert_int_equal(arch_image_check(&img, ram), ST_OK);
	assert_int_equal(x86_boot_linux(&vm, &cfg, &img, &dm), ST_HOST);

	mem = calloc(1, ram);
	assert_non_null(mem);
	vm.slots[0] = (struct vm_slot){ 0, ram, mem };
	vm.nr_slots = 1;
	assert_int_equal(x86_boot_linux(&vm, &cfg, &img, &dm), ST_OK);
	/* no console device in this machine: no console= */
	assert_string_equal((char *)mem + KVMINI_CMDLINE, "panic=-1 reboot=k");
	free(mem);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arch_check),
		cmocka_unit_test(test_bzimage),
		cmocka_unit_test(test_boot_data_needs_ram),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
