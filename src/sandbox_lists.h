/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The seccomp allowlist of each thread role (docs/security.md,
 * "seccomp"), read by tools/seccomp-gen.c at build time, which compiles
 * each role into a BPF program (src/sandbox_bpf.h) for the target
 * architecture: kvmini itself does no filter work but install them.
 *
 * Calls are system call names; one this architecture lacks (poll, open
 * on arm64) is left out. ioctl requests and argument values are C
 * expressions of the target's headers, compiled into the generated file,
 * and compared on their low 32 bits: the kernel's int and unsigned int
 * arguments, and ioctl requests as KVM reads them.
 */
#ifndef KVMINI_SANDBOX_LISTS_H
#define KVMINI_SANDBOX_LISTS_H

#include <stdbool.h>
#include <stddef.h>

#include "sandbox.h"
#include "sandbox_arch.h"

/*
 * A call allowed (or, in a refused list, failing with EPERM) only when
 * argument arg, masked with mask, equals value; arg SB_ANY: always.
 * SB_PID as a value is kvmini's process id, set as the filter is
 * installed. unless: only where the architecture lacks that call.
 */
struct sb_rule {
	const char *call;
	int arg;
	const char *mask;
	const char *value;
	const char *unless;
};

#define SB_ANY		(-1)
#define SB_PID		"pid"
#define SB_ALL_BITS	"0xffffffff"

#define SB_CALL(c)		{ .call = (c), .arg = SB_ANY }
#define SB_ARG(c, a, m, v)	{ .call = (c), .arg = (a), .mask = (m), .value = (v) }

/*
 * Every thread: glibc's own calls (locks, malloc arenas, a thread's exit,
 * stdio's first use of a stream, signal masks, writev for its fatal
 * messages such as heap corruption: no more than write), messages on
 * stderr and guest output on stdout, stopping the run (pthread_kill of
 * the vCPU threads), restoring the terminal from a signal handler.
 */
static const char *const common_calls[] = {
	"write", "writev", "futex", "madvise", "munmap", "brk", "rt_sigprocmask",
	"rt_sigreturn", "restart_syscall", "clock_gettime", "gettimeofday",
	"time", "exit", "exit_group", "sched_yield", "gettid", "getpid",
	"rt_sigaction", "fstat", NULL,
};

static const struct sb_rule common_rules[] = {
	/* memory, never executable: malloc arenas and thread stacks */
	SB_ARG("mmap", 2, "PROT_EXEC", "0"),
	SB_ARG("mprotect", 2, "PROT_EXEC", "0"),
	/* fstat(fd) is newfstatat(fd, "", AT_EMPTY_PATH): no path */
	SB_ARG("newfstatat", 3, "AT_EMPTY_PATH", "AT_EMPTY_PATH"),
	/* signals to this process's own threads (vCPU kicks, raise) */
	SB_ARG("tgkill", 0, SB_ALL_BITS, SB_PID),
	{ NULL },
};

/* ioctls any thread may make: stdio asks whether a stream is a tty */
static const char *const common_ioctls[] = { "TCGETS", "TCSETS", NULL };

/* Threads that sleep on eventfds, a tap or stdin. */
static const char *const wait_calls[] = { "read", "poll", "ppoll", NULL };

/*
 * What a device may make serving the guest (virtio_backend.syscalls):
 * every role's program has each, allowed or not as the thread installs
 * it. vCPU threads, which serve every device on its exits, get those of
 * the devices present (sandbox_allow_serving); a device's own thread its
 * own (sandbox_enter). A call a device needs must be listed here.
 */
static const char *const serving_calls[] = {
	"pread64", "pwrite64", "fdatasync",	/* virtio-blk */
	"getrandom",				/* virtio-rng */
	"writev",				/* virtio-net */
	NULL,
};

/*
 * The vCPU and main lists are macros too: a main thread that runs the
 * only vCPU itself (SANDBOX_MAIN_VCPU) is allowed both, from one source.
 */
/* arm64 host_cpuid answered by kvmini: sched_getcpu() */
#define VCPU_CALLS	"getcpu"
/* KVM_SET_GUEST_DEBUG: --gdb's steps through soft breakpoints (gdb.c) */
#define VCPU_IOCTLS	"KVM_RUN", "KVM_IRQ_LINE", "KVM_SET_GUEST_DEBUG"
static const char *const vcpu_calls[] = { VCPU_CALLS, NULL };
static const char *const vcpu_ioctls[] = { VCPU_IOCTLS, NULL };

/* the UART's receive interrupt, virtio-net's without ioeventfds */
static const char *const irq_ioctls[] = { "KVM_IRQ_LINE", NULL };

/*
 * The main thread after set-up: the watch (--migrate, --timeout), KVM's
 * statistics, the end: joins, reports, closing and unmapping everything.
 */
#define MAIN_CALLS	"close", "pread64", "lseek", "clock_nanosleep", \
			"sched_setaffinity"
#define MAIN_IOCTLS	"KVM_GET_MP_STATE"
static const char *const main_calls[] = { MAIN_CALLS, NULL };
static const char *const main_ioctls[] = { MAIN_IOCTLS, NULL };
static const char *const main_vcpu_calls[] = { MAIN_CALLS, VCPU_CALLS, NULL };
static const char *const main_vcpu_ioctls[] = {
	MAIN_IOCTLS, VCPU_IOCTLS, NULL,
};

/*
 * The GDB stub's thread (gdb.c): its connection (accept4, read, write,
 * poll, close), the stopped vCPUs' registers and debug state (the
 * architecture's arch_gdb_ioctls), KVM's statistics for its monitor.
 */
static const char *const gdb_calls[] = {
	"read", "poll", "ppoll", "accept4", "close", "pread64", NULL,
};
static const char *const gdb_ioctls[] = { "KVM_SET_GUEST_DEBUG", NULL };

/*
 * The sanitizer builds (VARIANT=asan, tsan), allowed in those only. Every
 * thread: a thread's exit frees its alternate signal stack; TSan's report
 * of a fatal signal finds the thread's stack with pthread_getattr_np(),
 * which reads its CPU affinity. At exit LeakSanitizer stops the world (a
 * tracer thread cloned from the main thread ptraces every thread and
 * reads /proc) and reads /proc/self/maps.
 */
static const char *const sanitizer_calls[] = {
	"sigaltstack", "sched_getaffinity", NULL,
};
static const char *const sanitizer_main_calls[] = {
	"clone", "clone3", "ptrace", "wait4", "prctl", "openat", "open",
	"getdents", "getdents64", "read", "readlink", "readlinkat",
	"getppid", "mmap", "mprotect", "process_vm_readv",
	"prlimit64", "getrlimit", "tgkill", "kill", "newfstatat", "uname",
	NULL,
};

/*
 * The sanitizer builds: what a report still reads once sanitizer_prepare()
 * (src/sandbox.c) has run fails, and the runtime goes on without it, where
 * a trap would end kvmini in the middle of the report. GCC's UBSan, a
 * library of its own beside ASan, sets itself up at its first report: it
 * reads /proc/self/exe, cmdline and environ (without them: a warning
 * that it has no executable name, and UBSAN_OPTIONS unread), and it
 * probes the memory it dumps through a pipe (without one: "<memory cannot
 * be printed>"). ASan's and TSan's reports of a fatal signal read
 * /proc/self/maps (without it: the copy cached). The main thread, which
 * may read files in these builds, only lacks the pipe. The runtimes open
 * with a bare O_RDONLY and, on x86-64, the old open call, which glibc
 * never makes: there every other open still traps. On arm64, which has
 * only openat, so does any open with another flag (none of kvmini's own
 * opens is a bare O_RDONLY).
 */
static const struct sb_rule runtime_reads[] = {
	SB_CALL("pipe2"),
	SB_CALL("readlink"),
	SB_CALL("readlinkat"),
	SB_ARG("open", 1, SB_ALL_BITS, "O_RDONLY"),
	{ .call = "openat", .arg = 2, .mask = SB_ALL_BITS, .value = "O_RDONLY",
	  .unless = "open" },
	{ NULL },
};
static const struct sb_rule main_runtime_reads[] = {
	SB_CALL("pipe2"),
	{ NULL },
};

/*
 * A role: the common lists and its own (all NULL-terminated, or NULL),
 * the ioctls of the architecture's code (src/arch/ARCH/sandbox_arch.h),
 * and what the sanitizer builds add (allowed) and refuse (EPERM).
 */
struct sb_role {
	const char *name;
	const char *const *calls;
	const char *const *ioctls;
	const char *const *arch_ioctls;
	bool serves;		/* may be given every device's serving calls */
	const char *const *sanitizer_calls;
	const struct sb_rule *refused;
};

static const struct sb_role sb_roles[SANDBOX_NR_ROLES] = {
	[SANDBOX_MAIN] = {
		.name = "main", .calls = main_calls, .ioctls = main_ioctls,
		.arch_ioctls = arch_main_ioctls,
		.sanitizer_calls = sanitizer_main_calls,
		.refused = main_runtime_reads,
	},
	/* the main thread running the only vCPU: both roles, nothing more */
	[SANDBOX_MAIN_VCPU] = {
		.name = "main_vcpu", .calls = main_vcpu_calls,
		.ioctls = main_vcpu_ioctls,
		.arch_ioctls = arch_main_vcpu_ioctls, .serves = true,
		.sanitizer_calls = sanitizer_main_calls,
		.refused = main_runtime_reads,
	},
	[SANDBOX_VCPU] = {
		.name = "vcpu", .calls = vcpu_calls, .ioctls = vcpu_ioctls,
		.arch_ioctls = arch_vcpu_ioctls, .serves = true,
		.refused = runtime_reads,
	},
	[SANDBOX_POLLER] = {	/* reads and writes guest memory, prints */
		.name = "poller", .refused = runtime_reads,
	},
	[SANDBOX_VIRTIO] = {
		.name = "virtio", .calls = wait_calls,
		.refused = runtime_reads,
	},
	[SANDBOX_NET_RX] = {
		.name = "net_rx", .calls = wait_calls, .ioctls = irq_ioctls,
		.refused = runtime_reads,
	},
	[SANDBOX_CONSOLE_IN] = {
		.name = "console_in", .calls = wait_calls,
		.ioctls = irq_ioctls, .refused = runtime_reads,
	},
	[SANDBOX_GDB] = {
		.name = "gdb", .calls = gdb_calls, .ioctls = gdb_ioctls,
		.arch_ioctls = arch_gdb_ioctls, .refused = runtime_reads,
	},
};

#endif /* KVMINI_SANDBOX_LISTS_H */
