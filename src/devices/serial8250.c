// SPDX-License-Identifier: GPL-2.0
/*
 * 16550-compatible UART (COM1 on x86: port 0x3f8, IRQ 4): what
 * Linux's 8250 driver needs for a console. Bytes go to stdout at once, so
 * the transmitter is always empty; its interrupt fires when enabled and
 * again after each byte, until the driver reads IIR. Loopback mode
 * reflects MCR in MSR, which the driver's probe checks. Input from the
 * console thread waits in a FIFO (LSR DR, the RX interrupt) until read.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "console.h"
#include "device.h"

#define IER_RDI		0x01	/* received data available */
#define IER_THRI	0x02
#define IIR_NO_INT	0x01
#define IIR_THRI	0x02
#define IIR_RDI		0x04
#define LSR_DR		0x01
#define IIR_FIFO	0xc0
#define LCR_DLAB	0x80
#define MCR_LOOP	0x10
#define LSR_IDLE	0x60	/* THR empty, transmitter empty */
#define MSR_IDLE	0xb0	/* DCD, DSR, CTS */

struct uart8250 {
	struct irq_line line;
	pthread_mutex_t lock;	/* vCPUs access it concurrently */
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
	bool thri;		/* THR-empty interrupt pending */
	struct rx_fifo rx;	/* what the console input sent */
	int level;
	uint64_t tx_bytes, irqs;
};

static void update_irq(struct uart8250 *u)
{
	int level = ((u->ier & IER_THRI) && u->thri) ||
		    ((u->ier & IER_RDI) && !rx_fifo_empty(&u->rx));

	if (level == u->level)
		return;
	u->level = level;
	u->irqs += level;
	irq_line_set(&u->line, level);
}

static uint8_t msr(const struct uart8250 *u)
{
	if (!(u->mcr & MCR_LOOP))
		return MSR_IDLE;
	/* OUT2->DCD, OUT1->RI, RTS->CTS, DTR->DSR */
	return ((u->mcr & 0x0c) << 4) | ((u->mcr & 0x02) << 3) |
	       ((u->mcr & 0x01) << 5);
}

static uint64_t uart_read(void *opaque, uint64_t off, unsigned int len)
{
	struct uart8250 *u = opaque;
	uint8_t v = 0;
	bool dlab;

	(void)len;
	pthread_mutex_lock(&u->lock);
	dlab = u->lcr & LCR_DLAB;	/* under the lock: another vCPU may set it */
	switch (off) {
	case 0:
		v = dlab ? u->dll : rx_fifo_pop(&u->rx);
		break;
	case 1:
		v = dlab ? u->dlm : u->ier;
		break;
	case 2:
		v = (u->fcr & 1) ? IIR_FIFO : 0;
		if ((u->ier & IER_RDI) && !rx_fifo_empty(&u->rx)) {
			v |= IIR_RDI;	/* the higher priority; RBR clears it */
		} else if ((u->ier & IER_THRI) && u->thri) {
			v |= IIR_THRI;
			u->thri = false;	/* reading IIR acknowledges it */
		} else {
			v |= IIR_NO_INT;
		}
		break;
	case 3:
		v = u->lcr;
		break;
	case 4:
		v = u->mcr;
		break;
	case 5:
		v = LSR_IDLE | (rx_fifo_empty(&u->rx) ? 0 : LSR_DR);
		break;
	case 6:
		v = msr(u);
		break;
	case 7:
		v = u->scr;
		break;
	}
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
	return v;
}

static void uart_write(void *opaque, uint64_t off, unsigned int len,
		       uint64_t val)
{
	struct uart8250 *u = opaque;
	uint8_t v = (uint8_t)val;
	bool dlab;

	(void)len;
	pthread_mutex_lock(&u->lock);
	dlab = u->lcr & LCR_DLAB;
	switch (off) {
	case 0:
		if (dlab) {
			u->dll = v;
		} else {
			if (!(u->mcr & MCR_LOOP)) {
				console_write(stdout, &v, 1);
				u->tx_bytes++;
			}
			u->thri = true;	/* sent at once: empty again */
		}
		break;
	case 1:
		if (dlab) {
			u->dlm = v;
		} else {
			if ((v & IER_THRI) && !(u->ier & IER_THRI))
				u->thri = true;
			u->ier = v & 0x0f;
			rx_fifo_listen(&u->rx, v & IER_RDI);
		}
		break;
	case 2:
		u->fcr = v;
		break;
	case 3:
		u->lcr = v;
		break;
	case 4:
		u->mcr = v & 0x1f;
		break;
	case 7:
		u->scr = v;
		break;
	}
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
}

static void uart_stats(void *state, stat_emit_fn emit, void *ctx)
{
	struct uart8250 *u = state;

	pthread_mutex_lock(&u->lock);
	emit(ctx, "tx_bytes", u->tx_bytes);
	emit(ctx, "irqs", u->irqs);
	pthread_mutex_unlock(&u->lock);
}

static const struct bus_ops uart_ops = {
	.read = uart_read,
	.write = uart_write,
};

static int uart_init(void *state, struct vm *vm, const struct device_env *env,
		     const struct device_place *at)
{
	struct uart8250 *u = state;

	(void)env;
	u->line = irq_line_of(vm, at);
	rx_fifo_init(&u->rx);
	pthread_mutex_init(&u->lock, NULL);
	return 0;
}

static size_t uart_input(void *state, const uint8_t *buf, size_t n,
			 int room_fd)
{
	struct uart8250 *u = state;
	size_t took;

	pthread_mutex_lock(&u->lock);
	took = rx_fifo_push(&u->rx, buf, n, room_fd);
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
	return took;
}

static void uart_fini(void *state, bool attached)
{
	struct uart8250 *u = state;

	if (!attached)
		return;
	pthread_mutex_destroy(&u->lock);
}

static void uart_dt_props(const struct dt_writer *w)
{
	static const uint32_t clock_hz = 1843200;	/* the PC's crystal */

	w->u32s(w->ctx, "clock-frequency", &clock_hz, 1);
}

DEVICE_CLASS(serial8250) = {
	.name = "serial8250",
	.size = sizeof(struct uart8250),
	.ops = &uart_ops,
	.init = uart_init,
	.fini = uart_fini,
	.stats = uart_stats,
	.console = "ttyS0",
	.acpi_hid = "PNP0501",	/* a 16550-compatible COM port */
	.input = uart_input,
	DT_NODE("serial8250", "ns16550a"),
	.dt_props = uart_dt_props,
};
