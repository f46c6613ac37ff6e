/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seccomp allowlist of each kvmini thread (docs/security.md).
 *
 * Each thread installs its own filter with sandbox_enter() at the start
 * of its thread function, after its own set-up; the main thread installs
 * its filter once it has created every thread. Filters are per thread
 * (no TSYNC): a thread inherits the filter of the thread that created it,
 * so the threads kvmini creates come from the main thread before its
 * filter is installed. A system call outside the allowlist ends kvmini
 * with one line naming it and status ST_SECCOMP.
 */
#ifndef KVMINI_SANDBOX_H
#define KVMINI_SANDBOX_H

#include <stdbool.h>

enum sandbox_role {
	SANDBOX_MAIN,		/* watch, reports, teardown */
	SANDBOX_MAIN_VCPU,	/* the main thread running the only vCPU */
	SANDBOX_VCPU,		/* KVM_RUN and the devices served on exits */
	SANDBOX_POLLER,		/* SIMVIRTIO --polling */
	SANDBOX_VIRTIO,		/* a virtio device's notification thread */
	SANDBOX_NET_RX,		/* virtio-net: tap to guest */
	SANDBOX_CONSOLE_IN,	/* stdin to the guest's console */
	SANDBOX_GDB,		/* --gdb: the stub's connection, vCPU state */
	SANDBOX_NR_ROLES,
};

/*
 * --seccomp-selftest (tests only): which threads, right after installing
 * their filter, make a forbidden call (vcpu, device: the poller, virtio,
 * net RX and console threads), or an error their sanitizer reports
 * (sanitizer builds only): undefined behaviour, a use after free, a data
 * race with the main thread, a write to the zero page (ASan's and TSan's
 * fatal signal report).
 */
enum sandbox_selftest {
	SANDBOX_SELFTEST_NONE,
	SANDBOX_SELFTEST_VCPU,
	SANDBOX_SELFTEST_DEVICE,
	SANDBOX_SELFTEST_UBSAN_VCPU,
	SANDBOX_SELFTEST_UBSAN_DEVICE,
	SANDBOX_SELFTEST_ASAN_VCPU,
	SANDBOX_SELFTEST_ASAN_DEVICE,
	SANDBOX_SELFTEST_TSAN_VCPU,
	SANDBOX_SELFTEST_TSAN_DEVICE,
	SANDBOX_SELFTEST_SEGV_VCPU,
	SANDBOX_SELFTEST_SEGV_DEVICE,
	SANDBOX_NR_SELFTESTS,
};

/*
 * The --seccomp-selftest value name ("vcpu", "ubsan-device"...): 0 with
 * *test set, or -1 with one line printed: an unknown name, or an error
 * of a sanitizer this build does not have.
 */
int sandbox_parse_selftest(const char *name, int *test);

/*
 * With on, turns the sandbox on (every later sandbox_enter installs a
 * filter): the SIGSYS handler. The self-test runs with the sandbox on or
 * off (to show --no-seccomp lets the call through). restore, if not
 * NULL, is async-signal-safe: the SIGSYS handler calls it before exiting
 * (the terminal's mode back). 0 or -1 (one line printed). Until it is
 * called, sandbox_enter does nothing.
 */
int sandbox_init(bool on, enum sandbox_selftest selftest,
		 void (*restore)(void));

/* Whether sandbox_init turned it on. */
bool sandbox_enabled(void);

/*
 * Before any thread enters: system calls (NULL-terminated) a device makes
 * serving the guest, e.g. virtio-blk's pread64, each one of the serving
 * calls of src/sandbox_lists.h. vCPU threads, which serve every device on
 * its exits, may make those of all devices added; no other thread gets
 * them but through sandbox_enter's calls. 0, or -1 for a call not listed
 * there (one line printed).
 */
int sandbox_allow_serving(const char *const *calls);

/*
 * The calling thread's filter for role, with calls (NULL-terminated, or
 * NULL) on top: a device thread's own serving calls (as for
 * sandbox_allow_serving). name (at most 31 characters, e.g. "vcpu0") is
 * how the violation line calls the thread. 0 or -1 (one line printed;
 * the thread should end the run).
 */
int sandbox_enter(enum sandbox_role role, const char *name,
		  const char *const *calls);

/* The name of system call nr on this architecture, or "?" (tests). */
const char *sandbox_syscall_name(long nr);

#endif /* KVMINI_SANDBOX_H */
