// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 images: AArch64 ELF, flat binaries above kvmini's data page, and
 * Linux Image kernels placed per Documentation/arch/arm64/booting.rst.
 * Only the guest's own header (kvmini/arch/arm64.h) is included: this
 * file also builds into the x86 fuzz harness (tests/fuzz/fuzz_loader.c).
 */
#include <elf.h>
#include <inttypes.h>
#include <string.h>

#include "image.h"
#include "kvmini/arch/arm64.h"
#include "loader.h"
#include "log.h"
#include "status.h"

/* Linux arm64 Image header (Documentation/arch/arm64/booting.rst) */
#define IMAGE_MAGIC	0x644d5241	/* "ARM\x64" */
#define IMAGE_HDR_SIZE	64
#define KERNEL_OFFSET	0x200000	/* 2 MiB aligned, above low data */

bool arm64_elf_ok(uint16_t machine, int elf_class)
{
	return machine == EM_AARCH64 && elf_class == ELFCLASS64;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * A Linux kernel goes where its header asks, if RAM holds it all; one
 * without a header (--flat-kernel) where a pre-3.17 kernel went.
 */
static int place_kernel(struct image *img, uint64_t ram_size)
{
	bool hdr = arm64_is_image(img);
	uint64_t text_offset = hdr ? le64(img->data + 8) : 0;
	uint64_t size = hdr ? le64(img->data + 16) : 0;
	struct image_seg *s = &img->segs[0];

	if (!size)		/* pre-3.17 kernels: fixed offset */
		text_offset = 0x80000;
	if (size < img->size)
		size = img->size;
	/* unsigned: rule out RAM below the load address before subtracting */
	if (text_offset >= KERNEL_OFFSET ||
	    ram_size <= KERNEL_OFFSET + text_offset ||
	    size > ram_size - KERNEL_OFFSET - text_offset) {
		err_msg("%s: kernel (%" PRIu64 " bytes) does not fit in %" PRIu64
			" bytes of RAM", img->name, size, ram_size);
		return ST_IMAGE;
	}
	img->kernel = true;
	s->gpa = KVMINI_RAM_BASE + KERNEL_OFFSET + text_offset;
	s->memsz = size;	/* the kernel's BSS is zeroed too */
	img->entry = s->gpa;
	return ST_OK;
}

bool arm64_is_image(const struct image *img)
{
	return !img->elf && img->size >= IMAGE_HDR_SIZE &&
	       (le64(img->data + 56) & 0xffffffff) == IMAGE_MAGIC;
}

int arm64_image_check(struct image *img, uint64_t ram_size)
{
	unsigned int i;

	if (img->mode) {
		err_msg("--mode is for x86 guests");
		return ST_USAGE;
	}
	if (img->flat_kernel && img->elf) {
		err_msg("%s: --flat-kernel is for flat binaries, this is an ELF file",
			img->name);
		return ST_USAGE;
	}
	if (img->flat_kernel || arm64_is_image(img))
		return place_kernel(img, ram_size);
	for (i = 0; i < img->nr_segs; i++) {
		if (img->segs[i].gpa < KVMINI_RAM_BASE + 0x1000) {
			err_msg("%s: segment at 0x%" PRIx64
				" overlaps kvmini's data page at the start of RAM",
				img->name, img->segs[i].gpa);
			return ST_IMAGE;
		}
	}
	return ST_OK;
}
