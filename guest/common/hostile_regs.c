// SPDX-License-Identifier: GPL-2.0
/*
 * Misuse that must be survived, with the documented results: wrong-size
 * and unknown register accesses, a write to a read-only register, an
 * invalid queue selector, out-of-order handshake steps and two unclaimed
 * reads (io.h: GUEST_UNCLAIMED_MMIO and unclaimed_r8()).
 * Then the normal demo must still work.
 */
#include "guest.h"
#include "sv_driver.h"

unsigned long guest_main(void)
{
	uintptr_t b = KVMINI_SIMVIRTIO_BASE;
	struct sv_driver d;

	if (mmio_r16(b + SV_REG_DEVICE_STATUS) != 0xffff)
		return guest_fail("wide read of a byte register");
	if (mmio_r8(b + 0x100) != 0xff)
		return guest_fail("read of an unknown offset");
	mmio_w32(b + SV_REG_MAGIC, 0);
	if (mmio_r32(b + SV_REG_MAGIC) != SV_MAGIC_VALUE)
		return guest_fail("magic is writable");
	mmio_w8(b + SV_REG_QUEUE_SEL, 0x77);
	if (mmio_r16(b + SV_REG_MAX_QUEUE_LEN) != 0)
		return guest_fail("max queue len of a missing queue");
	mmio_w8(b + SV_REG_DRIVER_STATUS, SV_DRIVER_OK);	/* too early */
	if (mmio_r8(b + SV_REG_DEVICE_STATUS) != SV_DEVICE_RESET)
		return guest_fail("DRIVER_OK accepted before CONFIG");
	mmio_w8(b + SV_REG_DRIVER_STATUS, 0x33);		/* unknown */
	if (mmio_r32(GUEST_UNCLAIMED_MMIO) != 0xffffffff)
		return guest_fail("unclaimed MMIO read");
	if (unclaimed_r8() != 0xff)
		return guest_fail("second unclaimed read");
	if (sv_probe(&d, b) || sv_handshake(&d) ||
	    sv_send_str(&d, "survived\n"))
		return 1;
	return guest_pass();
}
