// SPDX-License-Identifier: GPL-2.0
#include "guest.h"
#include "sv_driver.h"

static int fail(const char *why)
{
	guest_fail(why);
	return -1;
}

void sv_notify(struct sv_driver *d, int queue)
{
	if (!d->polled)
		mmio_w8(d->base + SV_REG_Q0_CTL + queue, SV_QCTL_NOTIFY);
}

int sv_probe(struct sv_driver *d, uintptr_t base)
{
	uint16_t len;
	int i;

	d->base = base;
	if (mmio_r32(base + SV_REG_MAGIC) != SV_MAGIC_VALUE)
		return fail("simvirtio: bad magic");
	d->polled = mmio_r8(base + SV_REG_Q0_CTL) & SV_QCTL_POLLED;
	for (i = 0; i < SV_NR_QUEUES; i++) {
		mmio_w8(base + SV_REG_QUEUE_SEL, (uint8_t)i);
		len = mmio_r16(base + SV_REG_MAX_QUEUE_LEN);
		if (len < 2 || len > SV_QUEUE_PAGE - SV_QUEUE_BUF)
			return fail("simvirtio: bad queue length");
		d->q[i].ctrl = (struct sv_queue_ctrl *)(base + SV_QUEUE_OFFSET(i) +
							SV_QUEUE_CTRL);
		d->q[i].buf = (uint8_t *)(base + SV_QUEUE_OFFSET(i) + SV_QUEUE_BUF);
		d->q[i].len = len;
	}
	return 0;
}

int sv_command(struct sv_driver *d, uint8_t c)
{
	struct simq *q = &d->q[SV_QUEUE_TX];

	if (simq_push(q, c) != SIMQ_OK)
		return fail("simvirtio: cannot queue command");
	sv_notify(d, SV_QUEUE_TX);
	while (__atomic_load_n(&q->ctrl->tail, __ATOMIC_ACQUIRE) !=
	       __atomic_load_n(&q->ctrl->head, __ATOMIC_RELAXED))
		;	/* polled: the device thread consumes it */
	return 0;
}

static bool listed(struct sv_driver *d)
{
	struct sv_device_table *t = (void *)KVMINI_DEVTABLE_ADDR;
	uint16_t i, n = __atomic_load_n(&t->count, __ATOMIC_ACQUIRE);

	for (i = 0; i < n && i < SV_DEVTABLE_MAX; i++)
		if (__atomic_load_n(&t->device_addresses[i], __ATOMIC_RELAXED) ==
		    d->base)
			return true;
	return false;
}

int sv_handshake(struct sv_driver *d)
{
	uintptr_t b = d->base;

	if (sv_command(d, SV_CMD_RESET))
		return -1;
	if (mmio_r8(b + SV_REG_DEVICE_STATUS) != SV_DEVICE_RESET)
		return fail("simvirtio: device did not reset");
	mmio_w8(b + SV_REG_DRIVER_STATUS, SV_DRIVER_ACK);
	if (sv_command(d, SV_CMD_CONFIG))
		return -1;
	if (mmio_r8(b + SV_REG_DEVICE_STATUS) != SV_DEVICE_CONFIG)
		return fail("simvirtio: device did not enter CONFIG");
	if (!listed(d))
		return fail("simvirtio: device missing from device table");
	mmio_w8(b + SV_REG_DRIVER_STATUS, SV_DRIVER);
	mmio_w8(b + SV_REG_DRIVER_STATUS, SV_DRIVER_OK);
	if (mmio_r8(b + SV_REG_DEVICE_STATUS) != SV_DEVICE_READY)
		return fail("simvirtio: device not READY");
	return 0;
}

int sv_send(struct sv_driver *d, const char *buf, size_t len)
{
	struct simq *q = &d->q[SV_QUEUE_TX];
	size_t i = 0;
	int ret;

	while (i < len) {
		ret = simq_push(q, (uint8_t)buf[i]);
		if (ret == SIMQ_OK)
			i++;
		else if (ret == SIMQ_FULL)
			sv_notify(d, SV_QUEUE_TX);	/* device makes room */
		else
			return fail("simvirtio: TX queue corrupt");
	}
	sv_notify(d, SV_QUEUE_TX);
	return 0;
}

int sv_send_str(struct sv_driver *d, const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return sv_send(d, s, n);
}

int sv_recv_line(struct sv_driver *d, char *buf, size_t max)
{
	struct simq *q = &d->q[SV_QUEUE_RX];
	size_t n = 0;
	uint8_t c;
	int ret;

	while (n < max) {
		ret = simq_pop(q, &c);
		if (ret == SIMQ_EMPTY) {
			sv_notify(d, SV_QUEUE_RX);	/* room: refill */
			continue;
		}
		if (ret != SIMQ_OK)
			return fail("simvirtio: RX queue corrupt");
		buf[n++] = (char)c;
		if (c == '\n')
			return (int)n;
	}
	return fail("simvirtio: RX line too long");
}
