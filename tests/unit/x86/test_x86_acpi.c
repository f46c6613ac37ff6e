// SPDX-License-Identifier: GPL-2.0
/*
 * The ACPI tables of an x86 Linux guest (src/arch/x86/acpi.c), built into
 * a buffer for 2 vCPUs, three virtio-mmio devices, COM1 and a device
 * without an ACPI _HID: signatures, lengths, checksums, the pointers
 * between the tables, the MADT's entries and the DSDT's AML byte for byte;
 * and a PC's, as a Multiboot image gets them (the PM registers, a FACS,
 * S3 and S5).
 * ACPI_DUMP=DIR also writes each table to DIR/<signature>.dat for iasl.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "acpi.h"
#include "arch.h"
#include "devmgr.h"

#define GPA	KVMINI_ACPI_ADDR
#define SIZE	KVMINI_ACPI_SIZE

static uint8_t buf[SIZE];

static uint64_t get(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s += *p++;
	return s;
}

static void add(struct devmgr *dm, const char *cls, enum bus_space space,
		uint64_t base, uint64_t size, int irq)
{
	struct device *d = &dm->dev[dm->nr++];

	d->cls = device_class_find(cls);
	assert_non_null(d->cls);
	d->at = (struct device_place){ space, base, size, irq };
}

static void machine(struct devmgr *dm)
{
	memset(dm, 0, sizeof(*dm));
	add(dm, "debugcon", BUS_PIO, 0xe9, 1, DEV_NO_IRQ);	/* no _HID */
	add(dm, "virtio-rng", BUS_MMIO, 0xd0100000, 0x1000, 11);
	add(dm, "virtio-blk", BUS_MMIO, 0xd0101000, 0x1000, 5);
	add(dm, "virtio-net", BUS_MMIO, 0xd0105000, 0x1000, 10);
	add(dm, "serial8250", BUS_PIO, 0x3f8, 8, 4);
}

/* A table at guest address gpa: in buf, with its signature and sum. */
static const uint8_t *table(uint64_t gpa, const char *sig)
{
	const uint8_t *t;
	uint32_t len;

	assert_true(gpa >= GPA && gpa < GPA + SIZE);
	t = buf + (gpa - GPA);
	assert_memory_equal(t, sig, 4);
	len = (uint32_t)get(t + 4, 4);
	assert_true(len >= 36 && gpa + len <= GPA + SIZE);
	assert_int_equal(sum(t, len), 0);
	assert_memory_equal(t + 10, "KVMINI", 6);	/* OEM ID */
	return t;
}

static void dump(const char *dir, const uint8_t *t, size_t len,
		 const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.dat", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(t, 1, len, f), len);
	fclose(f);
}

/* The first virtio device: Device(D001), the rng, _UID 0. */
static const uint8_t rng_device[] = {
	0x5b, 0x82, 0x3a, 'D', '0', '0', '1',		/* Device, 58 bytes */
	0x08, '_', 'H', 'I', 'D',			/* Name(_HID, */
	0x0d, 'L', 'N', 'R', 'O', '0', '0', '0', '5', 0x00,
	0x08, '_', 'U', 'I', 'D', 0x00,			/* Name(_UID, Zero) */
	0x08, '_', 'C', 'R', 'S',			/* Name(_CRS, */
	0x11, 0x1a, 0x0a, 0x17,				/* Buffer(23), 26 bytes */
	0x86, 0x09, 0x00, 0x01,				/* Memory32Fixed, RW */
	0x00, 0x00, 0x10, 0xd0, 0x00, 0x10, 0x00, 0x00,	/* base, length */
	0x89, 0x06, 0x00, 0x03, 0x01,			/* Interrupt: edge, 1 */
	0x0b, 0x00, 0x00, 0x00,				/* GSI 11 */
	0x79, 0x00,					/* end tag */
};

/* the disk's and the NIC's Device (the NIC's _UID takes a byte more) */
static const uint8_t blk_start[] = { 0x5b, 0x82, 0x3a, 'D', '0', '0', '2' };
static const uint8_t net_start[] = { 0x5b, 0x82, 0x3b, 'D', '0', '0', '3' };

/* COM1: Device(D004), an I/O range and IRQ 4. */
static const uint8_t com1_device[] = {
	0x5b, 0x82, 0x35, 'D', '0', '0', '4',
	0x08, '_', 'H', 'I', 'D', 0x0d, 'P', 'N', 'P', '0', '5', '0', '1', 0x00,
	0x08, '_', 'U', 'I', 'D', 0x00,
	0x08, '_', 'C', 'R', 'S', 0x11, 0x16, 0x0a, 0x13,
	0x47, 0x01, 0xf8, 0x03, 0xf8, 0x03, 0x01, 0x08,	/* IO(Decode16, ...) */
	0x89, 0x06, 0x00, 0x03, 0x01, 0x04, 0x00, 0x00, 0x00,
	0x79, 0x00,
};

static void test_tables(void **state)
{
	const char *dir = getenv("ACPI_DUMP");
	const uint8_t *rsdp = buf, *xsdt, *fadt, *madt, *dsdt, *aml, *e;
	struct devmgr dm;
	long used;
	unsigned int i;

	(void)state;
	machine(&dm);
	memset(buf, 0xaa, sizeof(buf));
	used = x86_acpi_build(buf, SIZE, GPA, &dm, 2, false);
	assert_true(used > 0 && used < 2048);

	/* RSDP (revision 2): two checksums, the XSDT */
	assert_memory_equal(rsdp, "RSD PTR ", 8);
	assert_int_equal(sum(rsdp, 20), 0);
	assert_int_equal(rsdp[15], 2);
	assert_int_equal(get(rsdp + 20, 4), 36);
	assert_int_equal(sum(rsdp, 36), 0);
	xsdt = table(get(rsdp + 24, 8), "XSDT");
	assert_int_equal(get(xsdt + 4, 4), 36 + 2 * 8);

	/* FADT: ACPI 6.5, hardware-reduced, both DSDT pointers agree */
	fadt = table(get(xsdt + 36, 8), "FACP");
	assert_int_equal(get(fadt + 4, 4), 276);
	assert_int_equal(fadt[8], 6);
	assert_int_equal(fadt[131], 5);
	assert_int_equal(get(fadt + 112, 4), 1u << 20);
	assert_int_equal(get(fadt + 109, 2), 0x0e);	/* 8042, no VGA, no MSI */
	assert_int_equal(get(fadt + 40, 4), get(fadt + 140, 8));

	/* MADT: LAPIC address, 2 enabled LAPICs with IDs 0 and 1, the IOAPIC */
	madt = table(get(xsdt + 44, 8), "APIC");
	assert_int_equal(get(madt + 4, 4), 44 + 2 * 8 + 12);
	assert_int_equal(get(madt + 36, 4), 0xfee00000);
	assert_int_equal(get(madt + 40, 4), 0);		/* no PCAT_COMPAT */
	for (i = 0, e = madt + 44; i < 2; i++, e += 8) {
		assert_int_equal(e[0], 0);
		assert_int_equal(e[1], 8);
		assert_int_equal(e[2], i);		/* processor UID */
		assert_int_equal(e[3], i);		/* APIC ID */
		assert_int_equal(get(e + 4, 4), 1);	/* enabled */
	}
	assert_int_equal(e[0], 1);
	assert_int_equal(e[1], 12);
	assert_int_equal(e[2], 0);			/* IOAPIC ID */
	assert_int_equal(get(e + 4, 4), 0xfec00000);
	assert_int_equal(get(e + 8, 4), 0);		/* GSI base */

	/*
	 * DSDT: Scope(\_SB) with a two-byte PkgLength (243 bytes: more
	 * than 63), devices 1-4 (not debugcon): 60 bytes for the rng, the
	 * disk (_UID One) and COM1 (55), 61 for the NIC (_UID a byte, 2):
	 * _UIDs count per _HID
	 */
	dsdt = table(get(fadt + 140, 8), "DSDT");
	assert_int_equal(get(dsdt + 4, 4), 36 + 1 + 243);
	assert_int_equal(dsdt[8], 2);
	aml = dsdt + 36;
	assert_memory_equal(aml, "\x10\x43\x0f\x5c_SB_", 8);
	assert_memory_equal(aml + 8, rng_device, sizeof(rng_device));
	assert_int_equal(sizeof(rng_device), 60);
	e = aml + 8 + 60;
	assert_memory_equal(e, blk_start, sizeof(blk_start));
	assert_int_equal(e[27], 0x01);
	e += 60;
	assert_memory_equal(e, net_start, sizeof(net_start));
	assert_memory_equal(e + 27, "\x0a\x02", 2);
	assert_memory_equal(e + 61, com1_device, sizeof(com1_device));
	assert_int_equal(used, (long)(dsdt - buf) + 36 + 1 + 243);

	if (dir) {
		dump(dir, xsdt, get(xsdt + 4, 4), "xsdt");
		dump(dir, fadt, get(fadt + 4, 4), "facp");
		dump(dir, madt, get(madt + 4, 4), "apic");
		dump(dir, dsdt, get(dsdt + 4, 4), "dsdt");
	}
}

/* \_S3_ and \_S5_: Package() { typ, typ, 0, 0 }, the SLP_TYP acpi-pm takes */
static const uint8_t sleep_states[] = {
	0x08, 0x5c, '_', 'S', '3', '_', 0x12, 0x06, 0x04, 0x01, 0x01, 0x00, 0x00,
	0x08, 0x5c, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00,
};

/* A Generic Address Structure: system I/O at port, width bits. */
static void check_gas(const uint8_t *g, uint16_t port, unsigned int width,
		      unsigned int access)
{
	assert_int_equal(g[0], 1);
	assert_int_equal(g[1], width);
	assert_int_equal(g[2], 0);
	assert_int_equal(g[3], access);
	assert_int_equal(get(g + 4, 8), port);
}

/*
 * A PC's tables (Multiboot images): the FADT is not hardware-reduced; it
 * names the acpi-pm device's PM1a event and control blocks and its
 * 32-bit timer (in both forms), SCI 9, no SMI command port, and the
 * FACS (64-byte aligned, where kvm-unit-tests' s3 writes its waking
 * vector); the MADT has PCAT_COMPAT; the DSDT starts with \_S3 and \_S5.
 */
static void test_pc_tables(void **state)
{
	const uint8_t *rsdp = buf, *xsdt, *fadt, *madt, *dsdt, *facs;
	struct devmgr dm;
	long used;

	(void)state;
	machine(&dm);
	add(&dm, "acpi-pm", BUS_PIO, 0x600, 12, DEV_NO_IRQ);
	memset(buf, 0xaa, sizeof(buf));
	used = x86_acpi_build(buf, SIZE, GPA, &dm, 2, true);
	assert_true(used > 0 && used < 2048);
	xsdt = table(get(rsdp + 24, 8), "XSDT");
	fadt = table(get(xsdt + 36, 8), "FACP");
	assert_int_equal(get(fadt + 112, 4), 0x135);	/* not HW_REDUCED */
	assert_int_equal(get(fadt + 109, 2), 0x03);	/* legacy, 8042 */
	assert_int_equal(get(fadt + 46, 2), 9);
	assert_int_equal(get(fadt + 48, 4), 0);		/* no SMI_CMD */
	assert_int_equal(get(fadt + 56, 4), 0x600);
	assert_int_equal(get(fadt + 64, 4), 0x604);
	assert_int_equal(get(fadt + 76, 4), 0x608);
	assert_int_equal(fadt[88], 4);
	assert_int_equal(fadt[89], 2);
	assert_int_equal(fadt[91], 4);
	check_gas(fadt + 148, 0x600, 32, 2);
	check_gas(fadt + 172, 0x604, 16, 2);
	check_gas(fadt + 208, 0x608, 32, 3);
	assert_int_equal(get(fadt + 132, 8), 0);	/* X_FIRMWARE_CTRL */
	assert_int_equal(get(fadt + 36, 4), GPA + X86_ACPI_FACS_OFF);
	facs = buf + X86_ACPI_FACS_OFF;
	assert_memory_equal(facs, "FACS", 4);
	assert_int_equal(get(facs + 4, 4), 64);
	assert_int_equal(get(facs + 12, 4), 0);		/* no waking vector */
	assert_int_equal(get(facs + 24, 8), 0);
	assert_int_equal(facs[32], 2);
	assert_int_equal((GPA + X86_ACPI_FACS_OFF) % 64, 0);
	madt = table(get(xsdt + 44, 8), "APIC");
	assert_int_equal(get(madt + 40, 4), 1);		/* PCAT_COMPAT */
	dsdt = table(get(fadt + 140, 8), "DSDT");
	assert_memory_equal(dsdt + 36, sleep_states, sizeof(sleep_states));

	/* without the device: no PM blocks, the FACS all the same */
	machine(&dm);
	assert_true(x86_acpi_build(buf, SIZE, GPA, &dm, 2, true) > 0);
	fadt = table(get(table(get(rsdp + 24, 8), "XSDT") + 36, 8), "FACP");
	assert_int_equal(get(fadt + 56, 4), 0);
	assert_int_equal(get(fadt + 36, 4), GPA + X86_ACPI_FACS_OFF);
}

/* Too little room, a window above 4 GiB: -1, nothing half-built used. */
static void test_does_not_fit(void **state)
{
	struct devmgr dm;

	(void)state;
	machine(&dm);
	assert_int_equal(x86_acpi_build(buf, 300, GPA, &dm, 2, false), -1);
	assert_int_equal(x86_acpi_build(buf, 700, GPA, &dm, 8, false), -1);
	dm.dev[1].at.base = 0x100000000ULL;
	assert_int_equal(x86_acpi_build(buf, SIZE, GPA, &dm, 2, false), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_pc_tables),
		cmocka_unit_test(test_does_not_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
