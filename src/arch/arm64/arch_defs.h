/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KVMINI_ARCH_DEFS_H
#define KVMINI_ARCH_DEFS_H

#include <stdbool.h>
#include <stdint.h>

#include "kvmini/arch/arm64.h"

#define ARCH_NAME		"aarch64"
#define ARCH_FAMILY		"arm64"	/* as options name it */
#define ARCH_CYCLES_NAME	"cntvct"	/* generic timer ticks */

struct arch_vm {
	bool has_gic;		/* gic_fd is ours to close */
	int gic_fd;		/* vGICv3 device */
	uint64_t dtb;		/* guest address of the device tree */
	int host_cpuid;		/* enum host_cpuid_mode in effect */
	bool hide_seek;		/* KVM's HIDE/SEEK device is enabled */
	bool pmu;		/* every vCPU has KVM's PMUv3 (--pmu) */
	bool gic_v2;		/* the vGIC is a GICv2 (--gic v2) */
	bool gic_its;		/* and an ITS (--gic v3-its) */
	bool has_its;		/* its_fd is ours to close */
	int its_fd;		/* KVM's ITS device */
	uint64_t user_cpuid_calls;	/* host_cpuid answered by kvmini */
};

static inline uint64_t arch_cycles(void)
{
	uint64_t v;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

#endif /* KVMINI_ARCH_DEFS_H */
