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

/* SMCCC 1.1 call over HVC with three arguments: x0 back. */
static inline uint64_t smccc_hvc3(uint32_t fn, uint64_t a1, uint64_t a2,
				  uint64_t a3)
{
	register uint64_t x0 asm("x0") = fn;
	register uint64_t x1 asm("x1") = a1;
	register uint64_t x2 asm("x2") = a2;
	register uint64_t x3 asm("x3") = a3;

	asm volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
		     : : "memory");
	return x0;
}

/* ... and without: unused argument registers must be zero */
static inline uint64_t smccc_hvc(uint32_t fn)
{
	return smccc_hvc3(fn, 0, 0, 0);
}

/* start.S: where a vCPU started by psci_cpu_on() enters guest_secondary() */
extern char _secondary_start[];
void guest_secondary(void);

/* PSCI CPU_ON (SMCCC over HVC): starts vCPU @mpidr at @entry, x0 = @ctx */
static inline int64_t psci_cpu_on(uint64_t mpidr, uintptr_t entry,
				  uint64_t ctx)
{
	register uint64_t x0 asm("x0") = 0xc4000003;	/* CPU_ON, SMC64 */
	register uint64_t x1 asm("x1") = mpidr;
	register uint64_t x2 asm("x2") = entry;
	register uint64_t x3 asm("x3") = ctx;

	asm volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
		     : : "memory");
	return (int64_t)x0;
}

/* Makes instructions stored at @p (4 bytes) visible to every vCPU. */
static inline void sync_icache(uintptr_t p)
{
	asm volatile("dc cvau, %0; dsb ish; ic ivau, %0; dsb ish; isb"
		     : : "r"(p) : "memory");
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

/* A boot phase code (kvmini's post-code device). */
static inline void post_code(uint8_t code)
{
	mmio_w8(KVMINI_POST_CODE, code);
}

/*
 * Console input (--irqchip: kvmini feeds stdin to the PL011): the
 * receive interrupts unmasked, which is how kvmini knows the guest
 * listens; then polled.
 */
static inline void con_rx_on(void)
{
	mmio_w32(KVMINI_UART_BASE + 0x038, (1u << 4) | (1u << 6));	/* IMSC */
}

static inline int con_rx_ready(void)
{
	return !(mmio_r32(KVMINI_UART_BASE + 0x018) & (1u << 4));	/* FR.RXFE */
}

static inline char con_rx(void)
{
	return (char)mmio_r32(KVMINI_UART_BASE);	/* DR */
}

/* The exit register ends the run, interrupt controller or not. */
static inline void guest_end(void)
{
}

#endif /* GUEST_IO_H */
