// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp allowlists without KVM: each test forks a child that
 * installs a role's filter and makes calls; the parent reads the child's
 * stderr and status. A forbidden call is one line and ST_SECCOMP; allowed
 * ones (the ioctl requests, memory that is not executable) go through.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "child.h"
#include "compiler.h"
#include "sandbox.h"
#include "sandbox_bpf.h"
#include "sandbox_lists.h"
#include "status.h"

/* --seccomp-selftest in the child (sandbox_init): none unless a test says */
static int child_selftest;
/* SIGSEGV's handler before cmocka's: the sanitizer's, if any */
static struct sigaction segv_action;

/* The SIGSYS handler's hook, in the child: shows that it ran. */
static void exit_hook(void)
{
	static const char msg[] = "restored\n";

	syscall(SYS_write, STDERR_FILENO, msg, sizeof(msg) - 1);
}

/*
 * Runs fn in a child under role's filter (named "test"), with devices'
 * serving calls added (sandbox_allow_serving) and calls for this thread,
 * its stderr captured in out; returns the child's wait status.
 */
static int in_role_with(enum sandbox_role role, const char *const *serving,
			const char *const *calls, void (*fn)(void), char *out,
			size_t size)
{
	struct child c;

	if (child_fork(&c, -1)) {
		sigaction(SIGSEGV, &segv_action, NULL);
		sandbox_allow_serving(serving);
		if (sandbox_init(true, child_selftest, exit_hook) < 0 ||
		    sandbox_enter(role, "test", calls) < 0)
			syscall(SYS_exit_group, 100);
		fn();
		syscall(SYS_exit_group, 0);
	}
	child_wait(&c, out, size);
	return c.status;
}

static int in_role(enum sandbox_role role, void (*fn)(void), char *out,
		   size_t size)
{
	return in_role_with(role, NULL, NULL, fn, out, size);
}

static void expect_exit(int status, int code)
{
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), code);
}

static void expect_line(const char *out, const char *call, long nr)
{
	char want[160];

	snprintf(want, sizeof(want),
		 "kvmini: seccomp: test thread made a forbidden system call: %s (%ld)\nrestored\n",
		 call, nr);
	assert_string_equal(out, want);
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(sandbox_init(true, SANDBOX_SELFTEST_NONE, NULL), 0);
	assert_true(sandbox_enabled());
	assert_string_equal(sandbox_syscall_name(SYS_openat), "openat");
	assert_string_equal(sandbox_syscall_name(SYS_write), "write");
	assert_string_equal(sandbox_syscall_name(SYS_ioctl), "ioctl");
	assert_string_equal(sandbox_syscall_name(-1), "?");
	assert_string_equal(sandbox_syscall_name(100000), "?");
}

static void open_root(void)
{
	int fd = (int)syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY);

	if (fd >= 0)
		close(fd);
}

static void test_forbidden_call(void **state)
{
	enum sandbox_role role;
	char out[256];

	(void)state;
	for (role = SANDBOX_VCPU; role < SANDBOX_NR_ROLES; role++) {
		expect_exit(in_role(role, open_root, out, sizeof(out)),
			    ST_SECCOMP);
		expect_line(out, "openat", SYS_openat);
	}
}

/* What every role does: write, allocate, free, read the clock. */
static void everyday(void)
{
	struct timespec ts;
	char *big = malloc(1 << 20);	/* mmap */

	assert_non_null(big);
	memset(big, 1, 1 << 20);
	free(big);			/* munmap */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(stderr, "ok %d\n", getpid() > 0);
	fflush(stderr);
}

static void test_allowed_calls(void **state)
{
	enum sandbox_role role;
	char out[256];

	(void)state;
	for (role = SANDBOX_MAIN; role < SANDBOX_NR_ROLES; role++) {
		expect_exit(in_role(role, everyday, out, sizeof(out)), 0);
		assert_string_equal(out, "ok 1\n");
	}
}

/* an ioctl request the vCPU role allows (TCGETS), then one it does not */
static void ioctls(void)
{
	struct termios t;
	int n;

	if (tcgetattr(STDERR_FILENO, &t) == 0 || errno != ENOTTY)
		syscall(SYS_exit_group, 101);
	ioctl(STDERR_FILENO, FIONREAD, &n);
}

static void test_ioctl_requests(void **state)
{
	char out[256];

	(void)state;
	expect_exit(in_role(SANDBOX_VCPU, ioctls, out, sizeof(out)),
		    ST_SECCOMP);
	expect_line(out, "ioctl", SYS_ioctl);
}

static void exec_memory(void)
{
	mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
	     -1, 0);
}

static void test_no_executable_memory(void **state)
{
	char out[256];

	(void)state;
	expect_exit(in_role(SANDBOX_POLLER, exec_memory, out, sizeof(out)),
		    ST_SECCOMP);
	expect_line(out, "mmap", SYS_mmap);
}

static const char *const rng_calls[] = { "getrandom", NULL };
static const char *const blk_calls[] = {
	"pread64", "pwrite64", "fdatasync", NULL,
};

static void random_bytes(void)
{
	char b[8];

	syscall(SYS_getrandom, b, sizeof(b), 0);
}

static void read_disk(void)
{
	char b[8];

	syscall(SYS_pread64, STDIN_FILENO, b, sizeof(b), 0);
	fprintf(stderr, "read\n");
}

/*
 * A device's serving calls: a vCPU may make those of the devices present
 * (a bare guest's vCPU no getrandom), a device's thread its own only.
 */
static void test_serving_calls(void **state)
{
	char out[256];

	(void)state;
	expect_exit(in_role(SANDBOX_VCPU, random_bytes, out, sizeof(out)),
		    ST_SECCOMP);
	expect_line(out, "getrandom", SYS_getrandom);
	expect_exit(in_role_with(SANDBOX_VCPU, rng_calls, NULL, random_bytes,
				  out, sizeof(out)), 0);
	expect_exit(in_role_with(SANDBOX_VCPU, blk_calls, NULL, random_bytes,
				  out, sizeof(out)), ST_SECCOMP);
	expect_line(out, "getrandom", SYS_getrandom);
	/* virtio-blk's thread, rng present: its own calls only */
	expect_exit(in_role_with(SANDBOX_VIRTIO, rng_calls, blk_calls,
				  read_disk, out, sizeof(out)), 0);
	assert_string_equal(out, "read\n");
	expect_exit(in_role_with(SANDBOX_VIRTIO, rng_calls, blk_calls,
				  random_bytes, out, sizeof(out)), ST_SECCOMP);
	expect_line(out, "getrandom", SYS_getrandom);
}

/*
 * What only the sanitizer builds' runtimes call in a report: a pipe
 * probing memory and, but in the main thread, their reads of /proc/self
 * fail there (EPERM), and trap in the release build like any other
 * forbidden call.
 */
static void read_link(void)
{
	char b[64];
	long n = syscall(SYS_readlink, "/proc/self/exe", b, sizeof(b));

	fprintf(stderr, "%ld %d\n", n, n < 0 ? errno : 0);
}

static void make_pipe(void)
{
	int p[2];
	long n = syscall(SYS_pipe2, p, 0);

	fprintf(stderr, "%ld %d\n", n, n < 0 ? errno : 0);
}

static void test_runtime_reads(void **state)
{
	const bool sanitizer = KVMINI_ASAN || KVMINI_TSAN || KVMINI_UBSAN;
	enum sandbox_role role;
	char out[256];
	int status;

	(void)state;
	for (role = SANDBOX_MAIN; role < SANDBOX_NR_ROLES; role++) {
		status = in_role(role, make_pipe, out, sizeof(out));
		if (sanitizer) {
			expect_exit(status, 0);
			assert_string_equal(out, "-1 1\n");	/* EPERM */
		} else {
			expect_exit(status, ST_SECCOMP);
			expect_line(out, "pipe2", SYS_pipe2);
		}
		/* reads /proc: LeakSanitizer */
		if (role == SANDBOX_MAIN || role == SANDBOX_MAIN_VCPU)
			continue;
		status = in_role(role, read_link, out, sizeof(out));
		if (sanitizer) {
			expect_exit(status, 0);
			assert_string_equal(out, "-1 1\n");
		} else {
			expect_exit(status, ST_SECCOMP);
			expect_line(out, "readlink", SYS_readlink);
		}
	}
	/* glibc's opens (O_CLOEXEC) trap in every build */
	expect_exit(in_role(SANDBOX_VCPU, open_root, out, sizeof(out)),
		    ST_SECCOMP);
	expect_line(out, "openat", SYS_openat);
}

static void nothing(void)
{
}

/* sandbox_parse_selftest(name) in a child (in_child): 0, or 1 for -1 */
static int parse_selftest(const void *name)
{
	int test;

	return sandbox_parse_selftest(name, &test) < 0;
}

/*
 * --seccomp-selftest's sanitizer errors, in every role that has a thread
 * a self-test reaches: the sanitizer's report gets out (what, and where
 * in the source), and its status, not the filter's line and 12. A build
 * without that sanitizer refuses the value. Here the tested thread is
 * the child's main thread: the race needs another one, and TSan unwinds
 * a main thread's stack through /proc/self/maps (glibc's
 * pthread_getattr_np), which only the main role may read; the
 * integration suite plants both in kvmini's own threads.
 */
static void test_sanitizer_reports(void **state)
{
	static const struct {
		const char *name;
		bool built;		/* the build has that sanitizer */
		const char *what;	/* its report, where a child shows it */
	} errors[] = {
		{ "ubsan-vcpu", KVMINI_UBSAN,
		  "runtime error: signed integer overflow" },
		{ "asan-vcpu", KVMINI_ASAN,
		  "ERROR: AddressSanitizer: heap-use-after-free" },
		{ "segv-vcpu", KVMINI_ASAN || KVMINI_TSAN, KVMINI_ASAN ?
		  "ERROR: AddressSanitizer: SEGV on unknown address" : NULL },
		{ "tsan-vcpu", KVMINI_TSAN, NULL },
	};
	enum sandbox_role role;
	static char out[32768];
	char name[32];
	unsigned int i;
	int status;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(errors); i++) {
		assert_int_equal(in_child(parse_selftest, errors[i].name, out,
						sizeof(out)), !errors[i].built);
		if (!errors[i].built)
			assert_non_null(strstr(out, "not built with that sanitizer"));
		if (!errors[i].built || !errors[i].what)
			continue;
		for (role = SANDBOX_VCPU; role < SANDBOX_NR_ROLES; role++) {
			/* the device threads' value for the other roles */
			snprintf(name, sizeof(name), "%.*s-device",
				 (int)strcspn(errors[i].name, "-"),
				 errors[i].name);
			assert_int_equal(sandbox_parse_selftest(
				role == SANDBOX_VCPU ? errors[i].name : name,
				&child_selftest), 0);
			status = in_role(role, nothing, out, sizeof(out));
			assert_true(WIFEXITED(status));
			assert_int_not_equal(WEXITSTATUS(status), 0);
			assert_int_not_equal(WEXITSTATUS(status), ST_SECCOMP);
			assert_non_null(strstr(out, errors[i].what));
			assert_non_null(strstr(out, "src/sandbox.c:"));
			assert_null(strstr(out, "kvmini: seccomp"));
		}
	}
	child_selftest = SANDBOX_SELFTEST_NONE;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_forbidden_call),
		cmocka_unit_test(test_allowed_calls),
		cmocka_unit_test(test_ioctl_requests),
		cmocka_unit_test(test_no_executable_memory),
		cmocka_unit_test(test_serving_calls),
		cmocka_unit_test(test_runtime_reads),
		cmocka_unit_test(test_sanitizer_reports),
	};

	sigaction(SIGSEGV, NULL, &segv_action);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
