/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmini's own messages: one line each on stderr, "kvmini: " first,
 * after the guest output so far (stdout is flushed first).
 */
#ifndef KVMINI_LOG_H
#define KVMINI_LOG_H

#include "compiler.h"

/* "kvmini: <msg>" on stderr */
__printf(1, 2) void err_msg(const char *fmt, ...);
/* "kvmini: <call>: <strerror(errno)>" on stderr; returns -1 */
int err_sys(const char *call);

#endif /* KVMINI_LOG_H */
