// SPDX-License-Identifier: GPL-2.0
/* Hostile: a TX head index far outside the queue. kvmini must stop us. */
#include "guest.h"
#include "sv_driver.h"

unsigned long guest_main(void)
{
	struct sv_driver d;

	if (sv_probe(&d, KVMINI_SIMVIRTIO_BASE))
		return 1;
	__atomic_store_n(&d.q[SV_QUEUE_TX].ctrl->head, 0xfffffff0,
			 __ATOMIC_RELEASE);
	for (;;)
		sv_notify(&d, SV_QUEUE_TX);	/* polled: the poller sees it */
}
