// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's pc-testdev as kvm-unit-tests use it (--pc-testdev): the scratch
 * register at port 0xe0 reads back what was written, a byte of it too,
 * and the 64 KiB at 0xff000000 hold what is written. Prints what it
 * found; passes in either case (the test compares the output).
 */
#include "guest.h"

#define SCRATCH		0xe0
#define IOMEM		0xff000000UL

static void out32(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static uint32_t in32(uint16_t port)
{
	uint32_t v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

unsigned long guest_main(void)
{
	out32(SCRATCH, 0x12345678);
	con_puts("scratch ");
	con_putx(in32(SCRATCH));
	con_puts(", byte 2 ");
	con_putx(inb(SCRATCH + 2));
	mmio_w32(IOMEM + 0xfffc, 0xcafef00d);
	mmio_w8(IOMEM + 0xfffd, 0x5a);
	con_puts(", iomem ");
	con_putx(mmio_r32(IOMEM + 0xfffc));
	con_puts("\n");
	return guest_pass();
}
