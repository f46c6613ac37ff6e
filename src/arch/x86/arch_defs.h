/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KVMINI_ARCH_DEFS_H
#define KVMINI_ARCH_DEFS_H

#include <stdbool.h>
#include <stdint.h>

#include "kvmini/arch/x86.h"

#define ARCH_NAME		"x86_64"
#define ARCH_FAMILY		"x86"	/* as options name it */

struct x86_s3;

struct arch_vm {
	void *wait;	/* interrupt state at --timeout (postmortem.c), or NULL */
	bool exit_stats_leaf;	/* KVM answers CPUID 0x4fffffff */
	bool pit;		/* an in-kernel PIT (not with --no-pit) */
	uint32_t cpuid_clear;	/* --cpuid-clear's features (cpuid.c) */
	struct x86_s3 *s3;	/* Multiboot images: ACPI S3 (sleep.c) */
	/*
	 * the GDB stub's register layout (gdb.c), fixed when GDB reads the
	 * target description: an x86_gdb_mode + 1, or 0 before
	 */
	int gdb_layout;
};
#define ARCH_CYCLES_NAME	"tsc"

static inline uint64_t arch_cycles(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

#endif /* KVMINI_ARCH_DEFS_H */
