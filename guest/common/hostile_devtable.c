// SPDX-License-Identifier: GPL-2.0
/* Hostile: a device table count of 999 before the device adds itself. */
#include "guest.h"
#include "sv_driver.h"

unsigned long guest_main(void)
{
	struct sv_driver d;
	struct sv_device_table *t = (void *)KVMINI_DEVTABLE_ADDR;

	__atomic_store_n(&t->count, 999, __ATOMIC_RELAXED);
	if (sv_probe(&d, KVMINI_SIMVIRTIO_BASE))
		return 1;
	sv_handshake(&d);
	for (;;)
		;
}
