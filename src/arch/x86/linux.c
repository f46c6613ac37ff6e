// SPDX-License-Identifier: GPL-2.0
/*
 * Booting a Linux bzImage through the 64-bit entry of the x86 boot
 * protocol (Documentation/arch/x86/boot.rst): the protected-mode kernel
 * at 1 MiB, the zero page (boot_params with the setup header, e820 map,
 * command line, initrd and ACPI tables), and a vCPU already in long mode.
 */
#include <asm/bootparam.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "acpi.h"
#include "arch.h"
#include "config.h"
#include "kboot.h"
#include "loader.h"
#include "log.h"
#include "status.h"
#include "vm.h"
#include "x86_internal.h"

#define HDR_OFFSET	0x1f1
#define HDRS_MAGIC	0x53726448	/* "HdrS" */
#define MIN_VERSION	0x020c		/* 2.12: 64-bit entry, xloadflags */
#define KERNEL_ADDR	0x100000
#define ENTRY_64	0x200		/* startup_64, from the load address */
#define EBDA_START	0x9fc00
#define E820_RAM	1
#define E820_RESERVED	2
#define E820_ACPI	3
/*
 * Reboot through the i8042 (kvmini's reset line, which ends the run): on
 * a hardware-reduced ACPI platform Linux would try EFI, then the BIOS at
 * the reset vector, which kvmini does not have, and never get that far.
 */
#define REBOOT_PARAM	"reboot=k"

static const struct setup_header *hdr(const struct image *img)
{
	return (const struct setup_header *)(img->data + HDR_OFFSET);
}

/* a bzImage: the boot sector flag and the setup header magic */
bool arch_is_kernel(const struct image *img)
{
	uint32_t magic;
	uint16_t flag;

	if (img->elf || img->size < HDR_OFFSET + sizeof(struct setup_header))
		return false;
	memcpy(&flag, &hdr(img)->boot_flag, sizeof(flag));
	memcpy(&magic, &hdr(img)->header, sizeof(magic));
	return flag == 0xaa55 && magic == HDRS_MAGIC;
}

int x86_bzimage_check(struct image *img, uint64_t ram_size)
{
	struct setup_header h;
	uint64_t off, size;

	memcpy(&h, hdr(img), sizeof(h));
	if (h.version < MIN_VERSION || !(h.xloadflags & XLF_KERNEL_64)) {
		err_msg("%s: bzImage without the 64-bit entry (boot protocol %#x)",
			img->name, h.version);
		return ST_IMAGE;
	}
	off = ((uint64_t)(h.setup_sects ? h.setup_sects : 4) + 1) * 512;
	if (off >= img->size) {
		err_msg("%s: truncated bzImage", img->name);
		return ST_IMAGE;
	}
	size = img->size - off;
	if (size < h.init_size)
		size = h.init_size;	/* room to decompress in place */
	if (size > ram_size - KERNEL_ADDR) {
		err_msg("%s: kernel needs %" PRIu64 " bytes above 1 MiB, RAM has %"
			PRIu64, img->name, size, ram_size - KERNEL_ADDR);
		return ST_IMAGE;
	}
	img->segs[0] = (struct image_seg){ KERNEL_ADDR, off, img->size - off,
					   size };
	img->nr_segs = 1;
	img->entry = KERNEL_ADDR + ENTRY_64;
	img->kernel = true;
	img->mode = 64;
	return ST_OK;
}

static void e820_add(struct boot_params *bp, uint64_t addr, uint64_t size,
		     uint32_t type)
{
	struct boot_e820_entry *e = &bp->e820_table[bp->e820_entries++];

	e->addr = addr;
	e->size = size;
	e->type = type;
}

int x86_boot_linux(struct vm *vm, const struct config *cfg,
		   const struct image *img, const struct devmgr *dm)
{
	uint64_t ram = vm->slots[0].size, top, initrd, size;
	uint64_t kernel_end = img->segs[0].gpa + img->segs[0].memsz;
	struct boot_params *bp = vm_gpa(vm, KVMINI_ZERO_PAGE, sizeof(*bp));
	char *cmdline = vm_gpa(vm, KVMINI_CMDLINE, KVMINI_CMDLINE_MAX);
	size_t room = KVMINI_CMDLINE_MAX;
	void *acpi;
	int st;

	/* RAM is at least 1 MiB (config.c), which holds both */
	if (!bp || !cmdline) {
		err_msg("guest RAM cannot hold the boot data");
		return ST_HOST;
	}
	memset(bp, 0, sizeof(*bp));
	memcpy(&bp->hdr, hdr(img), sizeof(bp->hdr));
	bp->hdr.type_of_loader = 0xff;	/* undefined loader */
	bp->hdr.loadflags |= LOADED_HIGH;
	if (bp->hdr.cmdline_size && bp->hdr.cmdline_size < room - 1)
		room = bp->hdr.cmdline_size + 1;	/* the kernel's limit */
	if (kboot_cmdline(cmdline, room, dm, REBOOT_PARAM, cfg->append) < 0)
		return ST_USAGE;
	bp->hdr.cmd_line_ptr = KVMINI_CMDLINE;

	if (cfg->initrd) {
		top = bp->hdr.initrd_addr_max ? bp->hdr.initrd_addr_max : 0x37ffffff;
		top = top < ram - 1 ? top + 1 : ram;
		st = kboot_initrd(vm, cfg->initrd, kernel_end, top, &initrd,
				  &size);
		if (st != ST_OK)
			return st;
		bp->hdr.ramdisk_image = (uint32_t)initrd;
		bp->hdr.ramdisk_size = (uint32_t)size;
	}

	/*
	 * In the BIOS area, where a kernel that does not read
	 * acpi_rsdp_addr (boot protocol 2.14, Linux 4.20) scans for the RSDP
	 */
	acpi = vm_gpa(vm, KVMINI_ACPI_ADDR, KVMINI_ACPI_SIZE);
	if (!acpi || x86_acpi_build(acpi, KVMINI_ACPI_SIZE, KVMINI_ACPI_ADDR,
				    dm, cfg->cpus, false) < 0)
		return ST_HOST;
	bp->acpi_rsdp_addr = KVMINI_ACPI_ADDR;

	e820_add(bp, 0, EBDA_START, E820_RAM);
	e820_add(bp, EBDA_START, KVMINI_ACPI_ADDR - EBDA_START, E820_RESERVED);
	e820_add(bp, KVMINI_ACPI_ADDR, KVMINI_ACPI_SIZE, E820_ACPI);
	e820_add(bp, KVMINI_ACPI_ADDR + KVMINI_ACPI_SIZE,
		 KERNEL_ADDR - KVMINI_ACPI_ADDR - KVMINI_ACPI_SIZE, E820_RESERVED);
	e820_add(bp, KERNEL_ADDR, ram - KERNEL_ADDR, E820_RAM);
	return ST_OK;
}
