// SPDX-License-Identifier: GPL-2.0
#include "guest.h"

void con_puts(const char *s)
{
	while (*s)
		con_putc(*s++);
}

void con_putu(unsigned long v)
{
	char buf[24];
	int i = 0;

	do {
		buf[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (i)
		con_putc(buf[--i]);
}

void con_putx(unsigned long v)
{
	int shift = 4;

	while (shift < (int)(8 * sizeof(v)) && v >> shift)
		shift += 4;
	con_puts("0x");
	while (shift) {
		shift -= 4;
		con_putc("0123456789abcdef"[(v >> shift) & 0xf]);
	}
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
