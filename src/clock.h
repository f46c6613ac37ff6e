/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wall time for kvmini's own measurements: CLOCK_MONOTONIC, which no
 * clock step moves (exit cycles come from the architecture's counter).
 */
#ifndef KVMINI_CLOCK_H
#define KVMINI_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t now_ns(void);

#endif /* KVMINI_CLOCK_H */
