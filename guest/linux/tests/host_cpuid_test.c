// SPDX-License-Identifier: GPL-2.0
/*
 * host_cpuid_test [N]: calls system call 436 (host_cpuid) N times and
 * prints how often each host CPU was reported.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NR_HOST_CPUID	436
#define MAX_CPUS	64

int main(int argc, char **argv)
{
	static long seen[MAX_CPUS];
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 1000, i, cpu;

	for (i = 0; i < n; i++) {
		cpu = syscall(NR_HOST_CPUID);
		if (cpu < 0) {
			printf("host_cpuid: %s\n", strerror(errno));
			return 1;
		}
		if (cpu >= MAX_CPUS) {
			printf("host_cpuid: implausible CPU %ld\n", cpu);
			return 1;
		}
		seen[cpu]++;
	}
	printf("host_cpuid: %ld calls;", n);
	for (cpu = 0; cpu < MAX_CPUS; cpu++)
		if (seen[cpu])
			printf(" cpu%ld=%ld", cpu, seen[cpu]);
	printf("\n");
	return 0;
}
