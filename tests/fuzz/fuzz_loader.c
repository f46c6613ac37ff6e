// SPDX-License-Identifier: GPL-2.0
/*
 * The image loaders as a user's image file feeds them: the input is
 * written to a file that image_read() reads, then parsed (ELF 32/64, flat
 * binary, and the kernel images: an x86 bzImage, an arm64 Image),
 * checked against the RAM size and --mode as x86 or as arm64 kvmini
 * checks them (arm64's checks build here too: loader_arm64.c), and placed
 * in guest RAM; an x86 kernel also gets its zero page, command line, ACPI
 * tables and initrd, which is the input's tail.
 *
 * Input: a byte of options (RAM size, --append, an initrd and where it
 * goes), a byte choosing --mode, --cpus and the architecture, the
 * initrd's length (2 bytes) when it has one, then the image followed by
 * the initrd.
 */
#include <stdbool.h>
#include <stdio.h>
#include <sys/mman.h>

#include "arch.h"
#include "board.h"
#include "compiler.h"
#include "config.h"
#include "devmgr.h"
#include "devmgr_create.h"
#include "kboot.h"
#include "loader.h"
#include "status.h"
#include "vm.h"
#ifdef __x86_64__
#include "x86_internal.h"
#endif

#include "fuzz.h"
#include "loader_arm64.h"

#define RAM_MAX		(4u << 20)

/* twice as much for arm64, whose Image loads 2 MiB into RAM */
static const uint64_t ram_sizes[4] = {
	1u << 20, (1u << 20) + 0x10000, 3u << 19, 2u << 20,
};

/* the machine a kernel is told about (ACPI tables, console) */
static const struct device_row rows[] = {
	{ "debugcon", .at = { BUS_PIO,  0xe9,       1,      DEV_NO_IRQ } },
	{ "serial8250", .at = { BUS_PIO,  0x3f8,      8,      4 } },
	{ "i8042", .at = { BUS_PIO,  0x60,       5,      DEV_NO_IRQ } },
	{ "virtio-rng", .at = { BUS_MMIO, 0xd0100000, 0x1000, 11 } },
	{ NULL },
};

static uint8_t *ram;
static struct vm dm_vm;
static struct devmgr dm;
static int image_fd = -1, initrd_fd = -1;
static char image_path[64], initrd_path[64];

/* The file at fd holds exactly len bytes of buf. */
static void fill(int fd, const uint8_t *buf, size_t len)
{
	if (ftruncate(fd, 0) < 0 ||
	    (len && pwrite(fd, buf, len, 0) != (ssize_t)len))
		abort();
}

static int mode_of(uint8_t m)
{
	static const int modes[4] = { 0, 16, 32, 64 };

	return m < 0xf0 ? modes[m & 3] : (int)(int8_t)m;
}

/*
 * the boot data of an x86 kernel or Multiboot image (an arm64 build has
 * its own tests)
 */
static void boot_x86(struct vm *vm, const struct config *cfg,
		     const struct image *img)
{
#ifdef __x86_64__
	if (img->kernel)
		x86_boot_linux(vm, cfg, img, &dm);
	else if (img->multiboot)
		x86_boot_multiboot(vm, cfg, &dm);
#else
	(void)vm;
	(void)cfg;
	(void)img;
#endif
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const struct device_env env;
	struct config cfg;

	(void)argc;
	(void)argv;
	fz_quiet_stdout();
	ram = malloc(RAM_MAX);
	image_fd = fz_memfd("kvmini-fuzz-image", image_path, sizeof(image_path));
	initrd_fd = fz_memfd("kvmini-fuzz-initrd", initrd_path,
			     sizeof(initrd_path));
	config_defaults(&cfg);
	dm_vm.fd = -1;
	if (!ram || devmgr_create(&dm, rows, &dm_vm, &env) < 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	uint8_t opt = fz_u8(&f), m = fz_u8(&f);
	bool arm64 = m < 0xf0 && (m & 0x20);
	/* arm64 refuses any --mode: mostly none there */
	int mode = arm64 && !(m & 0x40) ? 0 : mode_of(m);
	uint64_t ram_size = ram_sizes[opt & 3] << arm64, low, top, addr, len;
	uint64_t ram_base = KVMINI_RAM_BASE;
	size_t rd_len = opt & 8 ? fz_u16(&f) : 0;
	struct image img;
	struct config cfg;
	struct vm vm;

	if (rd_len > f.n)
		rd_len = f.n;
	fill(image_fd, f.p, f.n - rd_len);
	fill(initrd_fd, f.p + f.n - rd_len, rd_len);

	config_defaults(&cfg);
	cfg.image = image_path;
	cfg.mem_size = ram_size;
	cfg.mode = mode;
	cfg.cpus = 1 + ((m >> 2) & 7);	/* the ACPI MADT lists them */
	if (opt & 4)
		cfg.append = "quiet loglevel=8";
	if (opt & 8)
		cfg.initrd = initrd_path;
	memset(&vm, 0, sizeof(vm));
	vm.fd = -1;
	vm.nr_slots = 1;

	/* as machine.c loads an image, then places it */
	if (image_read(image_path, IMAGE_FILE_MAX, &img) != ST_OK)
		return 0;
	if (arm64) {
		/* arm64's checks; its device tree and boot are not built here */
		ram_base = fz_arm64_ram_base;
		fz_arm64 = true;
		if (fz_arm64_parse(&img, ram_size, cfg.mode, m & 0x80) != ST_OK)
			goto out;
	} else {
		if (image_parse(&img, KVMINI_RAM_BASE, ram_size,
				KVMINI_IMAGE_ADDR) != ST_OK)
			goto out;
		img.mode = cfg.mode;
		if (arch_image_check(&img, ram_size) != ST_OK)
			goto out;
	}
	vm.slots[0] = (struct vm_slot){ ram_base, ram_size, ram };
	if (arm64)
		image_place(&vm, &img);
	else if (config_check(&cfg, &img) == ST_OK &&
		 image_place(&vm, &img) == ST_OK)
		boot_x86(&vm, &cfg, &img);
	/* the initrd placed anywhere: below top, not below low */
	if ((opt & 0x18) == 0x18) {
		low = ram_base + ((opt >> 5) << 17);
		top = ram_base + ram_size - (opt & 0x80 ? 0x1234 : 0);
		kboot_initrd(&vm, initrd_path, low, top, &addr, &len);
	}
out:
	fz_arm64 = false;
	image_free(&img);
	return 0;
}
