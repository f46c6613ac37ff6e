// SPDX-License-Identifier: GPL-2.0
/*
 * cpuid_exits [N]: prints CPUID leaf 0x4FFFFFFF (this VM's exits and the
 * cycles KVM spent handling them) before and after N more CPUIDs; exit
 * status 0 when both grew by at least N.
 *
 * cpuid_exits --during CMD [ARG...]: reads the leaf and the monotonic
 * clock, runs CMD, reads both again, and prints the exits CMD's time
 * took, their rate and their average cost; CMD's exit status is its own.
 */
#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LEAF	0x4fffffff

static void read_leaf(unsigned int *exits, unsigned long long *cycles)
{
	unsigned int a, b, c, d;

	__cpuid(LEAF, a, b, c, d);
	*exits = a;
	*cycles = ((unsigned long long)b << 32) | c;
}

static void sample(unsigned int *exits, unsigned long long *cycles)
{
	read_leaf(exits, cycles);
	printf("CPUID(0x4FFFFFFF), exits=%u, cycles spent in exit=%llu\n",
	       *exits, *cycles);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int during(char **cmd)
{
	unsigned int e1, e2;
	unsigned long long c1, c2;
	double t1, t2;
	int status;
	pid_t pid;

	fflush(stdout);
	t1 = now();
	read_leaf(&e1, &c1);
	pid = fork();
	if (pid == 0) {
		execvp(cmd[0], cmd);
		perror(cmd[0]);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		perror("cpuid_exits: fork");
		return 1;
	}
	read_leaf(&e2, &c2);
	t2 = now();
	printf("cpuid_exits: while %s ran: %u exits in %.3f s, %.0f exits/s, %llu cycles/exit\n",
	       cmd[0], e2 - e1, t2 - t1, (e2 - e1) / (t2 - t1),
	       e2 > e1 ? (c2 - c1) / (e2 - e1) : 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 1000, i;
	unsigned int e1, e2, a, b, c, d;
	unsigned long long c1, c2;

	if (argc > 2 && !strcmp(argv[1], "--during"))
		return during(argv + 2);
	sample(&e1, &c1);
	for (i = 0; i < n; i++)
		__cpuid(LEAF, a, b, c, d);
	sample(&e2, &c2);
	if (e2 - e1 < n || c2 <= c1) {
		printf("cpuid_exits: exits or cycles did not grow by %ld\n", n);
		return 1;
	}
	return 0;
}
