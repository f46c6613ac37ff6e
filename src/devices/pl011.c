// SPDX-License-Identifier: GPL-2.0
/*
 * ARM PL011 UART: enough for Linux's amba-pl011 driver and for bare
 * guests that just write bytes to UARTDR. Bytes go to stdout at once, so
 * the TX FIFO is always empty: TXRIS is always set. Input from the console
 * thread waits in a FIFO (RXRIS and RTRIS while it is not empty). The
 * interrupt line is (RIS & IMSC) != 0.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "console.h"
#include "device.h"

#define DR	0x000
#define FR	0x018
#define IBRD	0x024
#define FBRD	0x028
#define LCR_H	0x02c
#define CR	0x030
#define IFLS	0x034
#define IMSC	0x038
#define RIS	0x03c
#define MIS	0x040
#define ICR	0x044
#define DMACR	0x048
#define ID_BASE	0xfe0

#define FR_RXFE	(1u << 4)
#define FR_TXFE	(1u << 7)
#define RIS_RX	(1u << 4)
#define RIS_TX	(1u << 5)
#define RIS_RT	(1u << 6)	/* receive timeout: data waiting */

/* UARTPeriphID0-3 then UARTPCellID0-3: what AMBA probing matches on */
static const uint8_t ids[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

struct pl011 {
	struct irq_line line;
	pthread_mutex_t lock;	/* vCPUs write concurrently */
	struct rx_fifo rx;	/* what the console input sent */
	uint32_t ibrd, fbrd, lcr_h, cr, ifls, imsc, dmacr;
	int level;
	uint64_t tx_bytes, irqs, bad_accesses;
};

/* TX is always empty; RX and its timeout while input waits */
static uint32_t ris(const struct pl011 *u)
{
	return RIS_TX | (rx_fifo_empty(&u->rx) ? 0 : RIS_RX | RIS_RT);
}

static void update_irq(struct pl011 *u)
{
	int level = (ris(u) & u->imsc) != 0;

	if (level == u->level)
		return;
	u->level = level;
	u->irqs += level;
	irq_line_set(&u->line, level);
}

static uint32_t *reg(struct pl011 *u, uint64_t off)
{
	switch (off) {
	case IBRD: return &u->ibrd;
	case FBRD: return &u->fbrd;
	case LCR_H: return &u->lcr_h;
	case CR: return &u->cr;
	case IFLS: return &u->ifls;
	case IMSC: return &u->imsc;
	case DMACR: return &u->dmacr;
	}
	return NULL;
}

static uint64_t pl011_read(void *opaque, uint64_t off, unsigned int len)
{
	struct pl011 *u = opaque;
	uint32_t *r, v = 0;

	if (len > 4 || off % 4) {
		__atomic_fetch_add(&u->bad_accesses, 1, __ATOMIC_RELAXED);
		return ~0ULL;
	}
	pthread_mutex_lock(&u->lock);
	r = reg(u, off);
	if (r)
		v = *r;
	else if (off == DR)
		v = rx_fifo_pop(&u->rx);
	else if (off == FR)
		v = FR_TXFE | (rx_fifo_empty(&u->rx) ? FR_RXFE : 0);
	else if (off == RIS)
		v = ris(u);
	else if (off == MIS)
		v = ris(u) & u->imsc;
	else if (off >= ID_BASE)
		v = ids[(off - ID_BASE) / 4];
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
	return v;
}

static void pl011_write(void *opaque, uint64_t off, unsigned int len,
			uint64_t val)
{
	struct pl011 *u = opaque;
	uint32_t *r;

	if (len > 4 || off % 4) {
		__atomic_fetch_add(&u->bad_accesses, 1, __ATOMIC_RELAXED);
		return;
	}
	pthread_mutex_lock(&u->lock);
	if (off == DR) {
		uint8_t c = (uint8_t)val;

		console_write(stdout, &c, 1);
		u->tx_bytes++;
	} else {
		r = reg(u, off);
		if (r)
			*r = (uint32_t)val;
		/* input only once the driver listens (the tty is open) */
		if (off == IMSC)
			rx_fifo_listen(&u->rx, u->imsc & (RIS_RX | RIS_RT));
		update_irq(u);	/* ICR cannot clear TX: it refires */
	}
	pthread_mutex_unlock(&u->lock);
}

static void pl011_stats(void *state, stat_emit_fn emit, void *ctx)
{
	struct pl011 *u = state;

	pthread_mutex_lock(&u->lock);
	emit(ctx, "tx_bytes", u->tx_bytes);
	emit(ctx, "irqs", u->irqs);
	pthread_mutex_unlock(&u->lock);
	emit(ctx, "bad_accesses",
	     __atomic_load_n(&u->bad_accesses, __ATOMIC_RELAXED));
}

static const struct bus_ops pl011_ops = {
	.read = pl011_read,
	.write = pl011_write,
};

static int pl011_init(void *state, struct vm *vm, const struct device_env *env,
		      const struct device_place *at)
{
	struct pl011 *u = state;

	(void)env;
	u->line = irq_line_of(vm, at);
	rx_fifo_init(&u->rx);
	pthread_mutex_init(&u->lock, NULL);
	return 0;
}

static size_t pl011_input(void *state, const uint8_t *buf, size_t n,
			  int room_fd)
{
	struct pl011 *u = state;
	size_t took;

	pthread_mutex_lock(&u->lock);
	took = rx_fifo_push(&u->rx, buf, n, room_fd);
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
	return took;
}

static void pl011_fini(void *state, bool attached)
{
	struct pl011 *u = state;

	if (!attached)
		return;
	pthread_mutex_destroy(&u->lock);
}

/* AMBA drivers want the bus clock, the UART clock, by name */
static void pl011_dt_props(const struct dt_writer *w)
{
	const uint32_t clocks[] = { w->clock, w->clock };
	static const char names[] = "uartclk\0apb_pclk";

	w->u32s(w->ctx, "clocks", clocks, 2);
	w->strs(w->ctx, "clock-names", names, sizeof(names));
}

DEVICE_CLASS(pl011) = {
	.name = "pl011",
	.size = sizeof(struct pl011),
	.ops = &pl011_ops,
	.init = pl011_init,
	.fini = pl011_fini,
	.stats = pl011_stats,
	.console = "ttyAMA0",
	.input = pl011_input,
	DT_NODE("pl011", "arm,pl011\0arm,primecell"),
	.dt_props = pl011_dt_props,
};
