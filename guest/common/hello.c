// SPDX-License-Identifier: GPL-2.0
/*
 * The hello test (x86: real, protected and long mode; arm64): a greeting
 * on the console, then 42 at KVMINI_RESULT_ADDR and in the result
 * register (rax, x0).
 */
#include "guest.h"

unsigned long guest_main(void)
{
	con_puts("Hello, world!\n");
	return guest_pass();
}
