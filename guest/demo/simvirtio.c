// SPDX-License-Identifier: GPL-2.0
/*
 * The SIMVIRTIO demo (kvmini's built-in guest): handshake, "Ana are mere"
 * on TX, then the line the device sent on RX echoed back on TX.
 */
#include "guest.h"
#include "sv_driver.h"

unsigned long guest_main(void)
{
	struct sv_driver d;
	char line[128];
	int n;

	if (sv_probe(&d, KVMINI_SIMVIRTIO_BASE) || sv_handshake(&d))
		return 1;
	if (sv_send_str(&d, "Ana are mere\n"))
		return 1;
	n = sv_recv_line(&d, line, sizeof(line));
	if (n < 0 || sv_send_str(&d, "rx: ") || sv_send(&d, line, n))
		return 1;
	return guest_pass();
}
