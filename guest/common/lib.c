// SPDX-License-Identifier: GPL-2.0
#include "guest.h"

void con_puts(const char *s)
{
	while (*s)
		con_putc(*s++);
}

unsigned long guest_pass(void)
{
	uint32_t *cell = (uint32_t *)KVMINI_RESULT_ADDR;

	/* a u64, as two halves: 16-bit code has no 8-byte store */
	__atomic_store_n(&cell[0], 42, __ATOMIC_RELAXED);
	__atomic_store_n(&cell[1], 0, __ATOMIC_RELAXED);
	return 42;
}

unsigned long guest_fail(const char *why)
{
	con_puts("FAIL: ");
	con_puts(why);
	con_puts("\n");
	return 1;
}

/* The compiler may emit calls to these even in freestanding code. */
void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}
