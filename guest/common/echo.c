// SPDX-License-Identifier: GPL-2.0
/*
 * Console input in a bare guest (--irqchip): echoes what kvmini reads
 * from stdin, a line at a time, until a '.'.
 */
#include "guest.h"

unsigned long guest_main(void)
{
	unsigned long ret;
	char c;

	con_rx_on();
	con_puts("ready\n");
	for (;;) {
		while (!con_rx_ready())
			;
		c = con_rx();
		if (c == '.')
			break;
		con_putc(c);
	}
	con_puts("bye\n");
	ret = guest_pass();
	guest_end();		/* x86 with --irqchip: a hlt would not end it */
	return ret;
}
