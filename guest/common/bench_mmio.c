// SPDX-License-Identifier: GPL-2.0
#include "bench.h"
#include "guest.h"
#include "kvmini/simvirtio.h"

unsigned long guest_main(void)
{
	int i;

	for (i = 0; i < BENCH_EXITS; i++)
		mmio_w8(KVMINI_SIMVIRTIO_BASE + SV_REG_QUEUE_SEL, 0);
	return guest_pass();
}
