/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal freestanding helpers for bare x86 guests. */
#ifndef GUEST_LIB_H
#define GUEST_LIB_H

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

/* Prints on the debug console (port 0xe9). */
void con_puts(const char *s);

/* Stores the result convention value and returns what to leave in rax. */
unsigned long guest_pass(void);

/* Prints "FAIL: why" and returns a value that fails kvmini's check. */
unsigned long guest_fail(const char *why);

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

#endif /* GUEST_LIB_H */
