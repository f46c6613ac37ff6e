/* SPDX-License-Identifier: GPL-2.0 */
/* The built-in demo guest, embedded at build time (DEMO_IMAGE). */
	.section .rodata
	.balign 16
	.globl demo_image, demo_image_size
demo_image:
	.incbin DEMO_IMAGE
demo_image_end:
	.balign 8
demo_image_size:
	.quad demo_image_end - demo_image
	.section .note.GNU-stack, "", @progbits
