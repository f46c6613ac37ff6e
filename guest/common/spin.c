// SPDX-License-Identifier: GPL-2.0
/* Never ends: for --timeout. */
#include "guest.h"

unsigned long guest_main(void)
{
	for (;;)
		;
}
