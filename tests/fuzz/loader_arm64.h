/* SPDX-License-Identifier: GPL-2.0 */
/* fuzz_loader's arm64 half (loader_arm64.c). */
#ifndef KVMINI_FUZZ_LOADER_ARM64_H
#define KVMINI_FUZZ_LOADER_ARM64_H

#include <stdbool.h>
#include <stdint.h>

struct image;

/* arm64's answers from the loader's arch hooks while set */
extern bool fz_arm64;

/* arm64's KVMINI_RAM_BASE */
extern const uint64_t fz_arm64_ram_base;

/* x86's, behind the link's --wrap */
bool __real_arch_elf_ok(uint16_t machine, int elf_class);
bool __real_arch_is_kernel(const struct image *img);

/* image_parse() and arch_image_check() as arm64 kvmini calls them */
int fz_arm64_parse(struct image *img, uint64_t ram_size, int mode,
		   bool flat_kernel);

#endif /* KVMINI_FUZZ_LOADER_ARM64_H */
