// SPDX-License-Identifier: GPL-2.0
#include "status.h"

const char *const status_text[ST_MAX + 1] = {
	[ST_OK] = "ok",
	[ST_CHECK_FAILED] = "check failed",
	[ST_USAGE] = "usage",
	[ST_IMAGE] = "bad image",
	[ST_HOST] = "host error",
	[ST_SHUTDOWN] = "triple fault",
	[ST_FAIL_ENTRY] = "entry failure",
	[ST_INTERNAL] = "KVM internal error",
	[ST_UNKNOWN_EXIT] = "unknown exit",
	[ST_UNCLAIMED] = "unclaimed access (--strict-io)",
	[ST_TIMEOUT] = "timeout",
	[ST_GUEST_ERROR] = "guest protocol error",
	[ST_SECCOMP] = "a forbidden system call (seccomp)",
	[ST_GDB_KILL] = "killed from GDB",
	[ST_SANITIZER] = "a sanitizer's report (sanitizer builds)",
};
