/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64 guest I/O. Bare guests run with the MMU off, so every access is
 * Device memory: MMIO must be single plain loads and stores (KVM can only
 * emulate those, not pairs or writeback forms), hence inline asm.
 */
#ifndef GUEST_IO_H
#define GUEST_IO_H

#include <stdint.h>

#include "kvmini/arch/arm64.h"

#define MMIO_ACCESSORS(bits, sfx)					\
static inline uint##bits##_t mmio_r##bits(uintptr_t a)			\
{									\
	uint32_t v;							\
									\
	asm volatile("ldr" sfx " %w0, [%1]" : "=r"(v) : "r"(a) : "memory");\
	return (uint##bits##_t)v;					\
}									\
static inline void mmio_w##bits(uintptr_t a, uint##bits##_t v)		\
{									\
	asm volatile("str" sfx " %w0, [%1]" : : "r"((uint32_t)v), "r"(a)	\
		     : "memory");					\
}

MMIO_ACCESSORS(8, "b")
MMIO_ACCESSORS(16, "h")
MMIO_ACCESSORS(32, "")

/* SMCCC 1.1 call over HVC: x0 in and out, x1-x3 clobbered. */
static inline uint64_t smccc_hvc(uint32_t fn)
{
	register uint64_t x0 asm("x0") = fn;

	asm volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	return x0;
}

/* Generic timer: virtual count and its frequency */
static inline uint64_t cntvct(void)
{
	uint64_t v;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

static inline uint64_t cntfrq(void)
{
	uint64_t v;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

/* PL011 data register: bare guests need no UART set-up */
/* An address no device claims (no ports on arm64: both reads are MMIO) */
#define GUEST_UNCLAIMED_MMIO	0x0f000000

static inline uint8_t unclaimed_r8(void)
{
	return mmio_r8(GUEST_UNCLAIMED_MMIO + 0x1000);
}

static inline void con_putc(char c)
{
	mmio_w8(KVMINI_UART_BASE, (uint8_t)c);
}

#endif /* GUEST_IO_H */
