// SPDX-License-Identifier: GPL-2.0
/*
 * A Multiboot guest that starts its CPUs as kvm-unit-tests' boot code
 * does: it reads the CPU count from fw_cfg (key 0x05 at ports
 * 0x510/0x511), sends INIT and one startup IPI to all other CPUs through
 * its in-kernel local APIC, and waits until each has checked in from
 * the real-mode trampoline; then it ends the run (status 0).
 */
#include "guest.h"
#include "multiboot.h"

MULTIBOOT_HEADER(0);

#define LAPIC_SPIV		(KVMINI_LAPIC_ADDR + 0xf0)
#define LAPIC_ICR_LO		(KVMINI_LAPIC_ADDR + 0x300)
#define LAPIC_ICR_HI		(KVMINI_LAPIC_ADDR + 0x310)
#define ICR_ALL_BUT_SELF	0xc0000
#define ICR_INIT		0x4500	/* INIT, level assert */
#define ICR_STARTUP		0x0600
#define ICR_BUSY		(1u << 12)
/* a free page below 1 MiB (kvmini's page tables are for long mode) */
#define TRAMPOLINE		0x3000
#define FW_CFG_NB_CPUS		0x05

/*
 * Each AP starts here in real mode at TRAMPOLINE:0, counts itself in
 * and halts for good (machine code: 16-bit, where the C is 32-bit).
 */
#define AP_COUNT	12	/* the count's offset in the trampoline */
static const uint8_t trampoline[] = {
	0xf0, 0x2e, 0xff, 0x06, AP_COUNT, 0x00,	/* lock incw %cs:AP_COUNT */
	0xfa,					/* 1: cli */
	0xf4,					/* hlt */
	0xeb, 0xfc,				/* jmp 1b */
	0x90, 0x90,
	0x00, 0x00,				/* AP_COUNT: the count */
};

static uint16_t fw_cfg_u16(uint16_t key)
{
	asm volatile("outw %0, %1" : : "a"(key), "Nd"(KVMINI_FW_CFG_PORT));
	return inb(KVMINI_FW_CFG_PORT + 1) |
	       (uint16_t)inb(KVMINI_FW_CFG_PORT + 1) << 8;
}

static void send_ipi(uint32_t icr)
{
	mmio_w32(LAPIC_ICR_HI, 0);
	mmio_w32(LAPIC_ICR_LO, icr);
	while (mmio_r32(LAPIC_ICR_LO) & ICR_BUSY)
		;
}

unsigned long guest_main(uint32_t magic, uint32_t info)
{
	uint16_t *count = (uint16_t *)(TRAMPOLINE + AP_COUNT);
	unsigned int cpus;

	(void)info;
	if (magic != MB_BOOT_MAGIC) {
		con_puts("not booted by a Multiboot loader\n");
		guest_end();
	}
	cpus = fw_cfg_u16(FW_CFG_NB_CPUS);
	con_puts("fw_cfg: ");
	con_putu(cpus);
	con_puts(" CPUs\n");
	memcpy((void *)TRAMPOLINE, trampoline, sizeof(trampoline));
	mmio_w32(LAPIC_SPIV, 0x1ff);	/* the APIC on, as the suite does */
	send_ipi(ICR_ALL_BUT_SELF | ICR_INIT);
	send_ipi(ICR_ALL_BUT_SELF | ICR_STARTUP | (TRAMPOLINE >> 12));
	/* no bound of its own: a missing AP ends the run at --timeout */
	while (__atomic_load_n(count, __ATOMIC_ACQUIRE) < cpus - 1)
		asm volatile("pause");
	con_putu(__atomic_load_n(count, __ATOMIC_ACQUIRE));
	con_puts(" APs checked in\n");
	guest_end();
	return 0;
}
