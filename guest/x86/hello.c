// SPDX-License-Identifier: GPL-2.0
/*
 * The hello test, built for real, protected and long mode: a greeting on
 * the debug port, then 42 at KVMINI_RESULT_ADDR and in eax/rax.
 */
#include "lib.h"

unsigned long guest_main(void)
{
	con_puts("Hello, world!\n");
	return guest_pass();
}
