// SPDX-License-Identifier: GPL-2.0
/*
 * The boot markers test: three phases marked the two ways kvmini knows
 * (POST codes, the boot timer), each with a known number of exits, so
 * that --stats can be checked phase by phase. Every exit here is one
 * write: the marker's own, one per console byte, a write the boot timer
 * ignores, and the end (x86's hlt, arm64's exit register).
 */
#include "guest.h"

unsigned long guest_main(void)
{
	post_code(0x10);			/* phase 1: firmware */
	con_puts("a");				/* 2 exits */
	post_code(0x40);			/* phase 2: kernel */
	con_puts("bb");
	mmio_w8(KVMINI_BOOT_TIMER, 7);		/* 4 exits: not 123 */
	mmio_w8(KVMINI_BOOT_TIMER, 123);	/* phase 3: booted */
	con_puts("ccc\n");			/* 6 exits with the end */
	return guest_pass();
}
