// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp allowlists (docs/security.md, "seccomp"): one libseccomp
 * filter per thread role, installed by the thread itself, without TSYNC.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "arch.h"
#include "sandbox.h"
#include "status.h"

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
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZER_RUNTIME	1
#else
#define SANITIZER_RUNTIME	0
#endif

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
 * The main thread after set-up: the monitor (--migrate, --timeout), KVM's
 * statistics, the end: joins, reports, closing and unmapping everything.
 */
static const char *const main_calls[] = {
	"close", "pread64", "lseek", "clock_nanosleep", "sched_setaffinity",
};

/*
 * The sanitizer builds (VARIANT=asan, tsan): a thread's exit frees its
 * alternate signal stack; at exit LeakSanitizer stops the world (a
 * tracer thread cloned from the main thread ptraces every thread and
 * reads /proc) and reads /proc/self/maps. Allowed in those builds only.
 */
static const char *const sanitizer_calls[] = { "sigaltstack" };
static const char *const sanitizer_main_calls[] = {
	"clone", "clone3", "ptrace", "wait4", "prctl", "openat", "open",
	"getdents", "getdents64", "read", "readlink", "readlinkat",
	"getppid", "mmap", "mprotect", "process_vm_readv",
	"sched_getaffinity", "prlimit64", "getrlimit", "tgkill", "kill",
	"newfstatat", "uname",
};

/* ioctls any thread may make: stdio asks whether a stream is a tty */
static const unsigned long common_ioctls[] = { TCGETS, TCSETS };
static const unsigned long vcpu_ioctls[] = { KVM_RUN, KVM_IRQ_LINE };
static const unsigned long irq_ioctls[] = { KVM_IRQ_LINE };
static const unsigned long main_ioctls[] = { KVM_GET_MP_STATE };

struct role {
	const char *const *calls;
	unsigned int nr_calls;
	bool serves;		/* and every device's serving calls */
	const unsigned long *ioctls;
	unsigned int nr_ioctls;
	const unsigned long *arch_ioctls;
	const unsigned int *nr_arch_ioctls;
	enum sandbox_selftest test;
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
		.test = SANDBOX_SELFTEST_VCPU,
	},
	[SANDBOX_POLLER] = {
		.test = SANDBOX_SELFTEST_DEVICE,
	},
	[SANDBOX_VIRTIO] = {
		.calls = wait_calls, .nr_calls = ARRAY_SIZE(wait_calls),
		.test = SANDBOX_SELFTEST_DEVICE,
	},
	[SANDBOX_NET_RX] = {
		.calls = wait_calls, .nr_calls = ARRAY_SIZE(wait_calls),
		.ioctls = irq_ioctls, .nr_ioctls = ARRAY_SIZE(irq_ioctls),
		.test = SANDBOX_SELFTEST_DEVICE,
	},
	[SANDBOX_CONSOLE_IN] = {
		.calls = wait_calls, .nr_calls = ARRAY_SIZE(wait_calls),
		.ioctls = irq_ioctls, .nr_ioctls = ARRAY_SIZE(irq_ioctls),
		.test = SANDBOX_SELFTEST_DEVICE,
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
	return err;
}

/* --seccomp-selftest: a call no role allows */
static void forbidden_call(void)
{
	int fd = open("/", O_RDONLY | O_CLOEXEC);

	if (fd >= 0)
		close(fd);
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
	if (selftest != SANDBOX_SELFTEST_NONE && roles[role].test == selftest)
		forbidden_call();
	return 0;
}
