// SPDX-License-Identifier: GPL-2.0
/*
 * A Multiboot guest that suspends to RAM (ACPI S3) and resumes, as
 * kvm-unit-tests' s3 does: finds the FADT and FACS through the RSDP in
 * the BIOS area, checks that the PM timer counts, puts a real-mode stub
 * at the waking vector and a message for it in RAM, sets the RTC's alarm
 * to fire at the next second (after waiting for an update, as the test
 * does) and enables it as a wake event, then writes S3 to PM1a_CNT. The
 * stub prints the message it finds in RAM and ends the run (status 0,
 * --no-check). Its command line (Multiboot) varies it:
 *   no-wake     no wake event: it sleeps until --timeout
 *   bad-vector  a waking vector above 1 MiB: kvmini refuses to resume
 */
#include <stdbool.h>

#include "guest.h"
#include "multiboot.h"

MULTIBOOT_HEADER(0);

#define WAKE_AT		0x1000		/* free page below kvmini's data */
#define MSG_AT		0x1100
#define RTC_INDEX	0x70
#define RTC_DATA	0x71
#define RTC_A_UIP	0x80
#define RTC_B_AIE	0x20
#define RTC_ANY		0xc0		/* an alarm byte that matches all */
#define PM1_RTC_EN	0x0400
#define SLP_S3		(0x2000 | (1u << 10))	/* SLP_EN, SLP_TYP 1 */

/*
 * The resume stub, real mode, CS = 0x100, other segments 0 as a BIOS's
 * resume path leaves them: prints the NUL-terminated string at MSG_AT
 * to the debug console, then ends the run through the i8042.
 */
static const uint8_t wake_stub[] = {
	0xbe, 0x00, 0x11,	/*     mov $MSG_AT, %si */
	0xac,			/* 1:  lodsb */
	0x84, 0xc0,		/*     test %al, %al */
	0x74, 0x04,		/*     jz 2f */
	0xe6, 0xe9,		/*     out %al, $0xe9 */
	0xeb, 0xf7,		/*     jmp 1b */
	0xb0, 0xfe,		/* 2:  mov $0xfe, %al */
	0xe6, 0x64,		/*     out %al, $0x64 */
	0xf4,			/* 3:  hlt */
	0xeb, 0xfd,		/*     jmp 3b */
};

static void out16(uint16_t port, uint16_t v)
{
	asm volatile("out %0, %1" : : "a"(v), "Nd"(port));
}

static uint32_t in32(uint16_t port)
{
	uint32_t v;

	asm volatile("in %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool sig(const uint8_t *p, const char *s)
{
	return p[0] == s[0] && p[1] == s[1] && p[2] == s[2] && p[3] == s[3];
}

/* The FADT, through the RSDP in 0xe0000-0xfffff and its XSDT. */
static const uint8_t *find_fadt(void)
{
	const uint8_t *p, *xsdt;
	uint32_t i, len;

	for (p = (const uint8_t *)0xe0000; p < (const uint8_t *)0x100000;
	     p += 16) {
		if (!sig(p, "RSD ") || !sig(p + 4, "PTR "))
			continue;
		xsdt = (const uint8_t *)(uintptr_t)get32(p + 24);
		len = get32(xsdt + 4);
		for (i = 36; i + 8 <= len; i += 8) {
			const uint8_t *t = (const uint8_t *)(uintptr_t)
					   get32(xsdt + i);

			if (sig(t, "FACP"))
				return t;
		}
	}
	return NULL;
}

static uint8_t rtc_in(uint8_t reg)
{
	outb(RTC_INDEX, reg);
	return inb(RTC_DATA);
}

static void rtc_out(uint8_t reg, uint8_t v)
{
	outb(RTC_INDEX, reg);
	outb(RTC_DATA, v);
}

static bool arg_is(const char *cmdline, const char *word)
{
	const char *p = cmdline, *w;

	for (; *p; p++) {
		for (w = word; *w && p[w - word] == *w; w++)
			;
		if (!*w)
			return true;
	}
	return false;
}

unsigned long guest_main(uint32_t magic, uint32_t info)
{
	static const char msg[] = "resumed: the message in RAM survived\n";
	const struct mb_info *mbi = (const struct mb_info *)(uintptr_t)info;
	const char *cmdline;
	const uint8_t *fadt, *facs;
	uint16_t evt, cnt, tmr;
	uint32_t t0;

	fadt = magic == MB_BOOT_MAGIC ? find_fadt() : NULL;
	if (!fadt) {
		con_puts("no Multiboot boot or no FADT\n");
		guest_end();
		return 0;
	}
	cmdline = (const char *)(uintptr_t)mbi->cmdline;
	facs = (const uint8_t *)(uintptr_t)get32(fadt + 36);
	evt = (uint16_t)get32(fadt + 56);
	cnt = (uint16_t)get32(fadt + 64);
	tmr = (uint16_t)get32(fadt + 76);
	con_puts("fadt: pm1a_evt ");
	con_putx(evt);
	con_puts(", pm1a_cnt ");
	con_putx(cnt);
	con_puts(", pm_tmr ");
	con_putx(tmr);
	con_puts(sig(facs, "FACS") ? ", facs\n" : ", no facs\n");
	t0 = in32(tmr);
	while (in32(tmr) == t0)
		;
	con_puts("pm timer: counts\n");

	memcpy((void *)WAKE_AT, wake_stub, sizeof(wake_stub));
	memcpy((void *)MSG_AT, msg, sizeof(msg));
	mmio_w32((uintptr_t)(facs + 12),
		 arg_is(cmdline, "bad-vector") ? 0x100000 : WAKE_AT);

	/* the alarm at every second, from just after an update */
	while (!(rtc_in(0x0a) & RTC_A_UIP))
		;
	while (rtc_in(0x0a) & RTC_A_UIP)
		;
	rtc_in(0x0c);
	rtc_out(0x01, RTC_ANY);
	rtc_out(0x03, RTC_ANY);
	rtc_out(0x05, RTC_ANY);
	rtc_out(0x0b, rtc_in(0x0b) | RTC_B_AIE);
	if (!arg_is(cmdline, "no-wake"))
		out16(evt + 2, PM1_RTC_EN);
	con_puts("suspending\n");
	out16(cnt, SLP_S3);
	con_puts("still running after S3\n");
	guest_end();
	return 0;
}
