// SPDX-License-Identifier: GPL-2.0
/*
 * HIDE/SEEK from a bare guest: SEEK reads 0 before any HIDE, then each
 * value written to HIDE reads back from SEEK: five printed, then all 256.
 */
#include "guest.h"

unsigned long guest_main(void)
{
	static const uint8_t vals[] = { 0x00, 0x01, 0x55, 0xaa, 0xff };
	unsigned int i, bad = 0;
	uint8_t got, first;

	(void)mmio_r8(KVMINI_HIDESEEK_TARGET);	/* map the target page */
	first = mmio_r8(KVMINI_SEEK);
	con_puts("SEEK before any HIDE ");
	con_putx(first);
	con_puts("\n");
	bad += first != 0;
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
	for (i = 0; i < 256; i++) {
		mmio_w8(KVMINI_HIDE, (uint8_t)i);
		bad += mmio_r8(KVMINI_SEEK) != i;
	}
	con_puts("all 256 values: ");
	con_puts(bad ? "MISMATCH\n" : "ok\n");
	return bad ? guest_fail("HIDE/SEEK") : guest_pass();
}
