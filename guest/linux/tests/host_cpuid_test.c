// SPDX-License-Identifier: GPL-2.0
/*
 * host_cpuid_test [N [CPUS]]: calls system call 436 (host_cpuid) as the
 * assignment's test program does, syscall(436) with no arguments, N times,
 * and then on until it has seen CPUS different host CPUs (default 1: a
 * test that expects migration waits for it instead of guessing how long
 * it takes), and prints how often each host CPU was reported. Gives up
 * with status 1 after MAX_CALLS calls.
 *
 * Every other call fills the six argument registers with garbage first,
 * among it close_range()'s own arguments: in a boot where 436 is
 * host_cpuid() (kernel parameter host_cpuid_436) none of it matters and
 * no descriptor is ever closed, which the test checks after each call.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NR_HOST_CPUID	436
#define MAX_CPUS	64
#define MAX_CALLS	100000000L

/* the arguments close_range() would act on: fd 3 up, all of them */
static const unsigned long close_all[6] = { 3, ~0UL, 0, 0, 0, 0 };

/* a xorshift generator: garbage that differs from call to call */
static uint64_t garbage(void)
{
	static uint64_t x = 0x9e3779b97f4a7c15ULL;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

/* 436 with the argument registers x0-x5 set to a[] */
static long call_with(const unsigned long a[6])
{
#if defined(__aarch64__)
	register unsigned long x0 __asm__("x0") = a[0];
	register unsigned long x1 __asm__("x1") = a[1];
	register unsigned long x2 __asm__("x2") = a[2];
	register unsigned long x3 __asm__("x3") = a[3];
	register unsigned long x4 __asm__("x4") = a[4];
	register unsigned long x5 __asm__("x5") = a[5];
	register unsigned long x8 __asm__("x8") = NR_HOST_CPUID;

	__asm__ volatile("svc #0" : "+r"(x0)
			 : "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5), "r"(x8)
			 : "memory");
	if ((long)x0 < 0 && (long)x0 > -4096) {
		errno = -(long)x0;
		return -1;
	}
	return x0;
#else
	return syscall(NR_HOST_CPUID, a[0], a[1], a[2], a[3], a[4], a[5]);
#endif
}

static long one_call(long i)
{
	unsigned long a[6];
	int r;

	if (i % 2 == 0)
		return syscall(NR_HOST_CPUID);	/* as the assignment calls it */
	if (i % 4 == 1)
		return call_with(close_all);
	for (r = 0; r < 6; r++)
		a[r] = garbage();
	return call_with(a);
}

int main(int argc, char **argv)
{
	static long seen[MAX_CPUS];
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 1000, i, cpu;
	long want = argc > 2 ? strtol(argv[2], NULL, 0) : 1, distinct = 0;
	int fd = open("/dev/null", O_RDONLY);

	if (fd < 3) {
		printf("host_cpuid: cannot open a descriptor to watch\n");
		return 1;
	}
	for (i = 0; i < n || distinct < want; i++) {
		if (i == MAX_CALLS) {
			printf("host_cpuid: %ld calls saw only %ld CPUs\n", i,
			       distinct);
			return 1;
		}
		cpu = one_call(i);
		if (cpu < 0) {
			printf("host_cpuid: call %ld: %s\n", i, strerror(errno));
			return 1;
		}
		if (cpu >= MAX_CPUS) {
			printf("host_cpuid: implausible CPU %ld\n", cpu);
			return 1;
		}
		if (fcntl(fd, F_GETFD) < 0) {
			printf("host_cpuid: call %ld closed descriptor %d\n", i,
			       fd);
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
