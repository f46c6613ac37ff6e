// SPDX-License-Identifier: GPL-2.0
/*
 * CMOS real-time clock (ports 0x70 index, 0x71 data on a PC): the host's
 * UTC time in BCD, 24-hour mode, with the update-in-progress flag around
 * each second's update and the alarm. Without it a kernel reads 0xff from
 * the unclaimed ports, takes that for an update in progress and polls
 * some 20,000 times before giving up.
 *
 * The alarm raises no interrupt (kvmini's RTC has no line): its flag is
 * in register C, and it wakes a guest sleeping in ACPI S3 (acpi_pm.c).
 * Setting the clock, the binary and 12-hour formats, the periodic
 * interrupt and the CMOS RAM are ignored.
 */
#include <pthread.h>
#include <time.h>

#include "device.h"
#include "vm.h"

#define NMI_DISABLE	0x80

#define REG_SEC		0x00
#define REG_SEC_ALARM	0x01
#define REG_MIN		0x02
#define REG_MIN_ALARM	0x03
#define REG_HOUR	0x04
#define REG_HOUR_ALARM	0x05
#define REG_WDAY	0x06
#define REG_MDAY	0x07
#define REG_MON		0x08
#define REG_YEAR	0x09
#define REG_A		0x0a
#define REG_B		0x0b
#define REG_C		0x0c
#define REG_D		0x0d
#define REG_CENTURY	0x32

#define A_UIP		0x80	/* update in progress */
#define A_RESET		0x26	/* 32.768 kHz, 1024 Hz */
#define B_24H		0x02	/* 24-hour, BCD (DM bit clear) */
#define B_UIE		0x10
#define B_AIE		0x20
#define B_PIE		0x40
#define B_KEPT		(B_PIE | B_AIE | B_UIE | 0x08)	/* and SQWE */
#define C_UF		0x10	/* update ended */
#define C_AF		0x20	/* alarm */
#define C_IRQF		0x80	/* one of them, enabled */
#define D_VRT		0x80	/* valid RAM and time */
#define ALARM_ANY	0xc0	/* an alarm byte with both top bits: any */
#define NSEC		1000000000LL
/* UIP is set this long before each update: 8 cycles of 32.768 kHz */
#define UIP_NS		244141
#define DAY		86400

struct cmos {
	struct vm *vm;
	pthread_mutex_t lock;
	uint8_t index;
	uint8_t rate;		/* register A's low 7 bits */
	uint8_t b;		/* register B: B_24H and the B_KEPT bits */
	uint8_t alarm[3];	/* seconds, minutes, hours */
	int64_t c_since;	/* the second register C was last read */
	int64_t a_read_ns;	/* the last read of register A */
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

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * NSEC + ts.tv_nsec;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b < 0);
}

/* Whether the alarm bytes match second t (BCD, or "any"). */
static bool alarm_at(const struct cmos *c, int64_t t)
{
	int64_t secs = t - floor_div(t, DAY) * DAY;
	const int v[3] = { (int)(secs % 60), (int)(secs / 60 % 60),
			   (int)(secs / 3600) };
	unsigned int i;

	for (i = 0; i < 3; i++)
		if ((c->alarm[i] & ALARM_ANY) != ALARM_ANY &&
		    c->alarm[i] != bcd(v[i]))
			return false;
	return true;
}

/* The first second in (from, to] the alarm matches, or 0: one day at most. */
static int64_t alarm_in(const struct cmos *c, int64_t from, int64_t to)
{
	int64_t t;

	if (to - from > DAY)
		from = to - DAY;
	for (t = from + 1; t <= to; t++)
		if (alarm_at(c, t))
			return t;
	return 0;
}

/*
 * Register A: UIP in the last 244 us before each second's update, as on
 * a PC. A guest that polls for it (to read the time just after an
 * update, or to wait for one) through exits slower than that could step
 * over the window for ever: an update it did not see since its last
 * read shows as UIP once.
 */
static uint8_t reg_a(struct cmos *c, int64_t ns)
{
	int64_t update = (floor_div(ns, NSEC) + 1) * NSEC;
	bool uip = ns >= update - UIP_NS ||
		   (c->a_read_ns && c->a_read_ns < update - NSEC - UIP_NS);

	c->a_read_ns = ns;
	return c->rate | (uip ? A_UIP : 0);
}

/* Register C: what happened since its last read, which clears it. */
static uint8_t reg_c(struct cmos *c, int64_t ns)
{
	int64_t t = floor_div(ns, NSEC);
	uint8_t v = 0;

	if (t > c->c_since)
		v |= C_UF;
	if (alarm_in(c, c->c_since, t))
		v |= C_AF;
	if ((v & C_UF && c->b & B_UIE) || (v & C_AF && c->b & B_AIE))
		v |= C_IRQF;
	c->c_since = t;
	return v;
}

static uint8_t rtc_reg(struct cmos *c, uint8_t reg)
{
	int64_t ns = now_ns();
	struct tm tm;

	utc(floor_div(ns, NSEC), &tm);
	switch (reg) {
	case REG_SEC: return bcd(tm.tm_sec);
	case REG_SEC_ALARM: return c->alarm[0];
	case REG_MIN: return bcd(tm.tm_min);
	case REG_MIN_ALARM: return c->alarm[1];
	case REG_HOUR: return bcd(tm.tm_hour);
	case REG_HOUR_ALARM: return c->alarm[2];
	case REG_WDAY: return bcd(tm.tm_wday + 1);
	case REG_MDAY: return bcd(tm.tm_mday);
	case REG_MON: return bcd(tm.tm_mon + 1);
	case REG_YEAR: return bcd(tm.tm_year % 100);
	case REG_CENTURY: return bcd(19 + tm.tm_year / 100);
	case REG_A: return reg_a(c, ns);
	case REG_B: return c->b;
	case REG_C: return reg_c(c, ns);
	case REG_D: return D_VRT;
	}
	return 0;
}

static void rtc_set(struct cmos *c, uint8_t reg, uint8_t v)
{
	switch (reg) {
	case REG_SEC_ALARM:
	case REG_MIN_ALARM:
	case REG_HOUR_ALARM:
		c->alarm[(reg - REG_SEC_ALARM) / 2] = v;
		break;
	case REG_A:
		c->rate = v & ~A_UIP;
		break;
	case REG_B:
		c->b = (v & B_KEPT) | B_24H;
		break;
	}
}

/*
 * The wake-up a sleeping guest's alarm asks for (vm.h): the second the
 * alarm next matches, with its interrupt enabled.
 */
static uint64_t cmos_next_alarm(void *opaque)
{
	struct cmos *c = opaque;
	int64_t t = 0, now;

	pthread_mutex_lock(&c->lock);
	if (c->b & B_AIE) {
		now = floor_div(now_ns(), NSEC);
		t = alarm_in(c, now, now + DAY);
	}
	pthread_mutex_unlock(&c->lock);
	return t > 0 ? (uint64_t)t : 0;
}

static uint64_t cmos_read(void *opaque, uint64_t off, unsigned int len)
{
	struct cmos *c = opaque;
	uint8_t v;

	(void)len;
	pthread_mutex_lock(&c->lock);
	v = off ? rtc_reg(c, c->index) : c->index;
	c->reads++;
	pthread_mutex_unlock(&c->lock);
	return v;
}

static void cmos_write(void *opaque, uint64_t off, unsigned int len,
		       uint64_t val)
{
	struct cmos *c = opaque;

	(void)len;
	pthread_mutex_lock(&c->lock);
	if (off)
		rtc_set(c, c->index, (uint8_t)val);
	else
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

	(void)env;
	(void)at;
	pthread_mutex_init(&c->lock, NULL);
	c->rate = A_RESET;
	c->b = B_24H;
	c->c_since = floor_div(now_ns(), NSEC);
	c->vm = vm;
	vm->rtc_alarm = (struct vm_waker){ cmos_next_alarm, c };
	return 0;
}

static void cmos_fini(void *state, bool attached)
{
	struct cmos *c = state;

	if (!attached)
		return;
	c->vm->rtc_alarm = (struct vm_waker){ NULL, NULL };
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
