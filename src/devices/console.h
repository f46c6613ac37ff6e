/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest console output, the one way every device prints: bytes to a
 * stream (stdout), flushed at each newline, so that guest lines come out
 * whole and before kvmini's own messages on stderr.
 */
#ifndef KVMINI_DEV_CONSOLE_H
#define KVMINI_DEV_CONSOLE_H

#include <stddef.h>
#include <stdio.h>

void console_write(FILE *out, const void *buf, size_t len);

#endif /* KVMINI_DEV_CONSOLE_H */
