// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "console.h"

void console_write(FILE *out, const void *buf, size_t len)
{
	/* several vCPUs may print at once: one locked write per call */
	flockfile(out);
	fwrite_unlocked(buf, 1, len, out);
	if (memchr(buf, '\n', len))
		fflush_unlocked(out);
	funlockfile(out);
}
