// SPDX-License-Identifier: GPL-2.0
/*
 * HIDE/SEEK under concurrency (2 vCPUs): vCPU 0 writes every byte value
 * to HIDE and reads it back from SEEK, ITERATIONS times, while vCPU 1
 * reads, writes and executes the target page without pause. A SEEK that
 * differs from the HIDE before it is a lost byte; a HIDE that made the
 * page non-executable would leave vCPU 1 faulting forever (kvmini's
 * --timeout ends such a run).
 *
 * The vCPUs share only flags, each written by one vCPU (no atomics: the
 * MMU is off, memory is Device): vCPU 0 starts its loop once vCPU 1 is
 * in its own, and reports once vCPU 1 has stopped.
 */
#include "guest.h"

#define ITERATIONS	100000
#define CODE		(KVMINI_HIDESEEK_TARGET + 0x800)	/* a "ret" */
#define DATA		(KVMINI_HIDESEEK_TARGET + 0x900)
#define INSN_RET	0xd65f03c0

/* flags shared by the vCPUs: single loads and stores (mmio_r32/w32) */
static uint32_t started, done, stopped, other_ops;
static alignas(16) uint64_t stack1[1024];

#define GET(flag)	mmio_r32((uintptr_t)&(flag))
#define SET(flag, v)	mmio_w32((uintptr_t)&(flag), (v))

void guest_secondary(void)
{
	void (*ret_from_page)(void) = (void (*)(void))CODE;
	uint32_t n = 0;

	SET(started, 1);
	while (!GET(done)) {
		mmio_w32(DATA, mmio_r32(DATA) + 1);
		ret_from_page();
		n++;
	}
	SET(other_ops, n);
	SET(stopped, 1);
}

unsigned long guest_main(void)
{
	uint64_t i, lost = 0;
	uint8_t v, got;

	mmio_w32(CODE, INSN_RET);
	sync_icache(CODE);
	if (psci_cpu_on(1, (uintptr_t)_secondary_start,
			(uintptr_t)&stack1[1024]) != 0)
		return guest_fail("PSCI CPU_ON of vCPU 1");
	while (!GET(started))
		;
	for (i = 0; i < ITERATIONS; i++) {
		v = (uint8_t)(i * 37 + 11);	/* all 256 values, shuffled */
		mmio_w8(KVMINI_HIDE, v);
		got = mmio_r8(KVMINI_SEEK);
		if (got != v && lost++ < 5) {
			con_puts("HIDE ");
			con_putx(v);
			con_puts(" SEEK ");
			con_putx(got);
			con_puts("\n");
		}
	}
	SET(done, 1);
	while (!GET(stopped))
		;
	con_puts("iterations ");
	con_putu(ITERATIONS);
	con_puts(" lost ");
	con_putu(lost);
	con_puts(" vcpu1-rounds ");
	con_putu(GET(other_ops));
	con_puts("\n");
	if (lost)
		return guest_fail("HIDE/SEEK lost bytes");
	return GET(other_ops) ? guest_pass() : guest_fail("vCPU 1 did nothing");
}
