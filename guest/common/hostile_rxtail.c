// SPDX-License-Identifier: GPL-2.0
/* Hostile: a garbage RX tail just before the device starts filling RX. */
#include "guest.h"
#include "sv_driver.h"

unsigned long guest_main(void)
{
	struct sv_driver d;
	uintptr_t b = KVMINI_SIMVIRTIO_BASE;

	if (sv_probe(&d, b) || sv_command(&d, SV_CMD_RESET))
		return 1;
	mmio_w8(b + SV_REG_DRIVER_STATUS, SV_DRIVER_ACK);
	if (sv_command(&d, SV_CMD_CONFIG))
		return 1;
	__atomic_store_n(&d.q[SV_QUEUE_RX].ctrl->tail, 5000, __ATOMIC_RELEASE);
	mmio_w8(b + SV_REG_DRIVER_STATUS, SV_DRIVER_OK);
	for (;;)
		;
}
