/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which images arm64 kvmini runs, and where a Linux Image loads. Apart
 * from arm64.c (which KVM's arm64 headers tie to an arm64 build) so that
 * the x86 build's fuzz harness can drive the same checks.
 */
#ifndef KVMINI_ARM64_IMAGE_H
#define KVMINI_ARM64_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

struct image;

bool arm64_elf_ok(uint16_t machine, int elf_class);

/* A flat image with the Linux arm64 Image header. */
bool arm64_is_image(const struct image *img);

/* arch_image_check() for arm64: ST_OK, ST_USAGE or ST_IMAGE. */
int arm64_image_check(struct image *img, uint64_t ram_size);

#endif /* KVMINI_ARM64_IMAGE_H */
