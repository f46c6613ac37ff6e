/* SPDX-License-Identifier: GPL-2.0 */
/* Multiboot v1 guests: their header and what the loader hands over. */
#ifndef GUEST_MULTIBOOT_H
#define GUEST_MULTIBOOT_H

#include <stdint.h>

#define MB_BOOT_MAGIC	0x2badb002u	/* in EAX at the entry */

/*
 * The header: magic, FLAGS and checksum, after the entry (.text.start),
 * within the file's first 8 KiB. FLAGS: a literal number.
 */
#define MULTIBOOT_HEADER(flags)						\
	asm(".pushsection .text.start, \"ax\"\n"			\
	    ".balign 4\n"						\
	    ".long 0x1badb002, " #flags ", -(0x1badb002 + " #flags ")\n" \
	    ".popsection")

struct mb_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr;
};

struct mb_module {
	uint32_t start, end, string, reserved;
};

#endif /* GUEST_MULTIBOOT_H */
