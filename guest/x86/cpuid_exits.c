// SPDX-License-Identifier: GPL-2.0
/*
 * CPUID 0x4FFFFFFF from a bare guest on every vCPU at once: each vCPU
 * executes CALLS CPUIDs (each one an exit); vCPU 0 reports the leaf
 * before and after, once the others are done, in the assignment's format.
 *
 * vCPU threads start one after another, so a vCPU may run long before
 * the others. Every vCPU therefore first waits at a start barrier, and
 * none starts its CPUIDs before vCPU 0 has taken its first sample: all
 * CALLS * ncpus CPUIDs then fall between the two samples.
 */
#include "guest.h"

#define LEAF	0x4fffffff
#define CALLS	200

static unsigned int arrived;	/* vCPUs at the start barrier */
static unsigned int started;	/* set by vCPU 0 after its first sample */
static unsigned int finished;	/* vCPUs other than 0 done with CPUIDs */

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

static void wait_until(const unsigned int *v, unsigned int n)
{
	while (__atomic_load_n(v, __ATOMIC_ACQUIRE) < n)
		;
}

static void calls(void)
{
	uint32_t a, b, c;
	int i;

	for (i = 0; i < CALLS; i++)
		cpuid(LEAF, &a, &b, &c);
}

unsigned long guest_main(unsigned long cpu, unsigned long ncpus)
{
	uint32_t e1, e2;
	uint64_t c1, c2;

	__atomic_add_fetch(&arrived, 1, __ATOMIC_ACQ_REL);
	if (cpu) {
		wait_until(&started, 1);
		calls();
		__atomic_add_fetch(&finished, 1, __ATOMIC_RELEASE);
		return 0;
	}
	wait_until(&arrived, (unsigned int)ncpus);
	sample(&e1, &c1);
	__atomic_store_n(&started, 1, __ATOMIC_RELEASE);
	calls();
	wait_until(&finished, (unsigned int)ncpus - 1);
	sample(&e2, &c2);
	if (e2 <= e1 || c2 <= c1)
		return guest_fail("CPUID 0x4FFFFFFF: exits or cycles did not grow");
	if (e2 - e1 < CALLS * ncpus)
		return guest_fail("CPUID 0x4FFFFFFF: fewer exits than CPUIDs");
	return guest_pass();
}
