/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SIMVIRTIO device (docs/simvirtio.md). Machines place it by name
 * ("simvirtio", SV_WINDOW bytes); these calls exist for unit tests, which
 * build a device over plain memory without /dev/kvm.
 */
#ifndef KVMINI_DEV_SIMVIRTIO_H
#define KVMINI_DEV_SIMVIRTIO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct simvirtio;
struct vm;

#include "kvmini/simvirtio.h"

#define SV_QUEUE_LEN	1024	/* slots per queue, as max queue len says */
/* its place: the config page, then one page per queue */
#define SV_WINDOW	(SV_CONFIG_SIZE + SV_NR_QUEUES * SV_QUEUE_PAGE)

/* what its options set (--rx) */
struct sv_params {
	const char *rx_text;	/* the RX line, without its newline */
};

/*
 * Registers the config page at base on vm's bus; qmem is the host view of
 * the two queue pages (SV_NR_QUEUES * SV_QUEUE_PAGE bytes) the guest sees
 * at base + SV_CONFIG_SIZE. TX data goes to out.
 */
struct simvirtio *simvirtio_new(struct vm *vm, uint64_t base, void *qmem,
				bool polling, const char *rx_text, FILE *out);
void simvirtio_free(struct simvirtio *sv);

/* One polling pass over both queues; returns true if it moved data. */
bool simvirtio_poll(struct simvirtio *sv);

#endif /* KVMINI_DEV_SIMVIRTIO_H */
