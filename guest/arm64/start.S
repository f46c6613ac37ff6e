/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry of every bare arm64 guest. kvmini sets sp_el1; guest_main's
 * result (x0) is written to the exit register, which ends the run with
 * x0 intact for kvmini's check. Secondary vCPUs wait for PSCI CPU_ON.
 */
#include "kvmini/arch/arm64.h"

	.section .text.start, "ax"
	.globl _start
_start:
	bl	guest_main
	ldr	x1, =KVMINI_EXIT_BASE
	str	x0, [x1]
1:	wfi
	b	1b

/*
 * A secondary vCPU started by PSCI CPU_ON with context_id = its stack
 * top: runs guest_secondary(), which a guest that starts secondaries
 * defines, then waits for the end of the run.
 */
	.weak guest_secondary
	.globl _secondary_start
_secondary_start:
	mov	sp, x0
	bl	guest_secondary
2:	wfi
	b	2b

	.section .note.GNU-stack, "", @progbits
