// SPDX-License-Identifier: GPL-2.0
/*
 * Which vGIC the distributor at KVMINI_GICD_BASE is, read from its
 * architecture revision (bits 7:4 of the peripheral ID 2 register): a
 * GICv3's GICD_PIDR2 sits at 0xffe8, a GICv2's ICPIDR2 at 0xfe8 (each
 * reads as zero where the other is). Prints it; run with --irqchip.
 * Then whether an ITS answers at KVMINI_GITS_BASE: its GITS_IIDR names
 * the implementer (bits 11:0), where an unclaimed read is all ones.
 */
#include "guest.h"

#define GITS_IIDR	0x4

unsigned long guest_main(void)
{
	uint32_t v3 = mmio_r32(KVMINI_GICD_BASE + 0xffe8) >> 4 & 0xf;
	uint32_t v2 = mmio_r32(KVMINI_GICD_BASE + 0xfe8) >> 4 & 0xf;
	uint32_t iidr = mmio_r32(KVMINI_GITS_BASE + GITS_IIDR);

	con_puts(v3 == 3 ? "gic: v3\n" : v2 == 2 ? "gic: v2\n" : "gic: none\n");
	con_puts(iidr != 0xffffffff && (iidr & 0xfff) ? "its: yes\n" :
						       "its: none\n");
	return guest_pass();
}
