// SPDX-License-Identifier: GPL-2.0
/*
 * The ACPI fixed hardware of a PC's chipset that the FADT of a Multiboot
 * image names (x86 acpi.c): the PM1a event block (PM1_STS, PM1_EN), the
 * PM1a control block (PM1_CNT: the sleep states) and the 32-bit PM timer,
 * in one 12-byte range of ports, as QEMU's PIIX4 lays them out.
 *
 *   0x0 PM1_STS (write 1 to clear)  0x2 PM1_EN  0x4 PM1_CNT  0x8 PM_TMR
 *
 * SLP_TYP with SLP_EN: 1 is S3 (arch_acpi_s3()), 0 is S5, which ends the
 * run with status 0; as QEMU's \_S3 and \_S5. No SCI is raised: the
 * status bits are there for a guest that reads them. kvm-unit-tests' s3
 * and vmexit's inl_from_pmtimer use it.
 */
#include <pthread.h>
#include <time.h>

#include "arch.h"
#include "device.h"
#include "log.h"
#include "status.h"
#include "vm.h"

#define PM1_LEN		6	/* status, enable, control: 16 bits each */
#define PM_TMR_OFF	8
#define PM_TMR_HZ	3579545ULL	/* a PC's 14.318 MHz crystal / 4 */

#define STS_RTC		(1u << 10)
#define STS_WAK		(1u << 15)
/* what PM1_EN keeps: the timer, global lock, buttons and RTC enables */
#define EN_RTC		(1u << 10)
#define EN_KEPT		(0x0001u | 0x0020u | 0x0100u | 0x0200u | EN_RTC)
#define CNT_SCI_EN	(1u << 0)	/* in ACPI mode for good: no SMI_CMD */
#define CNT_SLP_TYP(v)	(((v) >> 10) & 7)
#define CNT_SLP_TYP_MASK (7u << 10)
#define CNT_SLP_EN	(1u << 13)
#define SLP_TYP_S3	1
#define SLP_TYP_S5	0

struct acpi_pm {
	struct vm *vm;
	pthread_mutex_t lock;
	uint16_t sts, en, cnt;
	uint64_t timer_reads;
	uint64_t sleeps;
	uint64_t refused;	/* sleep states kvmini cannot enter */
};

/* The timer's count: monotonic, wrapping at 32 bits. */
static uint32_t pm_timer(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)((uint64_t)ts.tv_sec * PM_TMR_HZ +
			  (uint64_t)ts.tv_nsec * PM_TMR_HZ / 1000000000ULL);
}

static uint64_t pm_read(void *opaque, uint64_t off, unsigned int len)
{
	struct acpi_pm *pm = opaque;
	uint64_t regs, v;

	if (off >= PM_TMR_OFF) {
		__atomic_add_fetch(&pm->timer_reads, 1, __ATOMIC_RELAXED);
		v = pm_timer() >> (8 * (off - PM_TMR_OFF));
	} else {
		pthread_mutex_lock(&pm->lock);
		regs = pm->sts | (uint64_t)pm->en << 16 |
		       (uint64_t)(pm->cnt | CNT_SCI_EN) << 32;
		pthread_mutex_unlock(&pm->lock);
		v = regs >> (8 * off);
	}
	return len >= 8 ? v : v & ((1ULL << (8 * len)) - 1);
}

/* One byte of the PM1 registers; off < PM1_LEN. */
static void pm1_write_byte(struct acpi_pm *pm, unsigned int off, uint8_t b)
{
	unsigned int shift = 8 * (off & 1);
	uint16_t v = (uint16_t)(b << shift), keep = (uint16_t)(0xff00u >> shift);

	switch (off >> 1) {
	case 0:
		pm->sts &= (uint16_t)~v;
		break;
	case 1:
		pm->en = (uint16_t)((pm->en & keep) | (v & EN_KEPT));
		break;
	default:
		pm->cnt = (uint16_t)((pm->cnt & keep) | (v & CNT_SLP_TYP_MASK));
		break;
	}
}

/* Enters sleep state type; false if it cannot be entered here. */
static bool pm_sleep(struct acpi_pm *pm, unsigned int type, bool rtc_wake)
{
	if (type == SLP_TYP_S5) {
		vm_request_stop(pm->vm, ST_OK);		/* powered off */
		return true;
	}
	if (type != SLP_TYP_S3 || arch_acpi_s3(pm->vm, rtc_wake) < 0) {
		if (!__atomic_fetch_add(&pm->refused, 1, __ATOMIC_RELAXED))
			err_msg("acpi-pm: the guest's sleep type %u cannot be entered here: ignored",
				type);
		return false;
	}
	__atomic_add_fetch(&pm->sleeps, 1, __ATOMIC_RELAXED);
	return true;
}

static void pm_write(void *opaque, uint64_t off, unsigned int len,
		     uint64_t val)
{
	struct acpi_pm *pm = opaque;
	unsigned int i, type = 0;
	bool sleep = false, rtc_wake = false;

	if (off >= PM_TMR_OFF)
		return;		/* the timer is read-only */
	pthread_mutex_lock(&pm->lock);
	for (i = 0; i < len && off + i < PM1_LEN; i++)
		pm1_write_byte(pm, (unsigned int)off + i, (uint8_t)(val >> (8 * i)));
	/* SLP_EN is in PM1_CNT's high byte, which this write covered */
	if (off + len > 5 && off <= 5 &&
	    (val >> (8 * (5 - off))) & (CNT_SLP_EN >> 8)) {
		sleep = true;
		type = CNT_SLP_TYP(pm->cnt);
		rtc_wake = pm->en & EN_RTC;
	}
	pthread_mutex_unlock(&pm->lock);
	if (!sleep || !pm_sleep(pm, type, rtc_wake))
		return;
	/*
	 * What the guest reads once awake (every vCPU stops before it
	 * runs again): woken, by the RTC if it could be
	 */
	pthread_mutex_lock(&pm->lock);
	pm->sts |= STS_WAK | (rtc_wake ? STS_RTC : 0);
	pthread_mutex_unlock(&pm->lock);
}

static void pm_stats(void *state, stat_emit_fn emit, void *ctx)
{
	struct acpi_pm *pm = state;

	emit(ctx, "timer_reads", __atomic_load_n(&pm->timer_reads, __ATOMIC_RELAXED));
	emit(ctx, "sleeps", __atomic_load_n(&pm->sleeps, __ATOMIC_RELAXED));
	emit(ctx, "refused", __atomic_load_n(&pm->refused, __ATOMIC_RELAXED));
}

static const struct bus_ops pm_ops = {
	.read = pm_read,
	.write = pm_write,
};

/* the event and control blocks, then the timer; 6-7 are no one's */
static const struct device_range pm_ranges[] = {
	{ 0, PM1_LEN },
	{ PM_TMR_OFF, 4 },
};

static int pm_init(void *state, struct vm *vm, const struct device_env *env,
		   const struct device_place *at)
{
	struct acpi_pm *pm = state;

	(void)env;
	(void)at;
	pm->vm = vm;
	pthread_mutex_init(&pm->lock, NULL);
	return 0;
}

static void pm_fini(void *state, bool attached)
{
	struct acpi_pm *pm = state;

	if (attached)
		pthread_mutex_destroy(&pm->lock);
}

DEVICE_CLASS(acpi_pm) = {
	.name = "acpi-pm",
	.size = sizeof(struct acpi_pm),
	.ops = &pm_ops,
	.ranges = pm_ranges,
	.nr_ranges = 2,
	.init = pm_init,
	.fini = pm_fini,
	.stats = pm_stats,
};
