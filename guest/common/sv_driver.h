/* SPDX-License-Identifier: GPL-2.0 */
/* A SIMVIRTIO guest driver written from docs/simvirtio.md. */
#ifndef GUEST_SV_DRIVER_H
#define GUEST_SV_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kvmini/simqueue.h"

struct sv_driver {
	uintptr_t base;
	struct simq q[SV_NR_QUEUES];
	bool polled;		/* the device polls: never notify */
};

/* Each returns 0 or a negative value after printing why. */
int sv_probe(struct sv_driver *d, uintptr_t base);
int sv_handshake(struct sv_driver *d);
/* Sends one handshake byte and waits until the device has acted on it. */
int sv_command(struct sv_driver *d, uint8_t c);
int sv_send(struct sv_driver *d, const char *buf, size_t len);
int sv_send_str(struct sv_driver *d, const char *s);
/* Receives up to and including '\n'; returns the length. */
int sv_recv_line(struct sv_driver *d, char *buf, size_t max);
void sv_notify(struct sv_driver *d, int queue);

#endif /* GUEST_SV_DRIVER_H */
