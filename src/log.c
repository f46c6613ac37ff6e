// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"

void err_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fflush(stdout);		/* guest output so far comes first */
	fputs("kvmini: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int err_sys(const char *call)
{
	err_msg("%s: %s", call, strerror(errno));
	return -1;
}
