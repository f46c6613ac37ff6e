// SPDX-License-Identifier: GPL-2.0
/*
 * HIDE/SEEK misuse, with the results docs/kvm-extensions.md promises:
 * SEEK reads 0 before any HIDE; a HIDE before the target is mapped is
 * kept, and the entry built when the guest first touches the page
 * carries it; wrong-size and wrong-direction accesses and other offsets
 * are read-as-zero, write-ignored, and leave the byte alone.
 */
#include "guest.h"

static unsigned int bad;

static void expect(const char *what, unsigned long got, unsigned long want)
{
	con_puts(what);
	con_puts(": ");
	con_putx(got);
	if (got != want) {
		con_puts(" (expected ");
		con_putx(want);
		con_puts(")");
		bad++;
	}
	con_puts("\n");
}

unsigned long guest_main(void)
{
	expect("SEEK before any HIDE", mmio_r8(KVMINI_SEEK), 0);
	mmio_w8(KVMINI_HIDE, 0x77);
	expect("SEEK after HIDE 0x77, page untouched", mmio_r8(KVMINI_SEEK), 0x77);
	(void)mmio_r8(KVMINI_HIDESEEK_TARGET);
	expect("SEEK once the page is mapped", mmio_r8(KVMINI_SEEK), 0x77);

	mmio_w8(KVMINI_HIDE, 0x5a);
	expect("SEEK after HIDE 0x5a", mmio_r8(KVMINI_SEEK), 0x5a);
	mmio_w32(KVMINI_HIDE, 0x11);
	mmio_w16(KVMINI_HIDE, 0x22);
	expect("SEEK after 4- and 2-byte HIDE", mmio_r8(KVMINI_SEEK), 0x5a);
	mmio_w8(KVMINI_SEEK, 0x33);
	expect("SEEK after a write to SEEK", mmio_r8(KVMINI_SEEK), 0x5a);
	expect("read of HIDE", mmio_r8(KVMINI_HIDE), 0);
	expect("4-byte read at HIDE", mmio_r32(KVMINI_HIDE), 0);
	mmio_w8(KVMINI_HIDESEEK_BASE + 0x10, 0x44);
	expect("read at offset 0x10", mmio_r8(KVMINI_HIDESEEK_BASE + 0x10), 0);
	expect("SEEK at the end", mmio_r8(KVMINI_SEEK), 0x5a);
	return bad ? guest_fail("HIDE/SEEK guards") : guest_pass();
}
