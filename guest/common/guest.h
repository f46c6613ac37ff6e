/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every bare guest gets, whatever the architecture. The arch's
 * io.h provides con_putc() and the MMIO accessors mmio_r8/16/32 and
 * mmio_w8/16/32.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>

#include "io.h"

/* Prints on the console. */
void con_puts(const char *s);
void con_putu(unsigned long v);		/* decimal */
void con_putx(unsigned long v);		/* 0x-prefixed hex */

/* Stores the result convention value; returns what to leave in the
 * result register (rax, x0).
 */
unsigned long guest_pass(void);

/* Prints "FAIL: why" and returns a value that fails kvmini's check. */
unsigned long guest_fail(const char *why);

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

#endif /* GUEST_H */
