/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Triple fault: with an empty IDT, a page fault (above the 4 GiB kvmini
 * maps) cannot be delivered, nor can the double fault that follows.
 */
	.text
	.globl guest_main
guest_main:
	lidt idtr(%rip)
	movq $0x100000000, %rax
	movq (%rax), %rax
	ret

	.data
idtr:
	.word 0
	.quad 0

	.section .note.GNU-stack, "", @progbits
