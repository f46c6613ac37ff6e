// SPDX-License-Identifier: GPL-2.0
/*
 * CPUID 0x4FFFFFFF from a bare guest on every vCPU at once: each vCPU
 * executes CALLS CPUIDs (each one an exit); vCPU 0 reports the leaf
 * before and after, once the others are done, in the assignment's format.
 */
#include "guest.h"

#define LEAF	0x4fffffff
#define CALLS	200

static unsigned int finished;

static void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c)
{
	uint32_t d;

	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(d)
		     : "a"(leaf), "c"(0));
}

static void sample(uint32_t *exits, uint64_t *cycles)
{
	uint32_t hi, lo;

	cpuid(LEAF, exits, &hi, &lo);
	*cycles = ((uint64_t)hi << 32) | lo;
	con_puts("CPUID(0x4FFFFFFF), exits=");
	con_putu(*exits);
	con_puts(", cycles spent in exit=");
	con_putu(*cycles);
	con_puts("\n");
}

unsigned long guest_main(unsigned long cpu, unsigned long ncpus)
{
	uint32_t a, b, c, e1, e2;
	uint64_t c1, c2;
	int i;

	if (cpu) {
		for (i = 0; i < CALLS; i++)
			cpuid(LEAF, &a, &b, &c);
		__atomic_add_fetch(&finished, 1, __ATOMIC_RELEASE);
		return 0;
	}
	sample(&e1, &c1);
	for (i = 0; i < CALLS; i++)
		cpuid(LEAF, &a, &b, &c);
	while (__atomic_load_n(&finished, __ATOMIC_ACQUIRE) < ncpus - 1)
		;
	sample(&e2, &c2);
	if (e2 <= e1 || c2 <= c1)
		return guest_fail("CPUID 0x4FFFFFFF: exits or cycles did not grow");
	if (e2 - e1 < CALLS * ncpus)
		return guest_fail("CPUID 0x4FFFFFFF: fewer exits than CPUIDs");
	return guest_pass();
}
