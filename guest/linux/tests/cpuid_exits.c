// SPDX-License-Identifier: GPL-2.0
/*
 * cpuid_exits [N]: prints CPUID leaf 0x4FFFFFFF (this VM's exits and the
 * cycles KVM spent handling them) before and after N more CPUIDs; exit
 * status 0 when both grew by at least N.
 */
#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>

#define LEAF	0x4fffffff

static void sample(unsigned int *exits, unsigned long long *cycles)
{
	unsigned int a, b, c, d;

	__cpuid(LEAF, a, b, c, d);
	*exits = a;
	*cycles = ((unsigned long long)b << 32) | c;
	printf("CPUID(0x4FFFFFFF), exits=%u, cycles spent in exit=%llu\n",
	       *exits, *cycles);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 1000, i;
	unsigned int e1, e2, a, b, c, d;
	unsigned long long c1, c2;

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
