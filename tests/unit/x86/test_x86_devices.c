// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 devices a Linux guest needs, driven through the bus as a guest
 * would: COM1's probe-visible behaviour, the RTC (its date against the C
 * library's, its update flag and alarm, at chosen times: linked with
 * --wrap=clock_gettime), the i8042 controller (what Linux's probe asks)
 * and its reset line, fw_cfg's items as kvm-unit-tests read them, the
 * ACPI PM registers (the timer at chosen times too).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "device_fixture.h"

#include "compiler.h"
#include "config.h"
#include "devices/console.h"
#include "devices/device.h"
#include "status.h"
#include "vcpu.h"
#include "vm.h"

static uint8_t in(struct fx *f, uint16_t port)
{
	uint8_t v = 0;

	assert_non_null(bus_access(&f->vm.bus, BUS_PIO, port, &v, 1, false));
	return v;
}

static void out(struct fx *f, uint16_t port, uint8_t v)
{
	assert_non_null(bus_access(&f->vm.bus, BUS_PIO, port, &v, 1, true));
}

static void test_uart_probe(void **state)
{
	struct fx *f = fx_new("serial8250");

	(void)state;
	out(f, 0x3ff, 0x5a);			/* scratch */
	assert_int_equal(in(f, 0x3ff), 0x5a);
	out(f, 0x3fb, 0x80);			/* DLAB: divisor latch */
	out(f, 0x3f8, 0x01);
	assert_int_equal(in(f, 0x3f8), 0x01);
	out(f, 0x3fb, 0x03);			/* 8N1 */
	assert_int_equal(in(f, 0x3fd) & 0x60, 0x60);	/* THR, TX empty */
	out(f, 0x3fc, 0x1a);			/* loopback, OUT2, RTS */
	assert_int_equal(in(f, 0x3fe) & 0xf0, 0x90);	/* DCD, CTS */
	out(f, 0x3fc, 0x08);
	assert_int_equal(in(f, 0x3fe), 0xb0);
	fx_free(f);
}

static void test_uart_thre_interrupt(void **state)
{
	struct fx *f = fx_new("serial8250");

	(void)state;
	assert_int_equal(in(f, 0x3fa) & 0x0f, 0x01);	/* nothing pending */
	out(f, 0x3f9, 0x02);			/* enable THR-empty */
	assert_int_equal(in(f, 0x3fa) & 0x0f, 0x02);	/* pending... */
	assert_int_equal(in(f, 0x3fa) & 0x0f, 0x01);	/* ...acked by IIR read */
	out(f, 0x3fc, 0x10);			/* loopback: no output */
	out(f, 0x3f8, 'x');			/* a byte sent: empty again */
	assert_int_equal(in(f, 0x3fa) & 0x0f, 0x02);
	fx_free(f);
}

/*
 * The RTC's wall clock and the PM timer's monotonic one: the real ones
 * unless a test sets a time (whole seconds, or nanoseconds)
 */
static time_t fake_time;
static int64_t fake_real_ns, fake_mono_ns;

int __wrap_clock_gettime(clockid_t id, struct timespec *ts)
{
	int64_t ns = id == CLOCK_REALTIME ?
		     (fake_time ? fake_time * 1000000000LL : fake_real_ns) :
		     id == CLOCK_MONOTONIC ? fake_mono_ns : 0;

	if (!ns)
		return (int)syscall(SYS_clock_gettime, id, ts);
	ts->tv_sec = (time_t)(ns / 1000000000LL);
	ts->tv_nsec = (long)(ns % 1000000000LL);
	return 0;
}

static uint8_t rtc(struct fx *f, uint8_t reg)
{
	out(f, 0x70, reg | 0x80);		/* NMI-disable bit is ignored */
	return in(f, 0x71);
}

static int unbcd(uint8_t v)
{
	return (v >> 4) * 10 + (v & 0xf);
}

static void test_rtc(void **state)
{
	struct fx *f = fx_new("cmos-rtc");
	time_t now = time(NULL);
	struct tm tm;

	(void)state;
	gmtime_r(&now, &tm);
	assert_int_equal(rtc(f, 0x0a) & 0x7f, 0x26);	/* 32 kHz, 1024 Hz */
	assert_int_equal(rtc(f, 0x0b) & 0x06, 0x02);	/* 24 h, BCD */
	assert_int_equal(unbcd(rtc(f, 0x09)), tm.tm_year % 100);
	assert_int_equal(unbcd(rtc(f, 0x32)), 19 + tm.tm_year / 100);
	assert_int_equal(unbcd(rtc(f, 0x08)), tm.tm_mon + 1);
	assert_true(unbcd(rtc(f, 0x04)) < 24);
	assert_true(unbcd(rtc(f, 0x00)) < 60);
	fx_free(f);
}

/* every field, at times where a date is easy to get wrong */
static void test_rtc_dates(void **state)
{
	static const time_t at[] = {
		1,		/* 1970-01-01, a Thursday */
		68255999,	/* 1972-02-29 23:59:59, a leap day */
		951782400,	/* 2000-02-29: a leap year by 400 */
		978307199,	/* 2000-12-31 23:59:59 */
		1796646174,	/* 2026-12-07 */
		2147483647,	/* 2038-01-19, the last 32-bit second */
		4107542399,	/* 2100-02-28 23:59:59: 2100 is no leap year */
		4107542400,	/* 2100-03-01 */
	};
	struct fx *f = fx_new("cmos-rtc");
	struct tm tm;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(at); i++) {
		fake_time = at[i];
		gmtime_r(&at[i], &tm);
		assert_int_equal(unbcd(rtc(f, 0x00)), tm.tm_sec);
		assert_int_equal(unbcd(rtc(f, 0x02)), tm.tm_min);
		assert_int_equal(unbcd(rtc(f, 0x04)), tm.tm_hour);
		assert_int_equal(unbcd(rtc(f, 0x06)), tm.tm_wday + 1);
		assert_int_equal(unbcd(rtc(f, 0x07)), tm.tm_mday);
		assert_int_equal(unbcd(rtc(f, 0x08)), tm.tm_mon + 1);
		assert_int_equal(unbcd(rtc(f, 0x09)), tm.tm_year % 100);
		assert_int_equal(unbcd(rtc(f, 0x32)), 19 + tm.tm_year / 100);
	}
	fake_time = 0;
	fx_free(f);
}

#define SEC	1000000000LL
#define T0	(1796646174LL * SEC)	/* 2026-12-07 11:42:54 */

/*
 * Update in progress: in the last 244 us before each second, and once
 * for an update a poller stepped over; other reads see it clear.
 */
static void test_rtc_uip(void **state)
{
	struct fx *f = fx_new("cmos-rtc");

	(void)state;
	fake_real_ns = T0 + SEC / 2;
	assert_int_equal(rtc(f, 0x0a) & 0x80, 0);
	fake_real_ns = T0 + SEC - 100000;		/* 100 us before */
	assert_int_equal(rtc(f, 0x0a) & 0x80, 0x80);
	fake_real_ns = T0 + SEC + 1000;			/* just after */
	assert_int_equal(rtc(f, 0x0a) & 0x80, 0);
	/* polled every 0.7 s: each update shows once, whatever the phase */
	fake_real_ns = T0 + SEC + SEC / 2;
	assert_int_equal(rtc(f, 0x0a) & 0x80, 0);
	fake_real_ns += 7 * SEC / 10;			/* past 2 s */
	assert_int_equal(rtc(f, 0x0a) & 0x80, 0x80);
	assert_int_equal(rtc(f, 0x0a) & 0x80, 0);	/* once */
	fake_real_ns += 7 * SEC / 10;			/* 2.9 s: none */
	assert_int_equal(rtc(f, 0x0a) & 0x80, 0);
	/* the rate bits are kept, UIP is not written */
	out(f, 0x70, 0x0a);
	out(f, 0x71, 0xa5);
	assert_int_equal(rtc(f, 0x0a), 0x25);
	fake_real_ns = 0;
	fx_free(f);
}

/* Register C after n seconds, read at a time within the second. */
static uint8_t reg_c_at(struct fx *f, int64_t at)
{
	fake_real_ns = at;
	return rtc(f, 0x0c);
}

/*
 * The alarm: its flag in register C (with IRQF when enabled), the
 * update flag beside it, reading clears them; the next second it
 * matches, which wakes a guest from S3, only with AIE.
 */
static void test_rtc_alarm(void **state)
{
	struct vm_waker *w;
	struct fx *f;
	int64_t s0 = T0 / SEC;

	(void)state;
	fake_real_ns = T0 + SEC / 4;
	f = fx_new("cmos-rtc");
	w = &f->vm.rtc_alarm;
	assert_non_null(w->next);
	assert_int_equal(reg_c_at(f, T0 + SEC / 2), 0);	/* same second */
	/* any second: both flags, IRQF only once AIE is on */
	out(f, 0x70, 0x01);
	out(f, 0x71, 0xc0);
	out(f, 0x70, 0x03);
	out(f, 0x71, 0xff);
	out(f, 0x70, 0x05);
	out(f, 0x71, 0xc3);
	assert_int_equal(rtc(f, 0x01), 0xc0);
	assert_int_equal(w->next(w->opaque), 0);	/* AIE off */
	assert_int_equal(reg_c_at(f, T0 + SEC + 1), 0x30);
	out(f, 0x70, 0x0b);
	out(f, 0x71, 0xff);			/* keeps 24 h, BCD */
	assert_int_equal(rtc(f, 0x0b), 0x7a);
	assert_int_equal(w->next(w->opaque), s0 + 2);
	assert_int_equal(reg_c_at(f, T0 + 2 * SEC), 0xb0);
	assert_int_equal(reg_c_at(f, T0 + 2 * SEC), 0);	/* read: cleared */
	/* a seconds alarm 5 s on: two updates without it, then it */
	out(f, 0x70, 0x01);
	out(f, 0x71, (uint8_t)((((54 + 5) % 60) / 10) << 4 | (54 + 5) % 10));
	out(f, 0x70, 0x0b);
	out(f, 0x71, 0x22);			/* AIE only */
	assert_int_equal(w->next(w->opaque), s0 + 5);
	assert_int_equal(reg_c_at(f, T0 + 4 * SEC), 0x10);
	assert_int_equal(reg_c_at(f, T0 + 6 * SEC), 0xa0 | 0x10);
	/* a minute alarm that never matches (not BCD): never */
	out(f, 0x70, 0x03);
	out(f, 0x71, 0x7f);
	assert_int_equal(w->next(w->opaque), 0);
	fake_real_ns = 0;
	fx_free(f);
}

static uint32_t pm_in(struct fx *f, uint16_t port, unsigned int len)
{
	uint32_t v = 0;

	assert_non_null(bus_access(&f->vm.bus, BUS_PIO, port, &v, len, false));
	return v;
}

static void pm_out(struct fx *f, uint16_t port, uint32_t v, unsigned int len)
{
	assert_non_null(bus_access(&f->vm.bus, BUS_PIO, port, &v, len, true));
}

/*
 * The ACPI PM registers: the timer at 3.579545 MHz from the monotonic
 * clock, PM1_EN keeping its defined bits, PM1_CNT's SLP_TYP and SCI_EN,
 * any access size; S5 ends the run (0), S3 where the machine cannot
 * sleep (no Multiboot image here) is refused; the gap and the timer's
 * writes are not the guest's to use.
 */
static void test_acpi_pm(void **state)
{
	struct fx *f = fx_new("acpi-pm");
	uint32_t v = 0;

	(void)state;
	fake_mono_ns = 2 * SEC + SEC / 2;
	assert_int_equal(pm_in(f, 0x608, 4), 8948862);	/* 2.5 s */
	assert_int_equal(pm_in(f, 0x609, 1), (8948862 >> 8) & 0xff);
	assert_int_equal(pm_in(f, 0x60a, 2), 8948862 >> 16);
	fake_mono_ns = 1200 * SEC;			/* wraps at 2^32 */
	assert_int_equal(pm_in(f, 0x608, 4),
			 (uint32_t)(1200ULL * 3579545ULL));
	pm_out(f, 0x608, 0, 4);				/* read-only */
	fake_mono_ns = 0;

	assert_int_equal(pm_in(f, 0x600, 4), 0);
	pm_out(f, 0x602, 0xffff, 2);
	assert_int_equal(pm_in(f, 0x602, 2), 0x0721);
	pm_out(f, 0x603, 0x00, 1);			/* one byte of it */
	assert_int_equal(pm_in(f, 0x600, 4), 0x00210000);
	pm_out(f, 0x600, 0xffff, 2);			/* W1C: nothing set */
	assert_int_equal(pm_in(f, 0x600, 2), 0);
	assert_int_equal(pm_in(f, 0x604, 2), 0x0001);	/* SCI_EN */
	pm_out(f, 0x604, 0x1c06, 2);			/* SLP_TYP 7 */
	assert_int_equal(pm_in(f, 0x604, 2), 0x1c01);
	assert_null(bus_access(&f->vm.bus, BUS_PIO, 0x606, &v, 2, false));
	assert_null(bus_access(&f->vm.bus, BUS_PIO, 0x60c, &v, 1, false));

	pm_out(f, 0x604, 0x2400, 2);			/* S3: cannot here */
	assert_int_equal(fx_counter(f, "refused"), 1);
	assert_false(vm_stopping(&f->vm));
	pm_out(f, 0x605, 0x20, 1);			/* S5 by one byte */
	assert_true(vm_stopping(&f->vm));
	assert_int_equal(vm_stop_status(&f->vm), ST_OK);
	fx_free(f);
}

static void test_i8042_reset_ends_run(void **state)
{
	struct fx *f = fx_new("i8042");

	(void)state;
	assert_int_equal(in(f, 0x64) & 0x02, 0);	/* input buffer empty */
	out(f, 0x60, 0xfe);			/* data port: not a reset */
	out(f, 0x64, 0xd1);			/* another command */
	assert_false(vm_stopping(&f->vm));
	out(f, 0x64, 0xfe);
	assert_int_equal(vm_stop_status(&f->vm), ST_OK);
	fx_free(f);
}

/* Linux's i8042 probe: every command it waits on answers at once. */
static void test_i8042_probe(void **state)
{
	struct fx *f = fx_new("i8042");

	(void)state;
	assert_int_equal(in(f, 0x64) & 0x01, 0);	/* nothing to read */
	out(f, 0x64, 0x20);				/* read CTR */
	assert_int_equal(in(f, 0x64) & 0x21, 0x01);
	assert_int_equal(in(f, 0x60), 0x30);		/* both ports off */
	assert_int_equal(in(f, 0x64) & 0x01, 0);
	out(f, 0x64, 0x60);				/* write CTR */
	out(f, 0x60, 0x47);
	out(f, 0x64, 0x20);
	assert_int_equal(in(f, 0x60), 0x47);
	out(f, 0x64, 0xa7);				/* AUX off: CTR bit 5 */
	out(f, 0x64, 0x20);
	assert_int_equal(in(f, 0x60), 0x67);
	out(f, 0x64, 0xd3);				/* AUX loopback */
	out(f, 0x60, 0x5a);
	assert_int_equal(in(f, 0x64) & 0x21, 0x21);	/* full, from AUX */
	assert_int_equal(in(f, 0x60), 0x5a);
	out(f, 0x64, 0xaa);				/* self-test */
	assert_int_equal(in(f, 0x60), 0x55);
	out(f, 0x60, 0xf2);				/* to the (absent) keyboard */
	assert_int_equal(in(f, 0x64) & 0x01, 0);
	assert_false(vm_stopping(&f->vm));
	fx_free(f);
}

/* Console input: LSR DR, the RX interrupt first in IIR, RBR, room. */
static void test_uart_input(void **state)
{
	struct fx *f = fx_new("serial8250");
	const struct device *d = &f->dm.dev[0];
	uint8_t big[RX_FIFO_SIZE + 10] = { 0 };
	int efd = eventfd(0, EFD_NONBLOCK);
	eventfd_t v;

	(void)state;
	assert_true(efd >= 0);
	assert_int_equal(in(f, 0x3fd) & 0x01, 0);		/* no data */
	/* nothing until the driver listens (RX interrupt on) */
	assert_int_equal(d->cls->input(d->state, (const uint8_t *)"hi", 2, efd), 0);
	out(f, 0x3f9, 0x03);				/* RX and THR-empty */
	assert_int_equal(eventfd_read(efd, &v), 0);	/* go on */
	assert_int_equal(d->cls->input(d->state, (const uint8_t *)"hi", 2, efd), 2);
	assert_int_equal(in(f, 0x3fd) & 0x01, 0x01);
	/* Linux's probe turns interrupts off again: the data hides, stays */
	out(f, 0x3f9, 0x00);
	assert_int_equal(in(f, 0x3fd) & 0x01, 0);
	assert_int_equal(in(f, 0x3f8), 0);		/* a "stale" read */
	out(f, 0x3f9, 0x03);
	assert_int_equal(in(f, 0x3fa) & 0x0f, 0x04);	/* RX before THR */
	assert_int_equal(in(f, 0x3f8), 'h');
	assert_int_equal(in(f, 0x3f8), 'i');
	assert_int_equal(in(f, 0x3fd) & 0x01, 0);
	assert_int_equal(in(f, 0x3fa) & 0x0f, 0x02);	/* then THR */
	/* a full FIFO refuses, and says when the guest made room */
	assert_int_equal(d->cls->input(d->state, big, sizeof(big), efd),
			 RX_FIFO_SIZE);
	assert_int_equal(eventfd_read(efd, &v), -1);	/* not yet */
	in(f, 0x3f8);
	assert_int_equal(eventfd_read(efd, &v), 0);
	assert_int_equal(v, 1);
	close(efd);
	fx_free(f);
}

/* QEMU's isa-debug-exit: only when asked for; a write ends the run. */
static void test_isa_debug_exit(void **state)
{
	struct device_row rows[2] = { *fx_row("isa-debug-exit"), { NULL } };
	static const struct device_env env;
	struct fx *f = calloc(1, sizeof(*f));
	uint32_t v = 0x15;

	(void)state;
	assert_non_null(f);
	config_defaults(&f->cfg);
	assert_int_equal(devmgr_create(&f->dm, rows, &f->vm, &env), 0);
	assert_int_equal(f->dm.nr, 0);			/* off by default */
	assert_int_equal(PARSE(&f->cfg, "--isa-debug-exit"), ST_OK);
	assert_int_equal(devmgr_create(&f->dm, rows, &f->vm, &env), 0);
	assert_int_equal(f->dm.nr, 1);
	assert_int_equal(rows[0].at.base, 0xf4);
	assert_int_equal(rows[0].at.size, 4);
	assert_false(vm_stopping(&f->vm));
	assert_non_null(bus_access(&f->vm.bus, BUS_PIO, 0xf4, &v, 4, true));
	assert_int_equal(vm_stop_status(&f->vm), (0x15 << 1) | 1);
	assert_int_equal(fx_counter(f, "value"), 0x15);
	fx_free(f);
}

/* fw_cfg as kvm-unit-tests read an item: select, then byte by byte */
static uint64_t fw_cfg_item(struct fx *f, uint16_t key, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	assert_non_null(bus_access(&f->vm.bus, BUS_PIO, 0x510, &key, 2, true));
	for (i = 0; i < bytes; i++)
		v |= (uint64_t)in(f, 0x511) << (8 * i);
	return v;
}

static void test_fw_cfg(void **state)
{
	struct fx *f = fx_new("fw-cfg");
	struct vcpu_set set = { .planned = 3 };
	uint16_t wide = 0xffff;

	(void)state;
	f->vm.slots[0].size = 128 << 20;
	f->vm.vcpus = &set;
	/* before any selection: the signature */
	assert_int_equal(in(f, 0x511), 'Q');
	assert_int_equal(fw_cfg_item(f, 0x00, 4), 0x554d4551);	/* "QEMU" */
	assert_int_equal(fw_cfg_item(f, 0x01, 4), 1);	/* no DMA */
	assert_int_equal(fw_cfg_item(f, 0x05, 2), 3);
	assert_int_equal(fw_cfg_item(f, 0x0f, 2), 3);
	assert_int_equal(fw_cfg_item(f, 0x03, 8), 128 << 20);
	/* past the item, and an item QEMU's PC has but kvmini not: zeros */
	assert_int_equal(in(f, 0x511), 0);
	assert_int_equal(fw_cfg_item(f, 0x11, 8), 0);
	assert_int_equal(fw_cfg_item(f, 0xffff, 8), 0);
	/* a data write changes nothing: the next byte is the next one */
	fw_cfg_item(f, 0x03, 3);
	out(f, 0x511, 0x55);
	assert_int_equal(in(f, 0x511), 0x08);	/* 128 MiB = 0x08000000 */
	/* a 2-byte access at the selector: a selection, reads 0 */
	assert_non_null(bus_access(&f->vm.bus, BUS_PIO, 0x510, &wide, 2, false));
	assert_int_equal(wide, 0);
	fw_cfg_item(f, 0x05, 0);
	assert_int_equal(in(f, 0x510), 0);	/* the selector reads 0 */
	assert_int_equal(in(f, 0x511), 3);
	assert_int_equal(fx_counter(f, "selects"), 9);
	fx_free(f);
}

/* pc-testdev's two classes, which its option asks for */
static struct fx *fx_pc_testdev(void)
{
	static const struct device_env env;
	struct device_row rows[3] = {
		*fx_row("pc-testdev"), *fx_row("pc-testdev-mem"), { NULL },
	};
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	assert_int_equal(devmgr_create(&f->dm, rows, &f->vm, &env), 0);
	assert_int_equal(f->dm.nr, 0);		/* off by default */
	assert_int_equal(PARSE(&f->cfg, "--pc-testdev"), ST_OK);
	assert_int_equal(devmgr_create(&f->dm, rows, &f->vm, &env), 0);
	assert_int_equal(f->dm.nr, 2);
	return f;
}

static void test_pc_testdev(void **state)
{
	struct config cfg;
	struct fx *f;
	uint32_t v32 = 0x11223344;
	uint64_t v64 = 0x0102030405060708ULL, r64 = 0;
	uint8_t *mem = (uint8_t *)&r64;

	(void)state;
	f = fx_pc_testdev();
	assert_non_null(bus_access(&f->vm.bus, BUS_PIO, 0xe0, &v32, 4, true));
	assert_int_equal(in(f, 0xe0), 0x44);
	assert_int_equal(in(f, 0xe3), 0x11);
	out(f, 0xe1, 0xaa);			/* one byte of it */
	v32 = 0;
	assert_non_null(bus_access(&f->vm.bus, BUS_PIO, 0xe0, &v32, 4, false));
	assert_int_equal(v32, 0x1122aa44);
	assert_int_equal(in(f, 0xe5), 0);	/* not the register */
	v32 = 0x1000;
	assert_non_null(bus_access(&f->vm.bus, BUS_PIO, 0xe4, &v32, 4, true));
	out(f, 0x2000 + 14, 1);			/* IRQ 14 up: no irqchip here */
	out(f, 0x2017, 0);
	assert_null(bus_access(&f->vm.bus, BUS_PIO, 0x2018, &v32, 1, true));
	assert_null(bus_access(&f->vm.bus, BUS_PIO, 0xe8, &v32, 1, true));
	assert_int_equal(fx_counter(f, "flushes"), 1);
	assert_int_equal(fx_counter(f, "irq_writes"), 2);
	assert_non_null(bus_access(&f->vm.bus, BUS_MMIO, 0xff00fff8, &v64, 8, true));
	assert_non_null(bus_access(&f->vm.bus, BUS_MMIO, 0xff00fff8, &r64, 8, false));
	assert_int_equal(r64, v64);
	assert_non_null(bus_access(&f->vm.bus, BUS_MMIO, 0xff00fffb, &r64, 1, false));
	assert_int_equal(mem[0], 0x05);		/* memory order */
	/* not past its 64 KiB */
	assert_null(bus_access(&f->vm.bus, BUS_MMIO, 0xff00fffc, &r64, 8, false));
	fx_free(f);
	assert_int_equal(PARSE(&cfg, "--no-check"), ST_OK);	/* off again */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uart_probe),
		cmocka_unit_test(test_uart_thre_interrupt),
		cmocka_unit_test(test_rtc),
		cmocka_unit_test(test_rtc_dates),
		cmocka_unit_test(test_rtc_uip),
		cmocka_unit_test(test_rtc_alarm),
		cmocka_unit_test(test_acpi_pm),
		cmocka_unit_test(test_i8042_reset_ends_run),
		cmocka_unit_test(test_i8042_probe),
		cmocka_unit_test(test_isa_debug_exit),
		cmocka_unit_test(test_fw_cfg),
		cmocka_unit_test(test_pc_testdev),
		cmocka_unit_test(test_uart_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
