/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry of every bare arm64 guest. kvmini sets sp_el1; guest_main's
 * result (x0) is written to the exit register, which ends the run with
 * x0 intact for kvmini's check.
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

	.section .note.GNU-stack, "", @progbits
