// SPDX-License-Identifier: GPL-2.0
/* SIMVIRTIO throughput: BENCH_SV_BYTES on TX in 1 KiB messages. */
#include "bench.h"
#include "guest.h"
#include "sv_driver.h"

unsigned long guest_main(void)
{
	static char chunk[1024];
	struct sv_driver d;
	unsigned int i;

	for (i = 0; i < sizeof(chunk); i++)
		chunk[i] = (char)('a' + i % 26);
	chunk[sizeof(chunk) - 1] = '\n';
	if (sv_probe(&d, KVMINI_SIMVIRTIO_BASE) || sv_handshake(&d))
		return 1;
	for (i = 0; i < BENCH_SV_BYTES / sizeof(chunk); i++)
		if (sv_send(&d, chunk, sizeof(chunk)))
			return 1;
	return guest_pass();
}
