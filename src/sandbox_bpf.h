/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The filters tools/seccomp-gen compiled from src/sandbox_lists.h at
 * build time (BUILD/gen/sandbox_filters.c), for src/sandbox.c and its
 * tests. Each role's program checks the architecture, then finds the
 * call by a binary search on its number and its arguments where the
 * list has conditions. Two things are set as a thread installs it, in
 * its own copy: kvmini's process id, and a RET per serving call, which
 * traps unless that thread is given the call.
 */
#ifndef KVMINI_SANDBOX_BPF_H
#define KVMINI_SANDBOX_BPF_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/types.h>

#include "sandbox.h"

/* the low 32 bits of argument n in struct seccomp_data */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SANDBOX_ARG_LO(n)	(offsetof(struct seccomp_data, args[n]))
#else
#define SANDBOX_ARG_LO(n)	(offsetof(struct seccomp_data, args[n]) + 4)
#endif

#define SANDBOX_NR_NAMES	512	/* above every x86-64 and arm64 call */
#define SANDBOX_MAX_SERVING	16

struct sandbox_filter {
	const struct sock_filter *insns;
	unsigned short len;
	unsigned short pid_at;	/* the JEQ comparing tgkill's pid */
	/* per serving call: its RET, or 0 where the role always allows it */
	unsigned short serving_at[SANDBOX_MAX_SERVING];
	bool serves;		/* sandbox_allow_serving's calls apply */
};

extern const struct sandbox_filter sandbox_filters[SANDBOX_NR_ROLES];
/* the same programs, every node of the search by JA (tests only) */
extern const struct sandbox_filter sandbox_filters_far[SANDBOX_NR_ROLES];

/* the serving calls (src/sandbox_lists.h) this architecture has */
extern const char *const sandbox_serving[SANDBOX_MAX_SERVING];
extern const unsigned int sandbox_nr_serving;

/* system call names by number, NULL where none */
extern const char *const sandbox_names[SANDBOX_NR_NAMES];
/* the architecture a native call reports (AUDIT_ARCH_*) */
extern const unsigned int sandbox_audit_arch;

/*
 * A copy of f's program as a thread installs it: pid in tgkill's check,
 * and the serving calls of bits (bit i for sandbox_serving[i]) allowed,
 * the others trapping as f has them. NULL without memory; free() it.
 */
struct sock_filter *sandbox_patch(const struct sandbox_filter *f,
				  unsigned int bits, pid_t pid);

#endif /* KVMINI_SANDBOX_BPF_H */
