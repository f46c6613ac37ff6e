/* SPDX-License-Identifier: GPL-2.0 */
/* Internal to src/arch/x86. */
#ifndef KVMINI_X86_INTERNAL_H
#define KVMINI_X86_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

struct config;
struct image;
struct vm;

/* Linux guests (linux.c) */
bool x86_is_bzimage(const struct image *img);
int x86_bzimage_check(struct image *img, uint64_t ram_size);
int x86_boot_linux(struct vm *vm, const struct config *cfg,
		   const struct image *img);

#endif /* KVMINI_X86_INTERNAL_H */
