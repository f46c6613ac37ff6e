// SPDX-License-Identifier: GPL-2.0
/*
 * A Multiboot guest (so: the in-kernel irqchip) that checks its timers:
 * whether a PIT counts at ports 0x40-0x43 (none with --no-pit: the
 * ports read 0xff); if so, that its IRQ 0 arrives through the 8259 at
 * vector 0x08, where a PC BIOS leaves it; then takes TICKS interrupts
 * from its local APIC's timer, periodic, the 8259s masked. Each through
 * an IDT gate of its own. Prints what it found and ends the run (status
 * 0, --no-check); a timer that never fires ends it at --timeout.
 */
#include "guest.h"
#include "multiboot.h"

MULTIBOOT_HEADER(0);

#define LAPIC_EOI		(KVMINI_LAPIC_ADDR + 0xb0)
#define LAPIC_SPIV		(KVMINI_LAPIC_ADDR + 0xf0)
#define LAPIC_LVTT		(KVMINI_LAPIC_ADDR + 0x320)
#define LAPIC_TICR		(KVMINI_LAPIC_ADDR + 0x380)
#define LAPIC_TDCR		(KVMINI_LAPIC_ADDR + 0x3e0)
#define LVT_MASKED		(1u << 16)
#define LVTT_PERIODIC		(1u << 17)
#define TIMER_VECTOR		0x40
#define TICKS			3

#define PIT_CH0			0x40
#define PIT_MODE		0x43
#define PIC1_DATA		0x21
#define PIC_VECTOR		0x08	/* IRQ 0, as the BIOS left the 8259 */
#define PIC2_DATA		0xa1

struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t zero, type;
	uint16_t off_hi;
};

static struct idt_gate idt[TIMER_VECTOR + 1];

static void idt_set(unsigned int vector, void (*isr)(void))
{
	uint32_t at = (uint32_t)isr;
	uint16_t cs;

	asm volatile("mov %%cs, %0" : "=r"(cs));
	idt[vector] = (struct idt_gate){
		.off_lo = at & 0xffff, .sel = cs,
		.type = 0x8e,		/* present, ring 0, 32-bit interrupt gate */
		.off_hi = at >> 16,
	};
}
uint32_t timer_ticks, pic_ticks;	/* only the handlers write them */

/*
 * Counts a tick and acknowledges it at the local APIC. It returns with
 * sti and a ret that drops CS and EFLAGS, not iret, which a software-
 * assisted KVM (PVM) fails to emulate: the same here, where the tick
 * only ever interrupts ring 0 with IF set. No instruction in it changes
 * the flags, and only the tick's own interrupt is on.
 */
__attribute__((naked)) static void timer_isr(void)
{
	asm("pushl %eax\n\t"
	    "movl timer_ticks, %eax\n\t"
	    "leal 1(%eax), %eax\n\t"
	    "movl %eax, timer_ticks\n\t"
	    "popl %eax\n\t"
	    "movl $0, 0xfee000b0\n\t"	/* LAPIC_EOI */
	    "sti\n\t"			/* its shadow covers the ret */
	    "ret $8");
}

/* the same for IRQ 0 through the 8259: acknowledged there */
__attribute__((naked)) static void pic_isr(void)
{
	asm("pushl %eax\n\t"
	    "movl pic_ticks, %eax\n\t"
	    "leal 1(%eax), %eax\n\t"
	    "movl %eax, pic_ticks\n\t"
	    "movb $0x20, %al\n\t"
	    "outb %al, $0x20\n\t"		/* EOI to the 8259 */
	    "popl %eax\n\t"
	    "sti\n\t"
	    "ret $8");
}

/* channel 0 latched and read, low byte then high */
static uint16_t pit_read(void)
{
	outb(PIT_MODE, 0x00);
	return inb(PIT_CH0) | (uint16_t)inb(PIT_CH0) << 8;
}

static void idt_load(void)
{
	/* limit, then the base: 6 bytes, as lidt reads them */
	uint16_t idtr[3] = { sizeof(idt) - 1, (uint32_t)idt & 0xffff,
			     (uint32_t)idt >> 16 };

	idt_set(PIC_VECTOR, pic_isr);
	idt_set(TIMER_VECTOR, timer_isr);
	asm volatile("lidt %0" : : "m"(idtr));
}

/* interrupts on until the handler has counted to n */
static void wait_ticks(uint32_t *ticks, uint32_t n)
{
	asm volatile("sti");
	while (__atomic_load_n(ticks, __ATOMIC_RELAXED) < n)
		asm volatile("hlt");
	asm volatile("cli");
}

unsigned long guest_main(uint32_t magic, uint32_t info)
{
	uint16_t a, b;

	(void)info;
	if (magic != MB_BOOT_MAGIC) {
		con_puts("not booted by a Multiboot loader\n");
		guest_end();
	}
	idt_load();
	outb(PIT_MODE, 0x34);		/* channel 0, low then high, mode 2 */
	outb(PIT_CH0, 0xff);
	outb(PIT_CH0, 0xff);
	a = pit_read();
	b = pit_read();
	/* a counting PIT reads 0xffff twice in a row once in 2^32 tries */
	if (a != b || a != 0xffff) {
		con_puts("pit: counting\n");
		wait_ticks(&pic_ticks, 1);
		con_puts("pic: IRQ 0 at vector ");
		con_putx(PIC_VECTOR);
		con_puts("\n");
	} else {
		con_puts("pit: none\n");
	}
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);

	mmio_w32(LAPIC_SPIV, 0x1ff);
	mmio_w32(LAPIC_TDCR, 0xb);	/* divide by 1 */
	mmio_w32(LAPIC_LVTT, LVTT_PERIODIC | TIMER_VECTOR);
	mmio_w32(LAPIC_TICR, 100000);
	wait_ticks(&timer_ticks, TICKS);
	mmio_w32(LAPIC_LVTT, LVT_MASKED);
	/* one more may have come before the mask: the bound is what held */
	con_puts("lapic timer: at least ");
	con_putu(TICKS);
	con_puts(" interrupts at vector ");
	con_putx(TIMER_VECTOR);
	con_puts("\n");
	guest_end();
	return 0;
}
