// SPDX-License-Identifier: GPL-2.0
/*
 * ARM PL011 UART, transmit side: enough for Linux's amba-pl011 driver and
 * for bare guests that just write bytes to UARTDR. Bytes go to stdout at
 * once, so the TX FIFO is always empty: TXRIS is always set and the
 * interrupt line is (RIS & IMSC) != 0. There is no input: RX is empty.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "arch.h"
#include "device.h"
#include "status.h"
#include "vm.h"

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
#define SIZE	0x1000

#define FR_RXFE	(1u << 4)
#define FR_TXFE	(1u << 7)
#define RIS_TX	(1u << 5)

/* UARTPeriphID0-3 then UARTPCellID0-3: what AMBA probing matches on */
static const uint8_t ids[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

struct pl011 {
	struct vm *vm;
	pthread_mutex_t lock;	/* vCPUs write concurrently */
	FILE *out;
	uint32_t ibrd, fbrd, lcr_h, cr, ifls, imsc, dmacr;
	int level;
	uint64_t tx_bytes, irqs, bad_accesses;
};

static void update_irq(struct pl011 *u)
{
	int level = (RIS_TX & u->imsc) != 0;

	if (level == u->level)
		return;
	u->level = level;
	u->irqs += level;
	arch_set_irq(u->vm, KVMINI_UART_SPI, level);
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
	else if (off == FR)
		v = FR_TXFE | FR_RXFE;
	else if (off == RIS)
		v = RIS_TX;
	else if (off == MIS)
		v = RIS_TX & u->imsc;
	else if (off >= ID_BASE)
		v = ids[(off - ID_BASE) / 4];
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
		fputc((int)(val & 0xff), u->out);
		if ((val & 0xff) == '\n')
			fflush(u->out);
		u->tx_bytes++;
	} else {
		r = reg(u, off);
		if (r)
			*r = (uint32_t)val;
		update_irq(u);	/* ICR cannot clear TX: it refires */
	}
	pthread_mutex_unlock(&u->lock);
}

static void pl011_stats(void *opaque,
			void (*emit)(void *, const char *, uint64_t), void *ctx)
{
	struct pl011 *u = opaque;

	emit(ctx, "tx_bytes", u->tx_bytes);
	emit(ctx, "irqs", u->irqs);
	emit(ctx, "bad_accesses", u->bad_accesses);
}

static const struct bus_ops pl011_ops = {
	.read = pl011_read,
	.write = pl011_write,
	.stats = pl011_stats,
};

static int pl011_create(struct vm *vm, const struct config *cfg, void **state)
{
	struct pl011 *u;

	(void)cfg;
	u = bus_new_device(&vm->bus, BUS_MMIO, KVMINI_UART_BASE, SIZE, "pl011",
			   &pl011_ops, sizeof(*u));
	if (!u)
		return -1;
	u->vm = vm;
	u->out = stdout;
	pthread_mutex_init(&u->lock, NULL);
	*state = u;
	return 0;
}

static void pl011_destroy(void *state)
{
	struct pl011 *u = state;

	pthread_mutex_destroy(&u->lock);
	free(u);
}

const struct device_class pl011_class = {
	.name = "pl011",
	.create = pl011_create,
	.destroy = pl011_destroy,
};
