// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_loader's arm64 half: arm64's image checks (src/arch/arm64/image.c)
 * in the x86 build. Its own file, as only it may include the arm64 guest
 * header (the x86 one defines the same names). While fz_arm64 is set,
 * the loader's calls to arch_elf_ok() and arch_is_kernel() get arm64's
 * answers (the link wraps them), as in an arm64 kvmini.
 */
#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/image.h"
#include "kvmini/arch/arm64.h"
#include "loader.h"
#include "status.h"

#include "loader_arm64.h"

bool fz_arm64;

const uint64_t fz_arm64_ram_base = KVMINI_RAM_BASE;

bool __wrap_arch_elf_ok(uint16_t machine, int elf_class)
{
	return fz_arm64 ? arm64_elf_ok(machine, elf_class) :
			  __real_arch_elf_ok(machine, elf_class);
}

bool __wrap_arch_is_kernel(const struct image *img)
{
	return fz_arm64 ? arm64_is_image(img) : __real_arch_is_kernel(img);
}

int fz_arm64_parse(struct image *img, uint64_t ram_size, int mode,
		   bool flat_kernel)
{
	int st = image_parse(img, KVMINI_RAM_BASE, ram_size, KVMINI_IMAGE_ADDR);

	if (st != ST_OK)
		return st;
	img->mode = mode;
	img->flat_kernel = flat_kernel;	/* --flat-kernel */
	return arm64_image_check(img, ram_size);
}
