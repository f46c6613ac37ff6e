/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal freestanding helpers for bare x86 guests. */
#ifndef GUEST_LIB_H
#define GUEST_LIB_H

#include <stddef.h>
#include <stdint.h>

#include "kvmini/arch/x86.h"

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t mmio_r8(uintptr_t a)
{
	return *(volatile uint8_t *)a;
}

static inline uint16_t mmio_r16(uintptr_t a)
{
	return *(volatile uint16_t *)a;
}

static inline uint32_t mmio_r32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void mmio_w8(uintptr_t a, uint8_t v)
{
	*(volatile uint8_t *)a = v;
}

static inline void mmio_w32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

/* Prints on the debug console (port 0xe9). */
void con_puts(const char *s);

/* Stores the result convention value and returns what to leave in rax. */
unsigned long guest_pass(void);

/* Prints "FAIL: why" and returns a value that fails kvmini's check. */
unsigned long guest_fail(const char *why);

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

#endif /* GUEST_LIB_H */
