// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 image checks: AArch64 ELF only, kvmini's data page at the
 * start of RAM, no --mode, and the Linux Image header (text_offset,
 * image_size) that decides where a kernel loads and whether it fits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arch.h"
#include "board.h"
#include "elf_fixture.h"
#include "loader.h"
#include "status.h"

#define RAM		(16 << 20)
#define KERNEL		(KVMINI_RAM_BASE + 0x200000)	/* 2 MiB aligned */
#define IMAGE_MAGIC	0x644d5241			/* "ARM\x64" */

static int parse(const void *buf, size_t size, struct image *img)
{
	image_from_buffer(img, "test", buf, size);
	return image_parse(img, KVMINI_RAM_BASE, RAM, KVMINI_IMAGE_ADDR);
}

static void test_elf(void **state)
{
	struct elf64 e;
	struct image img;

	(void)state;
	elf_make(&e, KVMINI_IMAGE_ADDR);
	assert_int_equal(parse(&e, sizeof(e), &img), ST_OK);
	assert_int_equal(arch_image_check(&img, RAM), ST_OK);
	assert_false(img.kernel);
	assert_int_equal(img.mode, 0);		/* the mode note is x86's */
	assert_int_equal(img.segs[0].gpa, KVMINI_IMAGE_ADDR);
	assert_int_equal(img.entry, KVMINI_IMAGE_ADDR + 4);

	elf_make(&e, KVMINI_RAM_BASE + 0x800);	/* kvmini's data page */
	assert_int_equal(parse(&e, sizeof(e), &img), ST_OK);
	assert_int_equal(arch_image_check(&img, RAM), ST_IMAGE);
	elf_make(&e, KVMINI_RAM_BASE + 0x1000);	/* right after it */
	assert_int_equal(parse(&e, sizeof(e), &img), ST_OK);
	assert_int_equal(arch_image_check(&img, RAM), ST_OK);

	elf_make(&e, KVMINI_IMAGE_ADDR);
	e.eh.e_machine = EM_X86_64;
	assert_int_equal(parse(&e, sizeof(e), &img), ST_IMAGE);
	elf_make(&e, KVMINI_IMAGE_ADDR);
	e.eh.e_ident[EI_CLASS] = ELFCLASS32;	/* AArch32 */
	assert_int_equal(parse(&e, sizeof(e), &img), ST_IMAGE);
}

static void test_mode_is_for_x86(void **state)
{
	struct elf64 e;
	struct image img;

	(void)state;
	elf_make(&e, KVMINI_IMAGE_ADDR);
	assert_int_equal(parse(&e, sizeof(e), &img), ST_OK);
	img.mode = 64;				/* --mode long */
	assert_int_equal(arch_image_check(&img, RAM), ST_USAGE);
}

/* A Linux arm64 Image of size bytes: the 64-byte header, zeroes after. */
static uint8_t *make_kernel(size_t size, uint64_t text_offset,
			    uint64_t image_size)
{
	uint8_t *b = calloc(1, size);
	uint32_t magic = IMAGE_MAGIC;

	assert_non_null(b);
	memcpy(b + 8, &text_offset, sizeof(text_offset));
	memcpy(b + 16, &image_size, sizeof(image_size));
	memcpy(b + 56, &magic, sizeof(magic));
	return b;
}

/* parse + arch_image_check of a kernel image, freed before returning */
static int check(size_t size, uint64_t text_offset, uint64_t image_size,
		 uint64_t ram, struct image *img)
{
	uint8_t *b = make_kernel(size, text_offset, image_size);
	int st;

	assert_int_equal(parse(b, size, img), ST_OK);
	st = arch_image_check(img, ram);
	free(b);
	img->data = NULL;
	return st;
}

static void test_kernel_placement(void **state)
{
	struct image img;

	(void)state;
	assert_int_equal(check(0x10000, 0, 0x300000, RAM, &img), ST_OK);
	assert_true(img.kernel);
	assert_int_equal(img.nr_segs, 1);
	assert_int_equal(img.segs[0].gpa, KERNEL);
	assert_int_equal(img.segs[0].offset, 0);
	assert_int_equal(img.segs[0].filesz, 0x10000);
	assert_int_equal(img.segs[0].memsz, 0x300000);	/* BSS zeroed too */
	assert_int_equal(img.entry, KERNEL);

	assert_int_equal(check(0x10000, 0x80000, 0x300000, RAM, &img), ST_OK);
	assert_int_equal(img.segs[0].gpa, KERNEL + 0x80000);
	assert_int_equal(img.entry, KERNEL + 0x80000);

	/* image_size 0 (before Linux 3.17): text_offset is 0x80000 */
	assert_int_equal(check(0x10000, 0x1234, 0, RAM, &img), ST_OK);
	assert_int_equal(img.segs[0].gpa, KERNEL + 0x80000);
	assert_int_equal(img.segs[0].memsz, 0x10000);

	/* image_size below the file size: the whole file is loaded */
	assert_int_equal(check(0x10000, 0, 64, RAM, &img), ST_OK);
	assert_int_equal(img.segs[0].memsz, 0x10000);
}

static void test_kernel_must_fit(void **state)
{
	const uint64_t room = RAM - 0x200000;	/* above the load base */
	struct image img;

	(void)state;
	assert_int_equal(check(0x1000, 0, room, RAM, &img), ST_OK);
	assert_int_equal(check(0x1000, 0, room + 1, RAM, &img), ST_IMAGE);
	assert_int_equal(check(0x1000, 0x80000, room - 0x80000, RAM, &img),
			 ST_OK);
	assert_int_equal(check(0x1000, 0x80000, room - 0x7ffff, RAM, &img),
			 ST_IMAGE);
	assert_int_equal(check(0x1000, 0x200000, 0x1000, RAM, &img),
			 ST_IMAGE);			/* text_offset too big */
	/* RAM ending at or below the load address: no wrap-around */
	assert_int_equal(check(0x1000, 0, 0x1000, 0x200000, &img), ST_IMAGE);
	assert_int_equal(check(0x1000, 0x80000, 0x1000, 0x280000, &img),
			 ST_IMAGE);
	assert_int_equal(check(0x1000, 0, 0x1000, 0x100000, &img), ST_IMAGE);
	/* a file larger than RAM is still parsed as a kernel, then refused */
	assert_int_equal(check(RAM, 0, 0, RAM, &img), ST_IMAGE);
}

static void test_not_a_kernel(void **state)
{
	struct image img;
	uint8_t *b;

	(void)state;
	b = make_kernel(0x1000, 0, 0x300000);
	b[56] ^= 0xff;				/* bad magic: a bare guest */
	assert_int_equal(parse(b, 0x1000, &img), ST_OK);
	assert_int_equal(arch_image_check(&img, RAM), ST_OK);
	assert_false(img.kernel);
	assert_int_equal(img.segs[0].gpa, KVMINI_IMAGE_ADDR);
	free(b);

	b = make_kernel(0x1000, 0, 0x300000);	/* magic, but no header */
	assert_int_equal(parse(b, 63, &img), ST_OK);
	assert_int_equal(arch_image_check(&img, RAM), ST_OK);
	assert_false(img.kernel);
	free(b);
}

/*
 * --flat-kernel: a flat binary without a header boots as a kernel where
 * a pre-3.17 one went (RAM + 2 MiB + 0x80000); an ELF file is refused.
 */
static void test_flat_kernel(void **state)
{
	struct elf64 e;
	struct image img;
	uint8_t *b;

	(void)state;
	b = make_kernel(0x1000, 0, 0x300000);
	b[56] ^= 0xff;				/* no header */
	assert_int_equal(parse(b, 0x1000, &img), ST_OK);
	img.flat_kernel = true;
	assert_int_equal(arch_image_check(&img, RAM), ST_OK);
	assert_true(img.kernel);
	assert_int_equal(img.segs[0].gpa, KVMINI_RAM_BASE + 0x200000 + 0x80000);
	assert_int_equal(img.entry, img.segs[0].gpa);
	assert_int_equal(img.segs[0].memsz, 0x1000);
	assert_int_equal(parse(b, 0x1000, &img), ST_OK);
	img.flat_kernel = true;
	assert_int_equal(arch_image_check(&img, 0x280000), ST_IMAGE);
	free(b);

	elf_make(&e, KVMINI_IMAGE_ADDR);
	assert_int_equal(parse(&e, sizeof(e), &img), ST_OK);
	img.flat_kernel = true;
	assert_int_equal(arch_image_check(&img, RAM), ST_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elf),
		cmocka_unit_test(test_flat_kernel),
		cmocka_unit_test(test_mode_is_for_x86),
		cmocka_unit_test(test_kernel_placement),
		cmocka_unit_test(test_kernel_must_fit),
		cmocka_unit_test(test_not_a_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
