// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp allowlists without KVM: each test forks a child that
 * installs a role's filter and makes calls; the parent reads the child's
 * stderr and status. A forbidden call is one line and ST_SECCOMP; allowed
 * ones (the ioctl requests, memory that is not executable) go through.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
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

#include "sandbox.h"
#include "status.h"

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
static int in_child_with(enum sandbox_role role, const char *const *serving,
			 const char *const *calls, void (*fn)(void), char *out,
			 size_t size)
{
	int p[2], status;
	ssize_t n, got = 0;
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(p[1], STDERR_FILENO);
		sandbox_allow_serving(serving);
		if (sandbox_init(true, SANDBOX_SELFTEST_NONE, exit_hook) < 0 ||
		    sandbox_enter(role, "test", calls) < 0)
			syscall(SYS_exit_group, 100);
		fn();
		syscall(SYS_exit_group, 0);
	}
	close(p[1]);
	while (got < (ssize_t)size - 1 &&
	       (n = read(p[0], out + got, size - 1 - (size_t)got)) > 0)
		got += n;
	out[got] = '\0';
	close(p[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static int in_child(enum sandbox_role role, void (*fn)(void), char *out,
		    size_t size)
{
	return in_child_with(role, NULL, NULL, fn, out, size);
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
		expect_exit(in_child(role, open_root, out, sizeof(out)),
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
		expect_exit(in_child(role, everyday, out, sizeof(out)), 0);
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
	expect_exit(in_child(SANDBOX_VCPU, ioctls, out, sizeof(out)),
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
	expect_exit(in_child(SANDBOX_POLLER, exec_memory, out, sizeof(out)),
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
	expect_exit(in_child(SANDBOX_VCPU, random_bytes, out, sizeof(out)),
		    ST_SECCOMP);
	expect_line(out, "getrandom", SYS_getrandom);
	expect_exit(in_child_with(SANDBOX_VCPU, rng_calls, NULL, random_bytes,
				  out, sizeof(out)), 0);
	expect_exit(in_child_with(SANDBOX_VCPU, blk_calls, NULL, random_bytes,
				  out, sizeof(out)), ST_SECCOMP);
	expect_line(out, "getrandom", SYS_getrandom);
	/* virtio-blk's thread, rng present: its own calls only */
	expect_exit(in_child_with(SANDBOX_VIRTIO, rng_calls, blk_calls,
				  read_disk, out, sizeof(out)), 0);
	assert_string_equal(out, "read\n");
	expect_exit(in_child_with(SANDBOX_VIRTIO, rng_calls, blk_calls,
				  random_bytes, out, sizeof(out)), ST_SECCOMP);
	expect_line(out, "getrandom", SYS_getrandom);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
