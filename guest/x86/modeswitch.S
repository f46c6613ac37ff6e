/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest that climbs from real mode to protected mode to long mode by
 * itself, as a boot loader does, for debuggers to follow (docs/
 * debugging.md): its own GDT, identity-mapped page tables for the first
 * 2 MiB, and a label at each mode's first instruction (protected_mode,
 * long_mode) and after its result is stored (stored). Built as a real-
 * mode image; it stores its answer (42, a variable a debugger may
 * change) at 0x400 and in rax, then halts.
 */
#define CR0_PE		0x00000001
#define CR0_PG		0x80000000
#define CR4_PAE		0x00000020
#define MSR_EFER	0xc0000080
#define EFER_LME	0x00000100
#define SEL_CODE32	0x08
#define SEL_DATA	0x10
#define SEL_CODE64	0x18

	.text
	.code16
	.globl guest_main
guest_main:
	cli
	lgdtl gdt_desc
	movl %cr0, %eax
	orl $CR0_PE, %eax
	movl %eax, %cr0
	ljmpl $SEL_CODE32, $protected_mode

	.code32
	.globl protected_mode
protected_mode:
	movw $SEL_DATA, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movl $pml4, %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	orl $CR0_PG, %eax
	movl %eax, %cr0
	ljmpl $SEL_CODE64, $long_mode

	.code64
	.globl long_mode
long_mode:
	movl $answer, %ebx	/* an ELF32 object: a 32-bit address */
	movl (%rbx), %eax	/* zero-extended: 42 unless a debugger says */
	movq %rax, 0x400
	.globl stored
stored:
	hlt
	jmp stored

	.data
	.globl answer
answer:
	.long 42

	.balign 8
gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: code, 32-bit, flat */
	.quad 0x00cf92000000ffff	/* 0x10: data, flat */
	.quad 0x00af9a000000ffff	/* 0x18: code, 64-bit */
gdt_desc:
	.word gdt_desc - gdt - 1
	.long gdt

	/*
	 * the first 2 MiB, one large page, where the image and 0x400 lie;
	 * each entry as two longs: an ELF32 object has no 64-bit relocation
	 */
	.balign 4096
pml4:
	.long pdpt + 3, 0
	.fill 511, 8, 0
pdpt:
	.long pd + 3, 0
	.fill 511, 8, 0
pd:
	.quad 0x83
	.fill 511, 8, 0

	.section .note.GNU-stack, "", @progbits
