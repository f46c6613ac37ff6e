// SPDX-License-Identifier: GPL-2.0
#include "bench.h"
#include "guest.h"

unsigned long guest_main(void)
{
	int i;

	for (i = 0; i < BENCH_EXITS; i++)
		outb(KVMINI_DEBUG_PORT, '.');
	return guest_pass();
}
