// SPDX-License-Identifier: GPL-2.0
/*
 * host_cpuid from a bare guest: many calls, each answer a plausible host
 * CPU; prints how often each CPU was seen and the mean cost of a call.
 * Then one call with a non-zero argument, which must be refused with
 * INVALID_PARAMETER.
 */
#include "guest.h"

#define CALLS		500
#define MAX_CPUS	64

unsigned long guest_main(void)
{
	static unsigned int seen[MAX_CPUS];
	uint64_t t0, ticks;
	int i, cpu;

	t0 = cntvct();
	for (i = 0; i < CALLS; i++) {
		cpu = (int)smccc_hvc(KVMINI_HOST_CPUID_FUNC);	/* SMC32 */
		if (cpu == KVMINI_SMCCC_NOT_SUPPORTED)
			return guest_fail("host_cpuid: NOT_SUPPORTED");
		if (cpu < 0 || cpu >= MAX_CPUS)
			return guest_fail("host_cpuid: implausible CPU number");
		seen[cpu]++;
	}
	ticks = cntvct() - t0;
	con_puts("host_cpuid: ");
	con_putu(CALLS);
	con_puts(" calls, ");
	con_putu(ticks * 1000000000 / cntfrq() / CALLS);
	con_puts(" ns/call;");
	for (cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (!seen[cpu])
			continue;
		con_puts(" cpu");
		con_putu(cpu);
		con_puts("=");
		con_putu(seen[cpu]);
	}
	con_puts("\n");
	if ((int)smccc_hvc3(KVMINI_HOST_CPUID_FUNC, 1, 0, 0) !=
	    KVMINI_SMCCC_INVALID_PARAMETER)
		return guest_fail("host_cpuid: a non-zero argument accepted");
	return guest_pass();
}
