// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "status.h"

static const char * const names[] = {
	[ST_OK] = "ok",
	[ST_CHECK_FAILED] = "check failed",
	[ST_USAGE] = "usage",
	[ST_IMAGE] = "bad image",
	[ST_HOST] = "host error",
	[ST_SHUTDOWN] = "shutdown",
	[ST_FAIL_ENTRY] = "fail entry",
	[ST_INTERNAL] = "internal error",
	[ST_UNKNOWN_EXIT] = "unknown exit",
	[ST_UNCLAIMED] = "unclaimed access",
	[ST_TIMEOUT] = "timeout",
	[ST_GUEST_ERROR] = "guest protocol error",
};

const char *status_name(int status)
{
	if (status < 0 || status >= (int)ARRAY_SIZE(names))
		return "running";
	return names[status];
}

void err_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
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
