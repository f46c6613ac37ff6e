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

/* PL011 data register: bare guests need no UART set-up */
static inline void con_putc(char c)
{
	mmio_w8(KVMINI_UART_BASE, (uint8_t)c);
}

#endif /* GUEST_IO_H */
