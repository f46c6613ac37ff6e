// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 machine's own devices, driven through the bus as a guest
 * would: the PL011 as Linux's amba-pl011 driver probes and uses it, and
 * the exit register that ends a bare guest's run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <cmocka.h>

#include "device_fixture.h"

#include "arch.h"
#include "config.h"
#include "devices/device.h"
#include "status.h"
#include "vm.h"

#define UART(off)	(KVMINI_UART_BASE + (off))
#define DR		UART(0x000)
#define FR		UART(0x018)
#define IBRD		UART(0x024)
#define LCR_H		UART(0x02c)
#define CR		UART(0x030)
#define IMSC		UART(0x038)
#define RIS		UART(0x03c)
#define MIS		UART(0x040)
#define ICR		UART(0x044)
#define PERIPH_ID0	UART(0xfe0)

#define FR_RXFE		0x10
#define FR_TXFE		0x80
#define INT_RX		0x10
#define INT_TX		0x20

static uint64_t rd(struct fx *f, uint64_t addr, unsigned int len)
{
	uint64_t v = 0;

	assert_non_null(bus_access(&f->vm.bus, BUS_MMIO, addr, &v, len, false));
	return v;
}

static void wr(struct fx *f, uint64_t addr, unsigned int len, uint64_t v)
{
	assert_non_null(bus_access(&f->vm.bus, BUS_MMIO, addr, &v, len, true));
}

static void test_pl011_probe(void **state)
{
	static const uint8_t ids[8] = {
		0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
	};
	struct fx *f = fx_new("pl011");
	unsigned int i;

	(void)state;
	/* AMBA matches on peripheral ID 0x00141011 and the PrimeCell ID */
	for (i = 0; i < 8; i++)
		assert_int_equal(rd(f, PERIPH_ID0 + 4 * i, 4), ids[i]);
	assert_int_equal(rd(f, FR, 4), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(f, DR, 4), 0);		/* no input */
	wr(f, IBRD, 4, 13);				/* 115200 at 24 MHz */
	wr(f, LCR_H, 4, 0x70);				/* 8 bits, FIFOs */
	wr(f, CR, 4, 0x301);				/* enable, TX, RX */
	assert_int_equal(rd(f, IBRD, 4), 13);
	assert_int_equal(rd(f, LCR_H, 4), 0x70);
	assert_int_equal(rd(f, CR, 4), 0x301);
	assert_int_equal(fx_counter(f, "bad_accesses"), 0);
	fx_free(f);
}

static void test_pl011_transmits(void **state)
{
	struct fx *f = fx_new("pl011");
	char path[] = "/tmp/kvmini-pl011-XXXXXX";
	char out[8] = "";
	int fd = mkstemp(path), saved;

	(void)state;
	assert_true(fd >= 0);
	/* the UART writes to stdout: point it at a file meanwhile */
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
	wr(f, DR, 4, 'o');
	wr(f, DR, 1, 'k');
	wr(f, DR, 4, 0x100 | '\n');		/* bits above the byte: dropped */
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	assert_int_equal(pread(fd, out, sizeof(out) - 1, 0), 3);
	assert_string_equal(out, "ok\n");
	assert_int_equal(fx_counter(f, "tx_bytes"), 3);
	assert_int_equal(rd(f, FR, 4) & FR_TXFE, FR_TXFE);	/* never full */
	close(fd);
	unlink(path);
	fx_free(f);
}

static void test_pl011_interrupt_line(void **state)
{
	struct fx *f = fx_new("pl011");

	(void)state;
	assert_int_equal(rd(f, RIS, 4), INT_TX);	/* TX FIFO empty */
	assert_int_equal(rd(f, MIS, 4), 0);		/* but masked */
	wr(f, IMSC, 4, INT_RX);				/* nothing to receive */
	assert_int_equal(rd(f, MIS, 4), 0);
	assert_int_equal(fx_counter(f, "irqs"), 0);
	wr(f, IMSC, 4, INT_RX | INT_TX);
	assert_int_equal(rd(f, MIS, 4), INT_TX);
	assert_int_equal(fx_counter(f, "irqs"), 1);	/* the line rose */
	wr(f, ICR, 4, INT_TX);				/* refires at once */
	assert_int_equal(rd(f, MIS, 4), INT_TX);
	assert_int_equal(fx_counter(f, "irqs"), 1);	/* and stayed up */
	wr(f, IMSC, 4, 0);
	assert_int_equal(rd(f, MIS, 4), 0);
	wr(f, IMSC, 4, INT_TX);
	assert_int_equal(fx_counter(f, "irqs"), 2);
	fx_free(f);
}

static void test_pl011_bad_accesses(void **state)
{
	struct fx *f = fx_new("pl011");

	(void)state;
	wr(f, IBRD, 4, 13);
	assert_int_equal(rd(f, FR, 8), ~0ULL);		/* too wide */
	assert_int_equal(rd(f, FR + 1, 1), 0xff);	/* unaligned */
	wr(f, IBRD, 8, 1);
	wr(f, IBRD + 2, 2, 1);
	assert_int_equal(rd(f, IBRD, 4), 13);		/* both ignored */
	assert_int_equal(fx_counter(f, "bad_accesses"), 4);
	assert_int_equal(fx_counter(f, "tx_bytes"), 0);
	fx_free(f);
}

/* Console input: FR RXFE, RXRIS/RTRIS and the line, DR pops. */
static void test_pl011_input(void **state)
{
	struct fx *f = fx_new("pl011");
	const struct device *d = &f->dm.dev[0];
	int efd = eventfd(0, EFD_NONBLOCK);
	eventfd_t v;

	(void)state;
	assert_true(efd >= 0);
	assert_int_equal(rd(f, FR, 4) & FR_RXFE, FR_RXFE);
	assert_int_equal(rd(f, RIS, 4) & INT_RX, 0);
	/* nothing until the driver listens (RX interrupts on) */
	assert_int_equal(d->cls->input(d->state, (const uint8_t *)"ok", 2, efd), 0);
	wr(f, IMSC, 4, INT_RX | 0x40);			/* RX, RX timeout */
	assert_int_equal(eventfd_read(efd, &v), 0);	/* go on */
	assert_int_equal(d->cls->input(d->state, (const uint8_t *)"ok", 2, efd), 2);
	assert_int_equal(rd(f, FR, 4) & FR_RXFE, 0);
	assert_int_equal(rd(f, MIS, 4) & (INT_RX | 0x40), INT_RX | 0x40);
	assert_int_equal(rd(f, DR, 4), 'o');
	assert_int_equal(rd(f, DR, 4), 'k');
	assert_int_equal(rd(f, FR, 4) & FR_RXFE, FR_RXFE);
	assert_int_equal(rd(f, MIS, 4) & (INT_RX | 0x40), 0);
	close(efd);
	fx_free(f);
}

static void test_exit_register_ends_run(void **state)
{
	struct fx *f = fx_new("exit");

	(void)state;
	assert_int_equal(rd(f, KVMINI_EXIT_BASE, 8), ~0ULL);	/* write-only */
	assert_false(vm_stopping(&f->vm));
	wr(f, KVMINI_EXIT_BASE, 8, 42);
	assert_int_equal(vm_stop_status(&f->vm), ST_OK);
	assert_int_equal(fx_counter(f, "value"), 42);
	fx_free(f);
}

/* The whole arm64 table: every device at its guest-ABI place, one bus. */
static void test_machine_devices(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	const struct bus_region *r;
	uint64_t v;

	(void)state;
	assert_non_null(f);
	config_defaults(&f->cfg);
	/* the queue pages need guest memory: SIMVIRTIO is left out */
	f->dm.nr = 0;
	{
		struct device_row rows[] = {
			*fx_row("pl011"), *fx_row("exit"), { NULL },
		};

		assert_int_equal(devmgr_create(&f->dm, rows, &f->vm,
					       &(struct device_env){ 0 }), 0);
	}
	assert_int_equal(f->dm.nr, 2);
	r = bus_access(&f->vm.bus, BUS_MMIO, KVMINI_UART_BASE, &v, 4, false);
	assert_non_null(r);
	assert_string_equal(f->dm.dev[r->dev].cls->name, "pl011");
	assert_int_equal(f->dm.dev[r->dev].at.irq, KVMINI_UART_SPI);
	r = bus_access(&f->vm.bus, BUS_MMIO, KVMINI_EXIT_BASE, &v, 8, false);
	assert_non_null(r);
	assert_string_equal(f->dm.dev[r->dev].cls->name, "exit");
	assert_null(bus_access(&f->vm.bus, BUS_MMIO, KVMINI_EXIT_BASE + 8, &v,
			       4, false));
	assert_non_null(fx_row("simvirtio"));
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pl011_probe),
		cmocka_unit_test(test_pl011_transmits),
		cmocka_unit_test(test_pl011_interrupt_line),
		cmocka_unit_test(test_pl011_bad_accesses),
		cmocka_unit_test(test_pl011_input),
		cmocka_unit_test(test_exit_register_ends_run),
		cmocka_unit_test(test_machine_devices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
