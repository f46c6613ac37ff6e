// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp allowlists (docs/security.md, "seccomp"): one libseccomp
 * filter per thread role, installed by the thread itself, without TSYNC.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/kvm.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "arch.h"
#include "compiler.h"
#include "log.h"
#include "sandbox.h"
#include "status.h"

#if KVMINI_ASAN || KVMINI_TSAN
#include <sanitizer/common_interface_defs.h>
#endif

#define NAME_LEN	32
#define NR_NAMES	512	/* above every x86-64 and arm64 call (462) */

/* Resolved at start-up: the SIGSYS handler may not allocate. */
static char names[NR_NAMES][NAME_LEN];
static uint32_t native_arch;
static bool enabled;
static enum sandbox_selftest selftest;
static void (*before_exit)(void);
/* how the violation line calls this thread */
static __thread char thread_name[NAME_LEN] = "main";

/* The sanitizer runtimes make system calls of their own (see below). */
#define SANITIZER_RUNTIME	(KVMINI_ASAN || KVMINI_TSAN || KVMINI_UBSAN)

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
	"rt_sigaction", "fstat",
};

/* Threads that sleep on eventfds, a tap or stdin. */
static const char *const wait_calls[] = { "read", "poll", "ppoll" };

/*
 * Serving the devices present (sandbox_allow_serving): what a vCPU
 * thread may call on top of its role. A bare guest's vCPUs get none.
 */
#define MAX_SERVING	16
static const char *serving[MAX_SERVING];
static unsigned int nr_serving;

/* arm64 host_cpuid answered by kvmini: sched_getcpu() */
static const char *const vcpu_calls[] = { "getcpu" };

/*
 * The main thread after set-up: the watch (--migrate, --timeout), KVM's
 * statistics, the end: joins, reports, closing and unmapping everything.
 */
static const char *const main_calls[] = {
	"close", "pread64", "lseek", "clock_nanosleep", "sched_setaffinity",
};

/*
 * The sanitizer builds (VARIANT=asan, tsan), allowed in those only. Every
 * thread: a thread's exit frees its alternate signal stack; TSan's report
 * of a fatal signal finds the thread's stack with pthread_getattr_np(),
 * which reads its CPU affinity. At exit LeakSanitizer stops the world (a
 * tracer thread cloned from the main thread ptraces every thread and
 * reads /proc) and reads /proc/self/maps. What a report reads in another
 * thread fails instead (refuse_runtime_reads).
 */
static const char *const sanitizer_calls[] = {
	"sigaltstack", "sched_getaffinity",
};
static const char *const sanitizer_main_calls[] = {
	"clone", "clone3", "ptrace", "wait4", "prctl", "openat", "open",
	"getdents", "getdents64", "read", "readlink", "readlinkat",
	"getppid", "mmap", "mprotect", "process_vm_readv",
	"prlimit64", "getrlimit", "tgkill", "kill", "newfstatat", "uname",
};

/* ioctls any thread may make: stdio asks whether a stream is a tty */
static const unsigned long common_ioctls[] = { TCGETS, TCSETS };
static const unsigned long vcpu_ioctls[] = { KVM_RUN, KVM_IRQ_LINE };
static const unsigned long irq_ioctls[] = { KVM_IRQ_LINE };
static const unsigned long main_ioctls[] = { KVM_GET_MP_STATE };

/* --seccomp-selftest: which threads act, and what they do */
enum tested { NOT_TESTED, TESTED_VCPU, TESTED_DEVICE };
enum plant { FORBIDDEN_CALL, UB, USE_AFTER_FREE, DATA_RACE, WILD_WRITE };

static const struct {
	const char *name;
	enum tested threads;
	enum plant plant;
	bool built;		/* in this build (the sanitizer that reports) */
	const char *variant;	/* else the build that has it */
} selftests[SANDBOX_NR_SELFTESTS] = {
	[SANDBOX_SELFTEST_VCPU] = { "vcpu", TESTED_VCPU, FORBIDDEN_CALL, true },
	[SANDBOX_SELFTEST_DEVICE] = {
		"device", TESTED_DEVICE, FORBIDDEN_CALL, true },
	[SANDBOX_SELFTEST_UBSAN_VCPU] = {
		"ubsan-vcpu", TESTED_VCPU, UB, KVMINI_UBSAN, "asan" },
	[SANDBOX_SELFTEST_UBSAN_DEVICE] = {
		"ubsan-device", TESTED_DEVICE, UB, KVMINI_UBSAN, "asan" },
	[SANDBOX_SELFTEST_ASAN_VCPU] = {
		"asan-vcpu", TESTED_VCPU, USE_AFTER_FREE, KVMINI_ASAN, "asan" },
	[SANDBOX_SELFTEST_ASAN_DEVICE] = {
		"asan-device", TESTED_DEVICE, USE_AFTER_FREE, KVMINI_ASAN,
		"asan" },
	[SANDBOX_SELFTEST_TSAN_VCPU] = {
		"tsan-vcpu", TESTED_VCPU, DATA_RACE, KVMINI_TSAN, "tsan" },
	[SANDBOX_SELFTEST_TSAN_DEVICE] = {
		"tsan-device", TESTED_DEVICE, DATA_RACE, KVMINI_TSAN, "tsan" },
	/* a fatal signal: ASan's and TSan's handler reports it */
	[SANDBOX_SELFTEST_SEGV_VCPU] = {
		"segv-vcpu", TESTED_VCPU, WILD_WRITE,
		KVMINI_ASAN || KVMINI_TSAN, "asan" },
	[SANDBOX_SELFTEST_SEGV_DEVICE] = {
		"segv-device", TESTED_DEVICE, WILD_WRITE,
		KVMINI_ASAN || KVMINI_TSAN, "asan" },
};

struct role {
	const char *const *calls;
	unsigned int nr_calls;
	bool serves;		/* and every device's serving calls */
	const unsigned long *ioctls;
	unsigned int nr_ioctls;
	const unsigned long *arch_ioctls;
	const unsigned int *nr_arch_ioctls;
	enum tested test;
};

static const struct role roles[SANDBOX_NR_ROLES] = {
	[SANDBOX_MAIN] = {
		.calls = main_calls, .nr_calls = ARRAY_SIZE(main_calls),
		.ioctls = main_ioctls, .nr_ioctls = ARRAY_SIZE(main_ioctls),
		.arch_ioctls = arch_main_ioctls,
		.nr_arch_ioctls = &arch_nr_main_ioctls,
	},
	[SANDBOX_VCPU] = {
		.calls = vcpu_calls, .nr_calls = ARRAY_SIZE(vcpu_calls),
		.serves = true,
		.ioctls = vcpu_ioctls, .nr_ioctls = ARRAY_SIZE(vcpu_ioctls),
		.arch_ioctls = arch_vcpu_ioctls,
		.nr_arch_ioctls = &arch_nr_vcpu_ioctls,
		.test = TESTED_VCPU,
	},
	[SANDBOX_POLLER] = {
		.test = TESTED_DEVICE,
	},
	[SANDBOX_VIRTIO] = {
		.calls = wait_calls, .nr_calls = ARRAY_SIZE(wait_calls),
		.test = TESTED_DEVICE,
	},
	[SANDBOX_NET_RX] = {
		.calls = wait_calls, .nr_calls = ARRAY_SIZE(wait_calls),
		.ioctls = irq_ioctls, .nr_ioctls = ARRAY_SIZE(irq_ioctls),
		.test = TESTED_DEVICE,
	},
	[SANDBOX_CONSOLE_IN] = {
		.calls = wait_calls, .nr_calls = ARRAY_SIZE(wait_calls),
		.ioctls = irq_ioctls, .nr_ioctls = ARRAY_SIZE(irq_ioctls),
		.test = TESTED_DEVICE,
	},
};

/* Appends s to buf at *n, as room allows; async-signal-safe. */
static void put(char *buf, size_t size, size_t *n, const char *s)
{
	while (*s && *n < size)
		buf[(*n)++] = *s++;
}

static void put_num(char *buf, size_t size, size_t *n, long v)
{
	char d[24];
	int i = 0;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do {
		d[i++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		d[i++] = '-';
	while (i > 0 && *n < size)
		buf[(*n)++] = d[--i];
}

/*
 * SIGSYS from a filter: one line, the terminal back as it was, and the
 * documented status. Raw system calls only, which every filter allows
 * (no sanitizer interceptor runs in between).
 */
static void sigsys_handler(int sig, siginfo_t *si, void *uc)
{
	static int reported;
	char buf[4 * NAME_LEN + 64];
	size_t n = 0;
	long nr = si->si_syscall;

	(void)sig;
	(void)uc;
	/*
	 * the first thread caught reports and ends the process; another
	 * caught meanwhile waits for that end (sched_yield: every filter
	 * allows it, and a forbidden call here, SIGSYS blocked, would kill
	 * the process with SIGSYS instead of the status)
	 */
	if (__atomic_exchange_n(&reported, 1, __ATOMIC_SEQ_CST))
		for (;;)
			syscall(SYS_sched_yield);
	put(buf, sizeof(buf), &n, "kvmini: seccomp: ");
	put(buf, sizeof(buf), &n, thread_name);
	put(buf, sizeof(buf), &n, " thread made a forbidden system call: ");
	if (si->si_arch != native_arch)
		put(buf, sizeof(buf), &n, "another architecture's");
	else
		put(buf, sizeof(buf), &n, sandbox_syscall_name(nr));
	put(buf, sizeof(buf), &n, " (");
	put_num(buf, sizeof(buf), &n, nr);
	put(buf, sizeof(buf), &n, ")\n");
	syscall(SYS_write, STDERR_FILENO, buf, n);
	if (before_exit)
		before_exit();
	syscall(SYS_exit_group, ST_SECCOMP);
}

const char *sandbox_syscall_name(long nr)
{
	if (nr < 0 || nr >= NR_NAMES || !names[nr][0])
		return "?";
	return names[nr];
}

/*
 * The sanitizer builds: an ASan or TSan report in a filtered thread needs
 * files it may not open there, so they are read now, before any filter:
 * the symbolizer's list of modules and their debug information (the
 * file and line of each frame: docs/security.md says what it costs), and
 * a copy of /proc/self/maps, which the runtime uses where it cannot read
 * it (__sanitizer_sandbox_on_notify: the runtimes' own hook for
 * sandboxes).
 */
static void sanitizer_prepare(void)
{
#if KVMINI_ASAN || KVMINI_TSAN
	__sanitizer_sandbox_arguments args = { 0 };
	char where[128];

	__sanitizer_sandbox_on_notify(&args);
	__sanitizer_symbolize_pc(__builtin_return_address(0), "%L", where,
				 sizeof(where));
#endif
}

static void resolve_names(void)
{
	char *s;
	int nr;

	for (nr = 0; nr < NR_NAMES; nr++) {
		s = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
		if (!s)
			continue;
		snprintf(names[nr], NAME_LEN, "%s", s);
		free(s);
	}
}

int sandbox_init(bool on, enum sandbox_selftest test, void (*restore)(void))
{
	struct sigaction sa = { .sa_sigaction = sigsys_handler,
				.sa_flags = SA_SIGINFO };

	selftest = test;
	before_exit = restore;
	if (!on)
		return 0;
	/* one line before any guest, rather than one per thread later */
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL) {
		err_msg("seccomp: this kernel has no seccomp filters (CONFIG_SECCOMP_FILTER): use --no-seccomp to run without them");
		return -1;
	}
	native_arch = seccomp_arch_native();
	resolve_names();
	sanitizer_prepare();
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) < 0)
		return err_sys("sigaction SIGSYS");
	enabled = true;
	return 0;
}

bool sandbox_enabled(void)
{
	return enabled;
}

/* SCMP_Ax() without its partly initialised compound literal */
static struct scmp_arg_cmp arg_cmp(unsigned int arg, enum scmp_compare op,
				   scmp_datum_t a, scmp_datum_t b)
{
	return (struct scmp_arg_cmp){ .arg = arg, .op = op, .datum_a = a,
				      .datum_b = b };
}

/* Allows the call named (if this architecture has it) under cmps. */
static int allow(scmp_filter_ctx ctx, const char *name, unsigned int nr_cmps,
		 const struct scmp_arg_cmp *cmps)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr < 0)	/* e.g. poll, open: not on arm64 */
		return 0;
	return seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, nr_cmps, cmps);
}

static int allow_list(scmp_filter_ctx ctx, const char *const *calls,
		      unsigned int n)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < n && !err; i++)
		err = allow(ctx, calls[i], 0, NULL);
	return err;
}

/* ioctl(fd, req): the request compared on its 32 bits, as KVM does */
static int allow_ioctls(scmp_filter_ctx ctx, const unsigned long *req,
			unsigned int n)
{
	struct scmp_arg_cmp c;
	unsigned int i;
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		c = arg_cmp(1, SCMP_CMP_MASKED_EQ, 0xffffffffUL,
			    (uint32_t)req[i]);
		err = allow(ctx, "ioctl", 1, &c);
	}
	return err;
}

/* Makes the call named fail with EPERM (if this architecture has it). */
static int refuse(scmp_filter_ctx ctx, const char *name, unsigned int nr_cmps,
		  const struct scmp_arg_cmp *cmps)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr < 0)	/* readlink, open: not on arm64 */
		return 0;
	return seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO(EPERM), nr, nr_cmps,
				      cmps);
}

/*
 * The sanitizer builds: what a report still reads once sanitizer_prepare()
 * has run fails, and the runtime goes on without it, where a trap would
 * end kvmini in the middle of the report. GCC's UBSan, a library of its
 * own beside ASan, sets itself up at its first report: it reads
 * /proc/self/exe, cmdline and environ (without them: a warning that it
 * has no executable name, and UBSAN_OPTIONS unread), and it probes the
 * memory it dumps through a pipe (without one: "<memory cannot be
 * printed>"). ASan's and TSan's reports of a fatal signal read
 * /proc/self/maps (without it: the copy cached). The main thread, which
 * may read files in these builds, only lacks the pipe. The runtimes open
 * with a bare O_RDONLY and, on x86-64, the old open call, which glibc
 * never makes: there every other open still traps. On arm64, which has
 * only openat, so does any open with another flag (none of kvmini's own
 * opens is a bare O_RDONLY).
 */
static int refuse_runtime_reads(scmp_filter_ctx ctx, bool main_thread)
{
	struct scmp_arg_cmp c;
	int err;

	err = refuse(ctx, "pipe2", 0, NULL);
	if (err || main_thread)
		return err;
	err = refuse(ctx, "readlink", 0, NULL);
	if (!err)
		err = refuse(ctx, "readlinkat", 0, NULL);
	/* x86-64: open(path, flags); arm64 has only openat(dir, path, flags) */
	c = arg_cmp(1, SCMP_CMP_MASKED_EQ, 0xffffffffUL, O_RDONLY);
	if (!err)
		err = refuse(ctx, "open", 1, &c);
	c.arg = 2;
	if (!err && seccomp_syscall_resolve_name("open") < 0)
		err = refuse(ctx, "openat", 1, &c);
	return err;
}

/* What every role allows, with arguments where they narrow it. */
static int allow_common(scmp_filter_ctx ctx)
{
	struct scmp_arg_cmp c;
	int err;

	err = allow_list(ctx, common_calls, ARRAY_SIZE(common_calls));
	if (!err)
		err = allow_ioctls(ctx, common_ioctls,
				   ARRAY_SIZE(common_ioctls));
	/* memory, never executable: malloc arenas and thread stacks */
	c = arg_cmp(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0);
	if (!err)
		err = allow(ctx, "mmap", 1, &c);
	if (!err)
		err = allow(ctx, "mprotect", 1, &c);
	/* fstat(fd) is newfstatat(fd, "", AT_EMPTY_PATH): no path */
	c = arg_cmp(3, SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH, AT_EMPTY_PATH);
	if (!err)
		err = allow(ctx, "newfstatat", 1, &c);
	/* signals to this process's own threads (vCPU kicks, raise) */
	c = arg_cmp(0, SCMP_CMP_EQ, (scmp_datum_t)getpid(), 0);
	if (!err)
		err = allow(ctx, "tgkill", 1, &c);
	if (!err && SANITIZER_RUNTIME)
		err = allow_list(ctx, sanitizer_calls,
				 ARRAY_SIZE(sanitizer_calls));
	return err;
}

static int build(scmp_filter_ctx ctx, enum sandbox_role role,
		 const char *const *calls)
{
	const struct role *r = &roles[role];
	int err;

	err = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_TRAP);
	/*
	 * and in the kernel's log (audit type 1326), which also names a call
	 * where no handler runs: LeakSanitizer's tracer blocks SIGSYS
	 */
	if (!err)
		err = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_LOG, 1);
	if (!err)
		err = allow_common(ctx);
	if (!err)
		err = allow_list(ctx, r->calls, r->nr_calls);
	if (!err && r->serves)
		err = allow_list(ctx, serving, nr_serving);
	for (; !err && calls && *calls; calls++)
		err = allow(ctx, *calls, 0, NULL);
	if (!err)
		err = allow_ioctls(ctx, r->ioctls, r->nr_ioctls);
	if (!err && r->arch_ioctls)
		err = allow_ioctls(ctx, r->arch_ioctls, *r->nr_arch_ioctls);
	if (!err && SANITIZER_RUNTIME && role == SANDBOX_MAIN)
		err = allow_list(ctx, sanitizer_main_calls,
				 ARRAY_SIZE(sanitizer_main_calls));
	if (!err && SANITIZER_RUNTIME)
		err = refuse_runtime_reads(ctx, role == SANDBOX_MAIN);
	return err;
}

int sandbox_parse_selftest(const char *name, int *test)
{
	int i;

	for (i = SANDBOX_SELFTEST_NONE + 1; i < SANDBOX_NR_SELFTESTS; i++) {
		if (strcmp(name, selftests[i].name))
			continue;
		/* undefined behaviour where no sanitizer stops it: no */
		if (!selftests[i].built) {
			err_msg("--seccomp-selftest=%s: this kvmini is not built with that sanitizer (make VARIANT=%s)",
				name, selftests[i].variant);
			return -1;
		}
		*test = i;
		return 0;
	}
	err_msg("--seccomp-selftest: vcpu or device, or either after ubsan-, asan-, tsan- or segv-: '%s' (see kvmini --help)",
		name);
	return -1;
}

/*
 * The self-test's errors. Their values go through relaxed atomics, which
 * order nothing but hide them from the compiler: it must keep each
 * access, and warns of none.
 */
static int planted = INT_MAX;
static char *planted_ptr;
static uintptr_t planted_addr = 16;	/* in the zero page */
static int planted_shared;	/* the race: no lock, on purpose */
static int planted_turn;

/*
 * --seccomp-selftest, in a tested thread after its filter: a call no
 * role allows, or an error its sanitizer reports (parsing refused them
 * in a build without that sanitizer).
 */
static void plant(enum plant what)
{
	int fd, n;

	switch (what) {
	case FORBIDDEN_CALL:
		fd = open("/", O_RDONLY | O_CLOEXEC);
		if (fd >= 0)
			close(fd);
		break;
	case UB:		/* signed overflow */
		n = __atomic_load_n(&planted, __ATOMIC_RELAXED);
		__atomic_store_n(&planted, n + 1, __ATOMIC_RELAXED);
		break;
	case USE_AFTER_FREE:
		__atomic_store_n(&planted_ptr, malloc(8), __ATOMIC_RELAXED);
		free(__atomic_load_n(&planted_ptr, __ATOMIC_RELAXED));
		n = __atomic_load_n(&planted_ptr, __ATOMIC_RELAXED)[0];
		__atomic_store_n(&planted, n, __ATOMIC_RELAXED);
		break;
	case DATA_RACE:
		/*
		 * a read after the main thread's write, which comes once
		 * every thread exists: only a relaxed atomic says when, and
		 * for TSan that orders nothing
		 */
		while (!__atomic_load_n(&planted_turn, __ATOMIC_RELAXED))
			sched_yield();
		__atomic_store_n(&planted, planted_shared, __ATOMIC_RELAXED);
		break;
	case WILD_WRITE:
		*(int *)__atomic_load_n(&planted_addr, __ATOMIC_RELAXED) = 1;
		break;
	}
}

int sandbox_allow_serving(const char *const *calls)
{
	unsigned int i;

	for (; calls && *calls; calls++) {
		for (i = 0; i < nr_serving && strcmp(serving[i], *calls); i++)
			;
		if (i < nr_serving)
			continue;
		if (nr_serving == MAX_SERVING) {
			err_msg("seccomp: more than %d devices' serving calls (%s): raise MAX_SERVING",
				MAX_SERVING, *calls);
			return -1;
		}
		serving[nr_serving++] = *calls;
	}
	return 0;
}

int sandbox_enter(enum sandbox_role role, const char *name,
		  const char *const *calls)
{
	scmp_filter_ctx ctx;
	int err;

	if (enabled) {
		snprintf(thread_name, sizeof(thread_name), "%s", name);
		ctx = seccomp_init(SCMP_ACT_TRAP);
		if (!ctx) {
			err_msg("seccomp: %s thread: seccomp_init failed", name);
			return -1;
		}
		err = build(ctx, role, calls);
		if (!err)
			err = seccomp_load(ctx);
		seccomp_release(ctx);
		if (err) {
			err_msg("seccomp: %s thread: cannot install its filter: %s",
				name, strerror(-err));
			return -1;
		}
	}
	if (selftest == SANDBOX_SELFTEST_NONE)
		return 0;
	if (roles[role].test == selftests[selftest].threads)
		plant(selftests[selftest].plant);
	/* the main thread, filtered last: the race's first write */
	if (role == SANDBOX_MAIN && selftests[selftest].plant == DATA_RACE) {
		planted_shared = 1;
		__atomic_store_n(&planted_turn, 1, __ATOMIC_RELAXED);
	}
	return 0;
}
