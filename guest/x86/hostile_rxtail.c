// SPDX-License-Identifier: GPL-2.0
/* Hostile: a garbage RX tail just before the device starts filling RX. */
#include "lib.h"
#include "sv_driver.h"

unsigned long guest_main(void)
{
	struct sv_driver d;
	uintptr_t b = KVMINI_SIMVIRTIO_BASE;

	if (sv_probe(&d, b))
		return 1;
	d.q[SV_QUEUE_TX].ctrl->head = 0;
	d.q[SV_QUEUE_TX].buf[0] = SV_CMD_RESET;
	d.q[SV_QUEUE_TX].ctrl->head = 1;
	sv_notify(&d, SV_QUEUE_TX);
	while (d.q[SV_QUEUE_TX].ctrl->tail != d.q[SV_QUEUE_TX].ctrl->head)
		;
	mmio_w8(b + SV_REG_DRIVER_STATUS, SV_DRIVER_ACK);
	simq_push(&d.q[SV_QUEUE_TX], SV_CMD_CONFIG);
	sv_notify(&d, SV_QUEUE_TX);
	while (d.q[SV_QUEUE_TX].ctrl->tail != d.q[SV_QUEUE_TX].ctrl->head)
		;
	d.q[SV_QUEUE_RX].ctrl->tail = 5000;
	mmio_w8(b + SV_REG_DRIVER_STATUS, SV_DRIVER_OK);
	for (;;)
		;
}
