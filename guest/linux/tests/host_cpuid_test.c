// SPDX-License-Identifier: GPL-2.0
/*
 * host_cpuid_test [N [CPUS]]: calls system call 436 (host_cpuid) N times,
 * and then on until it has seen CPUS different host CPUs (default 1: a
 * test that expects migration waits for it instead of guessing how long
 * it takes), and prints how often each host CPU was reported. Gives up
 * with status 1 after MAX_CALLS calls.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* 436 with three zero arguments: close_range() otherwise (0004) */
#define NR_HOST_CPUID	436
#define MAX_CPUS	64
#define MAX_CALLS	100000000L

int main(int argc, char **argv)
{
	static long seen[MAX_CPUS];
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 1000, i, cpu;
	long want = argc > 2 ? strtol(argv[2], NULL, 0) : 1, distinct = 0;

	for (i = 0; i < n || distinct < want; i++) {
		if (i == MAX_CALLS) {
			printf("host_cpuid: %ld calls saw only %ld CPUs\n", i,
			       distinct);
			return 1;
		}
		cpu = syscall(NR_HOST_CPUID, 0, 0, 0);
		if (cpu < 0) {
			printf("host_cpuid: %s\n", strerror(errno));
			return 1;
		}
		if (cpu >= MAX_CPUS) {
			printf("host_cpuid: implausible CPU %ld\n", cpu);
			return 1;
		}
		if (!seen[cpu]++)
			distinct++;
	}
	printf("host_cpuid: %ld calls;", i);
	for (cpu = 0; cpu < MAX_CPUS; cpu++)
		if (seen[cpu])
			printf(" cpu%ld=%ld", cpu, seen[cpu]);
	printf("\n");
	return 0;
}
