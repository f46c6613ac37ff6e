// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include "child.h"
#include "elf_fixture.h"
#include "kboot.h"
#include "loader.h"
#include "status.h"
#include "vm.h"

#define RAM	0x100000

/*
 * read() as the loader sees it (linked with --wrap=read): inject_errno
 * makes the next call fail with that errno, inject_eof makes it return 0.
 */
static int inject_errno, inject_eof;

ssize_t __wrap_read(int fd, void *buf, size_t n)
{
	if (inject_errno) {
		errno = inject_errno;
		inject_errno = 0;
		return -1;
	}
	if (inject_eof) {
		inject_eof = 0;
		return 0;
	}
	return syscall(SYS_read, fd, buf, n);
}
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

static void test_good_elf_and_note(void **state)
{
	struct elf64 e;
	struct image img;

	(void)state;
	make_elf(&e);
	assert_int_equal(parse(&e, sizeof(e), &img), ST_OK);
	assert_true(img.elf);
	assert_int_equal(img.nr_segs, 1);
	assert_int_equal(img.segs[0].gpa, LOAD);
	assert_int_equal(img.segs[0].memsz, 32);
	assert_int_equal(img.entry, LOAD + 4);
	assert_int_equal(img.note_mode, 16);
}

static void test_truncations(void **state)
{
	struct elf64 e;
	struct image img;

	(void)state;
	make_elf(&e);
	assert_int_equal(parse(&e, 0, &img), ST_IMAGE);
	assert_int_equal(parse(&e, 20, &img), ST_IMAGE);	/* header */
	assert_int_equal(parse(&e, sizeof(Elf64_Ehdr) + 8, &img), ST_IMAGE);
	assert_int_equal(parse(&e, sizeof(e) - 4, &img), ST_IMAGE);	/* code */
}

/* Only the magic: e_ident's class byte lies past the end (ASan: over-read) */
static void test_magic_only(void **state)
{
	char *b = malloc(SELFMAG);
	struct image img;

	(void)state;
	assert_non_null(b);
	memcpy(b, ELFMAG, SELFMAG);
	assert_int_equal(parse(b, SELFMAG, &img), ST_IMAGE);
	free(b);
}

static void test_hostile_headers(void **state)
{
	struct elf64 e;
	struct image img;

	(void)state;
	make_elf(&e);
	e.eh.e_machine = ELF_OTHER_MACHINE;
	assert_int_equal(parse(&e, sizeof(e), &img), ST_IMAGE);
	make_elf(&e);
	e.eh.e_type = ET_DYN;
	assert_int_equal(parse(&e, sizeof(e), &img), ST_IMAGE);
	make_elf(&e);
	e.eh.e_phoff = ~0ULL - 8;	/* offset + size wraps */
	assert_int_equal(parse(&e, sizeof(e), &img), ST_IMAGE);
	make_elf(&e);
	e.eh.e_phentsize = 8;
	assert_int_equal(parse(&e, sizeof(e), &img), ST_IMAGE);
	make_elf(&e);
	e.ph[0].p_offset = ~0ULL - 4;
	assert_int_equal(parse(&e, sizeof(e), &img), ST_IMAGE);
	make_elf(&e);
	e.ph[0].p_filesz = 64;		/* more than memsz */
	e.ph[0].p_memsz = 16;
	assert_int_equal(parse(&e, sizeof(e), &img), ST_IMAGE);
	make_elf(&e);
	e.ph[0].p_paddr = RAM - 16;	/* runs past the end of RAM */
	assert_int_equal(parse(&e, sizeof(e), &img), ST_IMAGE);
	make_elf(&e);
	e.ph[0].p_paddr = ~0ULL - 8;	/* gpa + memsz wraps */
	assert_int_equal(parse(&e, sizeof(e), &img), ST_IMAGE);
	make_elf(&e);
	e.eh.e_entry = LOAD + 0x1000;
	assert_int_equal(parse(&e, sizeof(e), &img), ST_IMAGE);
	make_elf(&e);
	e.nh.n_namesz = 0xfffffff0;	/* note runs off its segment: ignored */
	assert_int_equal(parse(&e, sizeof(e), &img), ST_OK);
	assert_int_equal(img.note_mode, 0);
}

static void test_flat_image(void **state)
{
	static const uint8_t code[] = { 0xf4 };
	struct image img;
	uint8_t *big;

	(void)state;
	assert_int_equal(parse(code, sizeof(code), &img), ST_OK);
	assert_false(img.elf);
	assert_int_equal(img.entry, LOAD);
	big = calloc(1, RAM);
	assert_int_equal(parse(big, RAM - LOAD + 1, &img), ST_IMAGE);
	assert_int_equal(parse(big, RAM + 1, &img), ST_IMAGE);
	free(big);
}

/* Only the loaded segments must fit in RAM, not the whole file. */
static void test_file_larger_than_ram(void **state)
{
	uint8_t *buf = calloc(1, 2 * RAM);
	struct image img;

	(void)state;
	assert_non_null(buf);
	make_elf((struct elf64 *)buf);
	assert_int_equal(parse(buf, 2 * RAM, &img), ST_OK);
	assert_int_equal(img.nr_segs, 1);
	assert_int_equal(img.segs[0].memsz, 32);
	free(buf);
}

static void test_place_copies_and_zeroes(void **state)
{
	struct elf64 e;
	struct image img;
	struct vm vm = { 0 };
	uint8_t *ram = malloc(RAM);

	(void)state;
	memset(ram, 0xee, RAM);
	vm.slots[0] = (struct vm_slot){ 0, RAM, ram };
	vm.nr_slots = 1;
	make_elf(&e);
	parse(&e, sizeof(e), &img);
	assert_int_equal(image_place(&vm, &img), ST_OK);
	assert_memory_equal(ram + LOAD, e.code, 16);
	assert_int_equal(ram[LOAD + 16], 0);
	assert_int_equal(ram[LOAD + 31], 0);
	assert_int_equal(ram[LOAD + 32], 0xee);
	free(ram);
}

static void test_read_files(void **state)
{
	char path[] = "/tmp/kvmini-test-XXXXXX";
	struct image img;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(image_read("/nonexistent/kvmini.elf", RAM, &img), ST_IMAGE);
	assert_int_equal(image_read(path, RAM, &img), ST_IMAGE);	/* empty */
	assert_int_equal(write(fd, "0123456789", 10), 10);
	assert_int_equal(image_read(path, 8, &img), ST_IMAGE);	/* too big */
	assert_int_equal(image_read(path, RAM, &img), ST_OK);
	assert_int_equal(img.size, 10);
	assert_memory_equal(img.data, "0123456789", 10);
	image_free(&img);
	assert_int_equal(image_read("/tmp", RAM, &img), ST_IMAGE);	/* dir */

	inject_errno = EINTR;	/* a signal before any byte: retried */
	assert_int_equal(image_read(path, RAM, &img), ST_OK);
	assert_memory_equal(img.data, "0123456789", 10);
	image_free(&img);
	inject_errno = EIO;
	assert_int_equal(image_read(path, RAM, &img), ST_IMAGE);
	assert_null(img.data);
	inject_eof = 1;		/* the file shrank since fstat */
	assert_int_equal(image_read(path, RAM, &img), ST_IMAGE);
	close(fd);
	unlink(path);
}

static int read_image(const void *path)
{
	struct image img;
	int st = image_read(path, RAM, &img);

	image_free(&img);
	return st;
}

static int read_initrd(const void *path)
{
	static struct vm vm;
	uint64_t addr, size;

	return kboot_initrd(&vm, path, 0, RAM, &addr, &size);
}

/*
 * A FIFO as the image or the initrd: open() would wait for a writer for
 * ever; it is one line and status 3 at once.
 */
static void test_fifo(void **state)
{
	char dir[] = "/tmp/kvmini-test-XXXXXX", path[64], msg[512], want[128];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	snprintf(want, sizeof(want), "kvmini: %s: not a regular file\n", path);
	assert_int_equal(in_child(read_image, path, msg, sizeof(msg)), ST_IMAGE);
	assert_string_equal(msg, want);
	assert_int_equal(in_child(read_initrd, path, msg, sizeof(msg)), ST_IMAGE);
	assert_string_equal(msg, want);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_elf_and_note),
		cmocka_unit_test(test_magic_only),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_hostile_headers),
		cmocka_unit_test(test_flat_image),
		cmocka_unit_test(test_file_larger_than_ram),
		cmocka_unit_test(test_place_copies_and_zeroes),
		cmocka_unit_test(test_read_files),
		cmocka_unit_test(test_fifo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
