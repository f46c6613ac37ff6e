// SPDX-License-Identifier: GPL-2.0
/*
 * CMOS real-time clock (ports 0x70 index, 0x71 data on a PC), read side: the
 * host's UTC time in BCD, 24-hour mode, never "update in progress".
 * Without it a kernel reads 0xff from the unclaimed ports, takes that for
 * an update in progress and polls some 20,000 times before giving up.
 * Writes and the CMOS RAM are ignored.
 */
#include <pthread.h>
#include <time.h>

#include "device.h"

#define NMI_DISABLE	0x80

#define REG_SEC		0x00
#define REG_MIN		0x02
#define REG_HOUR	0x04
#define REG_WDAY	0x06
#define REG_MDAY	0x07
#define REG_MON		0x08
#define REG_YEAR	0x09
#define REG_A		0x0a	/* bit 7: update in progress, kept 0 */
#define REG_B		0x0b
#define REG_D		0x0d
#define REG_CENTURY	0x32

#define B_24H		0x02	/* 24-hour, BCD (DM bit clear) */
#define D_VRT		0x80	/* valid RAM and time */

struct cmos {
	pthread_mutex_t lock;
	uint8_t index;
	uint64_t reads;
};

static uint8_t bcd(int v)
{
	return (uint8_t)(((v / 10) << 4) | (v % 10));
}

/*
 * The UTC date and time of Unix time t, without the C library's time
 * zone (its first gmtime_r() opens /etc/localtime, a file a guest that
 * never reads the clock should not cost): days become a date of the
 * proleptic Gregorian calendar, counted in eras of 400 years (146097
 * days) from 0000-03-01, so that a leap day ends its year.
 */
static void utc(int64_t t, struct tm *tm)
{
	int64_t days = t / 86400, secs = t % 86400;
	int64_t era, doe, yoe, doy, mp;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_min = (int)(secs / 60 % 60);
	tm->tm_sec = (int)(secs % 60);
	tm->tm_wday = (int)((days % 7 + 11) % 7);	/* 1970-01-01: Thu */
	days += 719468;					/* from 0000-03-01 */
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;			/* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* from March 1 */
	mp = (5 * doy + 2) / 153;			/* March = 0 */
	tm->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	tm->tm_mon = (int)(mp < 10 ? mp + 2 : mp - 10);
	tm->tm_year = (int)(yoe + era * 400 + (tm->tm_mon <= 1) - 1900);
}

static uint8_t rtc_reg(uint8_t reg)
{
	struct tm tm;

	utc(time(NULL), &tm);
	switch (reg) {
	case REG_SEC: return bcd(tm.tm_sec);
	case REG_MIN: return bcd(tm.tm_min);
	case REG_HOUR: return bcd(tm.tm_hour);
	case REG_WDAY: return bcd(tm.tm_wday + 1);
	case REG_MDAY: return bcd(tm.tm_mday);
	case REG_MON: return bcd(tm.tm_mon + 1);
	case REG_YEAR: return bcd(tm.tm_year % 100);
	case REG_CENTURY: return bcd(19 + tm.tm_year / 100);
	case REG_A: return 0x26;	/* 32.768 kHz, 1024 Hz; no UIP */
	case REG_B: return B_24H;
	case REG_D: return D_VRT;
	}
	return 0;
}

static uint64_t cmos_read(void *opaque, uint64_t off, unsigned int len)
{
	struct cmos *c = opaque;
	uint8_t v;

	(void)len;
	pthread_mutex_lock(&c->lock);
	v = off ? rtc_reg(c->index) : c->index;
	c->reads++;
	pthread_mutex_unlock(&c->lock);
	return v;
}

static void cmos_write(void *opaque, uint64_t off, unsigned int len,
		       uint64_t val)
{
	struct cmos *c = opaque;

	(void)len;
	if (off)
		return;		/* setting the clock: ignored */
	pthread_mutex_lock(&c->lock);
	c->index = (uint8_t)val & ~NMI_DISABLE;
	pthread_mutex_unlock(&c->lock);
}

static void cmos_stats(void *state, stat_emit_fn emit, void *ctx)
{
	struct cmos *c = state;

	pthread_mutex_lock(&c->lock);
	emit(ctx, "reads", c->reads);
	pthread_mutex_unlock(&c->lock);
}

static const struct bus_ops cmos_ops = {
	.read = cmos_read,
	.write = cmos_write,
};

static int cmos_init(void *state, struct vm *vm, const struct device_env *env,
		     const struct device_place *at)
{
	struct cmos *c = state;

	(void)vm;
	(void)env;
	(void)at;
	pthread_mutex_init(&c->lock, NULL);
	return 0;
}

static void cmos_fini(void *state, bool attached)
{
	struct cmos *c = state;

	if (!attached)
		return;
	pthread_mutex_destroy(&c->lock);
}

DEVICE_CLASS(cmos_rtc) = {
	.name = "cmos-rtc",
	.size = sizeof(struct cmos),
	.ops = &cmos_ops,
	.init = cmos_init,
	.fini = cmos_fini,
	.stats = cmos_stats,
	.acpi_hid = "PNP0B00",	/* AT real-time clock */
};
