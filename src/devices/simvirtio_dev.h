/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SIMVIRTIO device (docs/simvirtio.md). Machines place it by name
 * ("simvirtio", SV_WINDOW bytes); the device manager builds it, and its
 * state (struct device's) is a struct simvirtio.
 */
#ifndef KVMINI_DEV_SIMVIRTIO_H
#define KVMINI_DEV_SIMVIRTIO_H

#include <stdbool.h>
#include <stdint.h>

struct simvirtio;

#include "kvmini/simvirtio.h"

#define SV_QUEUE_LEN	1024	/* slots per queue, as max queue len says */
/* its place: the config page, then one page per queue */
#define SV_WINDOW	(SV_CONFIG_SIZE + SV_NR_QUEUES * SV_QUEUE_PAGE)

/* what its options set (--rx) */
struct sv_params {
	const char *rx_text;	/* the RX line, without its newline */
};

/*
 * One polling pass over both queues, the --polling thread's step;
 * returns true if it moved data.
 */
bool simvirtio_poll(struct simvirtio *sv);

#endif /* KVMINI_DEV_SIMVIRTIO_H */
