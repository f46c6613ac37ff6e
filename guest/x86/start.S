/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry of every bare x86 guest, built once per mode (MODE = 16, 32, 64).
 * kvmini sets the stack; guest_main's return value stays in eax/rax for
 * kvmini to check at the hlt.
 */
#include "kvmini/note.h"

	.section .note.kvmini, "a", @note
	.balign 4
	.long 2f - 1f
	.long 4
	.long KVMINI_NOTE_MODE
1:	.asciz KVMINI_NOTE_NAME
2:	.balign 4
	.long MODE

	.section .text.start, "ax"
#if MODE == 16
	.code16gcc
#elif MODE == 32
	.code32
#endif
	.globl _start
_start:
#if MODE == 32
	/* guest_main(eax, ebx): what a Multiboot loader hands over */
	pushl %ebx
	pushl %eax
#endif
	call guest_main
1:	hlt
	jmp 1b

	.section .note.GNU-stack, "", @progbits
