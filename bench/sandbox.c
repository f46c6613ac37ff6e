// SPDX-License-Identifier: GPL-2.0
/*
 * make bench-sandbox: what a start's seccomp set-up costs, without KVM
 * (docs/performance.md). Each sample is a forked child, a fresh process
 * as each start is, timing sandbox_allow_serving (virtio-blk's calls)
 * and sandbox_init, then sandbox_enter of one role: the main thread's or
 * a vCPU's. Beside them, the kernel's part alone: seccomp(2) of a
 * one-instruction filter. Medians in microseconds; argument: samples
 * per figure (default 301).
 */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox.h"

#define SAMPLES		301

enum figure { INIT, MAIN, VCPU, KERNEL, NR_FIGURES };

static const char *const blk_calls[] = {
	"pread64", "pwrite64", "fdatasync", NULL,
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* the child: times[0] after set-up, times[1] after the filter */
static void child(enum figure what, int fd)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K,
					    SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };
	double t0, times[2];

	t0 = now_us();
	if (what == KERNEL) {
		times[0] = now_us() - t0;
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			    SECCOMP_FILTER_FLAG_LOG, &prog) < 0)
			_exit(1);
	} else {
		if (sandbox_allow_serving(blk_calls) < 0 ||
		    sandbox_init(true, SANDBOX_SELFTEST_NONE, NULL) < 0)
			_exit(1);
		times[0] = now_us() - t0;
		if (what != INIT &&
		    sandbox_enter(what == MAIN ? SANDBOX_MAIN : SANDBOX_VCPU,
				  "bench", NULL) < 0)
			_exit(1);
	}
	times[1] = now_us() - t0;
	/* write and exit_group: every role allows them */
	if (write(fd, times, sizeof(times)) != sizeof(times))
		_exit(1);
	_exit(0);
}

static int sample(enum figure what, double *set_up, double *total)
{
	double times[2];
	int p[2], status;
	pid_t pid;
	ssize_t n;

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		child(what, p[1]);
	}
	close(p[1]);
	n = pid < 0 ? -1 : read(p[0], times, sizeof(times));
	close(p[0]);
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) || n != sizeof(times))
		return -1;
	*set_up = times[0];
	*total = times[1];
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const what[NR_FIGURES] = {
		[INIT] = "sandbox_init alone",
		[MAIN] = "and SANDBOX_MAIN's filter",
		[VCPU] = "and SANDBOX_VCPU's filter",
		[KERNEL] = "seccomp(2) of a one-instruction filter",
	};
	double *t[NR_FIGURES], med[NR_FIGURES], set_up;
	int samples = argc > 1 ? atoi(argv[1]) : SAMPLES;
	int i, f;

	if (samples < 1) {
		fprintf(stderr, "usage: %s [SAMPLES]\n", argv[0]);
		return 2;
	}
	for (f = 0; f < NR_FIGURES; f++) {
		t[f] = calloc(samples, sizeof(*t[f]));
		if (!t[f])
			return 1;
	}
	/* interleaved, so that drift hits every figure alike */
	for (i = 0; i < samples; i++) {
		for (f = 0; f < NR_FIGURES; f++) {
			if (sample(f, &set_up, &t[f][i]) < 0) {
				fprintf(stderr, "bench-sandbox: a child failed (%s): no seccomp filters here?\n",
					what[f]);
				return 1;
			}
		}
	}
	printf("seccomp set-up, without KVM: median of %d forked children, us\n",
	       samples);
	for (f = 0; f < NR_FIGURES; f++) {
		qsort(t[f], samples, sizeof(*t[f]), cmp);
		med[f] = t[f][samples / 2];
		printf("  %-40s %7.0f\n", what[f], med[f]);
	}
	printf("  %-40s %7.0f\n", "a start's: init, main and one vCPU",
	       med[MAIN] + med[VCPU] - med[INIT]);
	for (f = 0; f < NR_FIGURES; f++)
		free(t[f]);
	return 0;
}
