/* SPDX-License-Identifier: GPL-2.0 */
/* x86 guest I/O: ports, MMIO, the debug console. */
#ifndef GUEST_IO_H
#define GUEST_IO_H

#include <stddef.h>
#include <stdint.h>

#include "kvmini/arch/x86.h"

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("out %0, %1" : : "a"(v), "Nd"(port));
}

/* MMIO as single mov instructions of the access size (like Linux's readb) */
#define MMIO_ACCESSORS(bits, sfx, reg)					\
static inline uint##bits##_t mmio_r##bits(uintptr_t a)			\
{									\
	uint##bits##_t v;						\
									\
	asm volatile("mov" sfx " %1, %0"				\
		     : "=" reg(v) : "m"(*(uint##bits##_t *)a) : "memory");\
	return v;							\
}									\
static inline void mmio_w##bits(uintptr_t a, uint##bits##_t v)		\
{									\
	asm volatile("mov" sfx " %1, %0"				\
		     : "=m"(*(uint##bits##_t *)a) : reg(v) : "memory");	\
}

MMIO_ACCESSORS(8, "b", "q")
MMIO_ACCESSORS(16, "w", "r")
MMIO_ACCESSORS(32, "l", "r")

/* Addresses no device claims, for the hostile guests */
#define GUEST_UNCLAIMED_MMIO	0xe0000000
#define GUEST_UNCLAIMED_PORT	0x84	/* a DMA page register of a PC */

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("in %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* x86: the second unclaimed access is a port read */
static inline uint8_t unclaimed_r8(void)
{
	return inb(GUEST_UNCLAIMED_PORT);
}

/*
 * Ends the run from any state: with an in-kernel interrupt controller
 * (--irqchip) KVM keeps a halted vCPU to itself, so the final hlt would
 * not end it. The i8042's reset command does (status 0; use --no-check).
 */
static inline void guest_end(void)
{
	outb(0x64, 0xfe);
}

/*
 * Console input (--irqchip: kvmini feeds stdin to COM1): the receiver's
 * interrupt on, which is how kvmini knows the guest listens; then
 * polled, with interrupts left off in the CPU.
 */
#define COM1		0x3f8

static inline void con_rx_on(void)
{
	outb(COM1 + 1, 0x01);		/* IER: received data available */
}

static inline int con_rx_ready(void)
{
	return inb(COM1 + 5) & 0x01;	/* LSR: data ready */
}

static inline char con_rx(void)
{
	return (char)inb(COM1);
}

static inline void con_putc(char c)
{
	outb(KVMINI_DEBUG_PORT, (uint8_t)c);
}

/* A boot phase code (kvmini's post-code device). */
static inline void post_code(uint8_t code)
{
	outb(KVMINI_POST_PORT, code);
}

#endif /* GUEST_IO_H */
