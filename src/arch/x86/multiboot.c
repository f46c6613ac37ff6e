// SPDX-License-Identifier: GPL-2.0
/*
 * Multiboot v1 (the Multiboot Specification 0.6.96): an ELF32 image
 * with the Multiboot header in its first 8 KiB starts in protected mode
 * with EAX = 0x2badb002 and EBX = the information structure, which gives
 * its memory size, its command line and one module (--initrd). kvm-unit-
 * tests' x86 images boot this way, as under QEMU's -kernel.
 *
 * Everything kvmini writes lies in low memory, below the image (whose
 * segments start at 4 MiB for those tests) and above page 0, where such
 * guests put their AP start-up code: the structure, the module list and
 * the strings in the page at MB_INFO_ADDR, the module page-aligned above
 * it and below the vCPU stacks. And, in page 0, the real-mode interrupt
 * vector table a BIOS would have left (bios_ivt()); in the BIOS area at
 * KVMINI_ACPI_ADDR, a PC's ACPI tables (acpi.c), where an OS scans for
 * the RSDP.
 */
#include <elf.h>
#include <inttypes.h>
#include <string.h>

#include "acpi.h"
#include "arch_defs.h"
#include "config.h"
#include "kboot.h"
#include "loader.h"
#include "log.h"
#include "status.h"
#include "vm.h"
#include "x86_internal.h"

#define MB_HEADER_MAGIC		0x1badb002u
#define MB_HEADER_SEARCH	8192	/* the header lies in the first 8 KiB */
/*
 * header flags: 0 page-aligned modules, 1 memory information (both
 * given); 2 a video mode, and the rest of 0-15, which kvmini lacks
 */
#define MB_HDR_UNSUPPORTED	0x0000fffcu
#define MB_INFO_MEMORY		(1u << 0)
#define MB_INFO_CMDLINE		(1u << 2)
#define MB_INFO_MODS		(1u << 3)
#define MB_INFO_ADDR		KVMINI_MB_INFO
#define MB_STRINGS_ADDR		(MB_INFO_ADDR + 0x200)
#define MB_MODULE_ADDR		(MB_INFO_ADDR + 0x1000)
/* below the lowest stack of 8 vCPUs (KVMINI_STACK_TOP, _SIZE) */
#define MB_LOW_END		0x80000
#define MB_LOW_MEM_KIB		640

/* the start of the information structure, all that kvmini fills */
struct mb_info {
	uint32_t flags;
	uint32_t mem_lower;	/* KiB from 0 */
	uint32_t mem_upper;	/* KiB from 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count;
	uint32_t mods_addr;
	uint32_t rest[23];	/* symbols, memory map, drives...: unset */
};

struct mb_module {
	uint32_t mod_start;
	uint32_t mod_end;	/* the first byte after it */
	uint32_t string;
	uint32_t reserved;
};

/*
 * Real-mode interrupt handlers, as a BIOS's do nothing: return, or
 * acknowledge a hardware interrupt at the 8259s and return.
 */
#define MB_BIOS_STUBS		(MB_INFO_ADDR + 0x180)
#define STUB_IRET		0
#define STUB_EOI_MASTER		1
#define STUB_EOI_BOTH		8
static const uint8_t bios_stubs[] = {
	0xcf,				/* iret */
	0x50,				/* push %ax */
	0xb0, 0x20,			/* mov $0x20, %al (EOI) */
	0xe6, 0x20,			/* out %al, $0x20 */
	0x58,				/* pop %ax */
	0xcf,				/* iret */
	0x50,				/* push %ax */
	0xb0, 0x20,			/* mov $0x20, %al */
	0xe6, 0xa0,			/* out %al, $0xa0 */
	0xe6, 0x20,			/* out %al, $0x20 */
	0x58,				/* pop %ax */
	0xcf,				/* iret */
};

_Static_assert(sizeof(struct mb_info) == 120, "the specification's size");
_Static_assert(MB_INFO_ADDR + sizeof(struct mb_info) +
	       sizeof(struct mb_module) <= MB_BIOS_STUBS,
	       "the stubs after the structures");
_Static_assert(MB_BIOS_STUBS + sizeof(bios_stubs) <= MB_STRINGS_ADDR,
	       "the stubs before the strings");
_Static_assert(MB_INFO_ADDR + sizeof(struct mb_info) +
	       sizeof(struct mb_module) <= MB_STRINGS_ADDR,
	       "strings after the structures");

/* The header's flags, or -1 when the image has no valid header. */
static int64_t header_flags(const struct image *img)
{
	size_t end = img->size < MB_HEADER_SEARCH ? img->size : MB_HEADER_SEARCH;
	uint32_t h[3];
	size_t off;

	for (off = 0; off + sizeof(h) <= end; off += 4) {
		memcpy(h, img->data + off, sizeof(h));
		if (h[0] == MB_HEADER_MAGIC && h[0] + h[1] + h[2] == 0)
			return h[1];
	}
	return -1;
}

int x86_multiboot_check(struct image *img)
{
	int64_t flags;
	unsigned int i;

	/* a 64-bit ELF or a flat binary may hold the magic by chance */
	if (!img->elf || img->elf_class != ELFCLASS32)
		return ST_OK;
	flags = header_flags(img);
	if (flags < 0)
		return ST_OK;
	if (flags & MB_HDR_UNSUPPORTED) {
		err_msg("%s: the Multiboot header asks for what kvmini does not give (flags 0x%" PRIx64 ")",
			img->name, flags & MB_HDR_UNSUPPORTED);
		return ST_IMAGE;
	}
	if (img->mode && img->mode != 32) {
		err_msg("%s: a Multiboot image starts in protected mode (32)",
			img->name);
		return ST_USAGE;
	}
	for (i = 0; i < img->nr_segs; i++) {
		const struct image_seg *s = &img->segs[i];

		if (s->gpa < MB_LOW_END && s->gpa + s->memsz > MB_INFO_ADDR) {
			err_msg("%s: segment at 0x%" PRIx64 " overlaps kvmini's Multiboot data (0x%x-0x%x)",
				img->name, s->gpa, MB_INFO_ADDR, MB_LOW_END);
			return ST_IMAGE;
		}
		if (s->gpa < KVMINI_ACPI_ADDR + KVMINI_ACPI_SIZE &&
		    s->gpa + s->memsz > KVMINI_ACPI_ADDR) {
			err_msg("%s: segment at 0x%" PRIx64 " overlaps the ACPI tables (0x%x-0x%x)",
				img->name, s->gpa, KVMINI_ACPI_ADDR,
				KVMINI_ACPI_ADDR + KVMINI_ACPI_SIZE);
			return ST_IMAGE;
		}
	}
	img->mode = 32;
	img->multiboot = true;
	return ST_OK;
}

/* Reads the module into [MB_MODULE_ADDR, MB_LOW_END), at its top. */
static int load_module(struct vm *vm, const char *path, struct mb_module *m)
{
	struct image rd;
	uint64_t at;
	int st;

	st = image_read(path, MB_LOW_END - MB_MODULE_ADDR, &rd);
	if (st != ST_OK)
		return st;
	at = (MB_LOW_END - rd.size) & ~0xfffULL;
	memcpy(vm_gpa(vm, at, rd.size), rd.data, rd.size);
	m->mod_start = (uint32_t)at;
	m->mod_end = (uint32_t)(at + rd.size);
	image_free(&rd);
	return ST_OK;
}

/*
 * A real-mode vector table as a PC's BIOS leaves it (SeaBIOS, under which
 * QEMU boots these images): every entry returns, the 8259s' (at the
 * vectors x86.c gives them) after an EOI. kvm-unit-tests' realmode test
 * waits in hlt for the PIT's tick through it.
 */
static void bios_ivt(struct vm *vm)
{
	uint32_t *ivt = vm_gpa(vm, 0, 256 * sizeof(uint32_t));
	uint32_t seg = MB_BIOS_STUBS >> 4 << 16;
	unsigned int v;

	_Static_assert((MB_BIOS_STUBS & 0xf) == 0, "a segment's start");
	memcpy(vm_gpa(vm, MB_BIOS_STUBS, sizeof(bios_stubs)), bios_stubs,
	       sizeof(bios_stubs));
	for (v = 0; v < 256; v++)
		ivt[v] = seg | STUB_IRET;
	for (v = 0; v < 8; v++) {
		ivt[X86_PIC_VECTORS_MASTER + v] = seg | STUB_EOI_MASTER;
		ivt[X86_PIC_VECTORS_SLAVE + v] = seg | STUB_EOI_BOTH;
	}
}

/* A PC's ACPI tables, and where S3 finds the FACS. */
static int acpi_tables(struct vm *vm, const struct config *cfg,
		       const struct devmgr *dm)
{
	void *acpi = vm_gpa(vm, KVMINI_ACPI_ADDR, KVMINI_ACPI_SIZE);

	if (!acpi) {
		err_msg("guest RAM cannot hold the ACPI tables");
		return ST_HOST;
	}
	if (x86_acpi_build(acpi, KVMINI_ACPI_SIZE, KVMINI_ACPI_ADDR, dm,
			   cfg->cpus, true) < 0)
		return ST_HOST;
	x86_s3_set_facs(vm, KVMINI_ACPI_ADDR + X86_ACPI_FACS_OFF);
	return ST_OK;
}

int x86_boot_multiboot(struct vm *vm, const struct config *cfg,
		       const struct devmgr *dm)
{
	uint64_t ram = vm->slots[0].size;
	size_t room = MB_MODULE_ADDR - MB_STRINGS_ADDR;
	struct mb_info *mbi = vm_gpa(vm, MB_INFO_ADDR, MB_LOW_END - MB_INFO_ADDR);
	struct mb_module *mod;
	char *s;
	int n, st;

	/* RAM is at least 1 MiB (config.c) */
	if (!mbi) {
		err_msg("guest RAM cannot hold the Multiboot data");
		return ST_HOST;
	}
	mod = (struct mb_module *)(mbi + 1);
	s = (char *)mbi + (MB_STRINGS_ADDR - MB_INFO_ADDR);
	memset(mbi, 0, MB_MODULE_ADDR - MB_INFO_ADDR);
	mbi->flags = MB_INFO_MEMORY | MB_INFO_CMDLINE | MB_INFO_MODS;
	mbi->mem_lower = MB_LOW_MEM_KIB;
	mbi->mem_upper = (uint32_t)((ram - 0x100000) >> 10);
	/* as a boot loader (and QEMU) does: the image's name, then --append */
	n = snprintf(s, room, "%s%s%s", cfg->image, cfg->append ? " " : "",
		     cfg->append ? cfg->append : "");
	if (n < 0 || (size_t)n >= room) {
		err_msg("--append: the Multiboot command line would exceed %zu bytes",
			room - 1);
		return ST_USAGE;
	}
	mbi->cmdline = MB_STRINGS_ADDR;
	bios_ivt(vm);
	st = acpi_tables(vm, cfg, dm);
	if (st != ST_OK)
		return st;
	if (!cfg->initrd)
		return ST_OK;
	s += n + 1;
	room -= n + 1;
	n = snprintf(s, room, "%s", cfg->initrd);
	if (n < 0 || (size_t)n >= room) {
		err_msg("%s: the module's name is too long for the Multiboot data",
			cfg->initrd);
		return ST_USAGE;
	}
	mod->string = MB_INFO_ADDR + (uint32_t)(s - (char *)mbi);
	mbi->mods_count = 1;
	mbi->mods_addr = MB_INFO_ADDR + sizeof(*mbi);
	return load_module(vm, cfg->initrd, mod);
}
