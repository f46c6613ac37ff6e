/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run configuration: what the run-wide options set (a device class's
 * own options set its parameters, device.h).
 */
#ifndef KVMINI_CONFIG_H
#define KVMINI_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "profile.h"

struct option_def;

struct config {
	const char *image;		/* NULL: the built-in demo */
	uint64_t mem_size;
	int mode;			/* 0: the image decides */
	bool polling;			/* devices poll, no notifications */
	enum report_format stats;
	const char *stats_file;		/* NULL: stderr */
	const char *trace_file;
	unsigned int timeout_ms;	/* 0: none */
	bool strict_io;
	bool check;			/* check the 42 result convention */
	unsigned int cpus;		/* vCPUs */
	const char *initrd;		/* Linux guests */
	const char *append;		/* Linux command line */
	enum host_cpuid_mode {
		HOST_CPUID_AUTO,	/* in KVM if it can, else userspace */
		HOST_CPUID_KERNEL,
		HOST_CPUID_USER,
		HOST_CPUID_OFF,
	} host_cpuid;
	bool hide_seek;			/* enable KVM's HIDE/SEEK if present */
	bool flat_kernel;		/* arm64: a flat IMAGE booted as a kernel */
	bool pmu;			/* arm64: a PMUv3 for every vCPU */
	bool gic_v2;			/* arm64: a vGICv2, not a vGICv3 */
	bool gic_its;			/* arm64: the vGICv3 with an ITS */
	bool exit_stats_leaf;		/* enable KVM's CPUID 0x4fffffff if present */
	const char *cpuid_clear;	/* x86: CPUID features taken away */
	bool pit;			/* x86: a PIT beside the in-kernel irqchip */
	unsigned int migrate_ms;	/* rotate vCPU threads over host CPUs */
	unsigned int sample_ms;		/* KVM's counters into the trace */
	bool check_kvm;			/* only check that KVM is usable */
	bool irqchip;			/* bare guests: an interrupt controller */
	bool no_ioeventfd;		/* virtio: notify and interrupt by exits */
	bool seccomp;			/* per-thread allowlists (sandbox.c) */
	const char *gdb;		/* --gdb: the stub's address, or NULL */
	bool gdb_nowait;		/* run until GDB attaches */
	int seccomp_selftest;		/* enum sandbox_selftest (tests) */
	/* the first option given that one family of guests only has */
	const struct option_def *arch_option;
};

/* The defaults, of cfg and of every device class's parameters. */
void config_defaults(struct config *cfg);

#define CONFIG_DONE	(-2)	/* --help or --version printed: exit 0 */

/*
 * Parses argv into cfg and the device classes' parameters: ST_OK,
 * ST_USAGE (message printed) or CONFIG_DONE.
 */
int config_parse(struct config *cfg, int argc, char **argv);

struct image;

/*
 * The option combinations the image decides (--initrd without a kernel,
 * another architecture's option), before any KVM call: ST_OK or ST_USAGE
 * with one line. The architecture's own rules are arch_check_config's
 * (board.h).
 */
int config_check(const struct config *cfg, const struct image *img);

/* Parses "64M"-style sizes (K, M, G suffixes). 0 or -1. */
int parse_size(const char *s, uint64_t *out);

#endif /* KVMINI_CONFIG_H */
