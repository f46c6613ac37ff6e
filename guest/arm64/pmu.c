// SPDX-License-Identifier: GPL-2.0
/*
 * The vCPU's PMU as the guest sees it: ID_AA64DFR0_EL1.PMUVer (bits
 * 11:8) names a PMUv3 only with --pmu; then PMCR_EL0.N, its event
 * counters, and whether the cycle counter counts. Prints what it found.
 */
#include "guest.h"

#define PMCR_E		(1u << 0)	/* counters enabled */
#define PMCR_N(v)	(((v) >> 11) & 0x1f)
#define PMCNTEN_C	(1u << 31)	/* the cycle counter */

unsigned long guest_main(void)
{
	uint64_t dfr0, pmcr, c0, c1;
	unsigned int ver;
	int i;

	asm volatile("mrs %0, id_aa64dfr0_el1" : "=r"(dfr0));
	ver = (dfr0 >> 8) & 0xf;
	if (ver == 0 || ver == 0xf) {	/* none, or IMPLEMENTATION DEFINED */
		con_puts("pmu: none\n");
		return guest_pass();
	}
	asm volatile("mrs %0, pmcr_el0" : "=r"(pmcr));
	asm volatile("msr pmcntenset_el0, %0" : : "r"((uint64_t)PMCNTEN_C));
	asm volatile("msr pmcr_el0, %0; isb" : : "r"(pmcr | PMCR_E));
	asm volatile("mrs %0, pmccntr_el0" : "=r"(c0));
	for (i = 0; i < 1000; i++)
		asm volatile("nop");
	asm volatile("isb; mrs %0, pmccntr_el0" : "=r"(c1));
	con_puts("pmu: PMUv3, ");
	con_puts(PMCR_N(pmcr) ? "event counters, " : "no event counters, ");
	con_puts(c1 > c0 ? "cycles counted\n" : "cycles not counted\n");
	return guest_pass();
}
