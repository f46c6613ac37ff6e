// SPDX-License-Identifier: GPL-2.0
/*
 * The legacy devices as a guest drives them: the x86 ones on ports
 * (debugcon, serial8250, i8042, cmos-rtc, isa-debug-exit, fw-cfg,
 * acpi-pm, pc-testdev and its MMIO) and the pl011 UART and the arm64 exit device on MMIO, every class building
 * on every architecture. Port and MMIO accesses of any width and offset, and
 * console input arriving at either UART.
 *
 * Input: operations, each an opcode byte and its operands (see run()).
 */
#include <stdbool.h>

#include "compiler.h"
#include "config.h"
#include "devmgr.h"
#include "devmgr_create.h"
#include "status.h"
#include "vm.h"

#include "fuzz.h"

#define PL011_BASE	0x09000000ULL
#define EXIT_BASE	0x09010000ULL
#define MAX_OPS		512

static const struct device_row rows[] = {
	{ "debugcon", .at = { BUS_PIO,  0xe9,       1,      DEV_NO_IRQ } },
	{ "serial8250", .at = { BUS_PIO,  0x3f8,      8,      4 } },
	{ "i8042", .at = { BUS_PIO,  0x60,       5,      DEV_NO_IRQ } },
	{ "cmos-rtc", .at = { BUS_PIO,  0x70,       2,      DEV_NO_IRQ } },
	{ "isa-debug-exit", .at = { BUS_PIO,  0xf4,       4,      DEV_NO_IRQ } },
	{ "pl011", .at = { BUS_MMIO, PL011_BASE, 0x1000, 33 } },
	{ "exit", .at = { BUS_MMIO, EXIT_BASE,  8,      DEV_NO_IRQ } },
	{ "fw-cfg", .at = { BUS_PIO,  0x510,      2,      DEV_NO_IRQ } },
	{ "acpi-pm", .at = { BUS_PIO,  0x600,      12,     DEV_NO_IRQ } },
	{ "pc-testdev", .at = { BUS_PIO,  0xe0,       0x1f38, DEV_NO_IRQ } },
	{ "pc-testdev-mem", .at = { BUS_MMIO, 0xff000000, 0x10000, DEV_NO_IRQ } },
	{ NULL },
};

static struct vm vm;
static struct devmgr dm;

int __wrap_arch_set_irq(struct vm *v, unsigned int irq, int level)
{
	(void)v;
	(void)irq;
	(void)level;
	return 0;
}

/* An access to device i of rows, at an offset inside its place mostly. */
static void dev_access(struct fz *f)
{
	const struct device_place *at = &rows[fz_u8(f) % (ARRAY_SIZE(rows) - 1)].at;
	uint8_t m = fz_u8(f);
	uint64_t off, val = 0;
	unsigned int len = m & 0x80 ? fz_len(f) : 1;
	bool write = m & 1;

	if (at->space == BUS_MMIO && !(m & 0x80))
		len = 4;
	off = m & 0x40 ? fz_u16(f) : fz_u16(f) % at->size;
	if (at->space == BUS_MMIO && !(m & 0x20))
		off &= ~3ULL;	/* registers are word-aligned */
	if (write)
		val = m & 2 ? fz_u64(f) : fz_u8(f);
	bus_access(&vm.bus, at->space, at->base + off, &val, len, write);
}

/* Console input at the 8250 or the PL011, as the input thread sends it. */
static void input(struct fz *f)
{
	const struct device *d = &dm.dev[fz_u8(f) & 1 ? 1 : 5];
	uint8_t buf[64];
	size_t n = fz_bytes(f, buf, fz_u8(f) % sizeof(buf));

	if (d->cls->input)
		d->cls->input(d->state, buf, n, -1);
}

static void run(struct fz *f)
{
	unsigned int ops = 0;
	uint64_t val;

	while (f->n && ops++ < MAX_OPS) {
		switch (fz_u8(f) % 4) {
		case 0:
		case 1:
			dev_access(f);
			break;
		case 2:
			input(f);
			break;
		case 3:		/* any port: what no device claims too */
			val = fz_u32(f);
			bus_access(&vm.bus, BUS_PIO, fz_u16(f), &val, fz_len(f),
				   val & 1);
			break;
		}
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet_stdout();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	char name[] = "kvmini", opt[] = "--isa-debug-exit";
	char opt2[] = "--pc-testdev", *argv[4];
	static const struct device_env env;
	struct config cfg;

	argv[0] = name;
	argv[1] = opt;
	argv[2] = opt2;
	argv[3] = NULL;
	config_defaults(&cfg);
	if (config_parse(&cfg, 3, argv) != ST_OK)
		abort();
	memset(&vm, 0, sizeof(vm));
	vm.fd = -1;
	vm.kvm_fd = -1;
	if (devmgr_create(&dm, rows, &vm, &env) < 0 ||
	    dm.nr != ARRAY_SIZE(rows) - 1)
		abort();
	run(&f);
	devmgr_stop(&dm);
	devmgr_destroy(&dm);
	return 0;
}
