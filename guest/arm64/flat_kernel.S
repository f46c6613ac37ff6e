/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A flat binary booted as a kernel (--flat-kernel), as kvm-unit-tests'
 * images are: x0 holds the device tree's address. Prints whether x0
 * points at a device tree (its magic, 0xd00dfeed big-endian) through
 * the PL011 and ends the run. Position-independent: it runs where kvmini
 * puts a kernel, with no stack and the MMU off.
 */
#include "kvmini/arch/arm64.h"

	.text
	.globl _start
_start:
	ldr	w1, [x0]
	ldr	w2, =0xedfe0dd0		/* the magic, read little-endian */
	adr	x3, no_dtb
	cmp	w1, w2
	b.ne	1f
	adr	x3, dtb_ok
1:	ldr	x4, =KVMINI_UART_BASE
2:	ldrb	w5, [x3], #1
	cbz	w5, 3f
	strb	w5, [x4]		/* UARTDR */
	b	2b
3:	ldr	x1, =KVMINI_EXIT_BASE
	str	xzr, [x1]
4:	wfi
	b	4b

	.balign	8
	.ltorg
dtb_ok:	.asciz	"device tree in x0\n"
no_dtb:	.asciz	"no device tree in x0\n"

	.section .note.GNU-stack, "", @progbits
