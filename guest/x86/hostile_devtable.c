// SPDX-License-Identifier: GPL-2.0
/* Hostile: a device table count of 999 before the device adds itself. */
#include "lib.h"
#include "sv_driver.h"

unsigned long guest_main(void)
{
	struct sv_driver d;

	((volatile struct sv_device_table *)KVMINI_DEVTABLE_ADDR)->count = 999;
	if (sv_probe(&d, KVMINI_SIMVIRTIO_BASE))
		return 1;
	sv_handshake(&d);
	for (;;)
		;
}
