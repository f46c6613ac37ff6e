// SPDX-License-Identifier: GPL-2.0
/*
 * HIDE/SEEK from a bare guest: each value written to HIDE reads back
 * from SEEK once the target page is mapped.
 */
#include "guest.h"

unsigned long guest_main(void)
{
	static const uint8_t vals[] = { 0x00, 0x01, 0x55, 0xaa, 0xff };
	unsigned int i, bad = 0;
	uint8_t got, orig;

	/* a stage-2 entry exists only once the guest has touched the page */
	(void)mmio_r8(KVMINI_HIDESEEK_TARGET);
	orig = mmio_r8(KVMINI_SEEK);	/* KVM's own bits, e.g. XN */
	con_puts("SEEK of the fresh entry ");
	con_putx(orig);
	con_puts("\n");
	for (i = 0; i < sizeof(vals); i++) {
		mmio_w8(KVMINI_HIDE, vals[i]);
		got = mmio_r8(KVMINI_SEEK);
		con_puts("HIDE ");
		con_putx(vals[i]);
		con_puts(" SEEK ");
		con_putx(got);
		con_puts(got == vals[i] ? " ok\n" : " MISMATCH\n");
		bad += got != vals[i];
	}
	mmio_w8(KVMINI_HIDE, orig);	/* leave the entry as it was */
	return bad ? guest_fail("HIDE/SEEK") : guest_pass();
}
