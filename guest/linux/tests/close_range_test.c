// SPDX-License-Identifier: GPL-2.0
/*
 * close_range_test: close_range() (system call 436) works in a boot of a
 * guest kernel that can make 436 host_cpuid() but was not asked to (no
 * host_cpuid_436 parameter): a range is closed, CLOSE_RANGE_CLOEXEC marks
 * descriptors, a bad range fails with EINVAL, and 436 with three zero
 * arguments is close_range(0, 0, 0), which closes descriptor 0. Prints
 * "close_range: ok", or what failed (status 1).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NR_SHARED	436

static int failed;

static void expect(const char *what, int ok)
{
	if (!ok) {
		printf("close_range: FAIL %s (errno %s)\n", what, strerror(errno));
		failed = 1;
	}
}

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

int main(void)
{
	int fd[4], i;

	for (i = 0; i < 4; i++) {
		fd[i] = open("/dev/null", O_RDONLY);
		if (fd[i] < 0) {
			perror("open /dev/null");
			return 1;
		}
	}
	/* fd[0..3] are consecutive: close the last two */
	expect("close_range(fd2, ~0U, 0) returns 0",
	       close_range(fd[2], ~0U, 0) == 0);
	expect("fd2 and fd3 closed", !is_open(fd[2]) && !is_open(fd[3]));
	expect("fd0 and fd1 still open", is_open(fd[0]) && is_open(fd[1]));
	expect("CLOSE_RANGE_CLOEXEC returns 0",
	       close_range(fd[1], fd[1], CLOSE_RANGE_CLOEXEC) == 0);
	expect("fd1 is close-on-exec, fd0 is not",
	       fcntl(fd[1], F_GETFD) == FD_CLOEXEC &&
	       fcntl(fd[0], F_GETFD) == 0);
	errno = 0;
	expect("close_range(fd1, fd0, 0) fails with EINVAL",
	       close_range(fd[1], fd[0], 0) == -1 && errno == EINVAL);
	expect("fd 0 open", is_open(0));
	expect("436 with zero arguments returns 0",
	       syscall(NR_SHARED, 0, 0, 0) == 0);
	expect("... having closed fd 0 only", !is_open(0) && is_open(fd[0]));
	if (!failed)
		printf("close_range: ok\n");
	return failed;
}
