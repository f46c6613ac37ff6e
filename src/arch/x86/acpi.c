// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI tables for x86 Linux guests (ACPI 6.5): RSDP -> XSDT -> FADT (->
 * DSDT) and MADT, written into a reserved area of guest RAM.
 *
 * A Multiboot image, an OS for a PC, gets a PC's tables instead: a FADT
 * with the PM1a event and control blocks and the PM timer of the acpi-pm
 * device, a FACS (its waking vector is where S3 resumes), \_S3 and \_S5
 * in the DSDT, and a MADT that says the 8259s are there.
 *
 * The FADT declares a hardware-reduced platform: kvmini emulates no PM1
 * event or control block, SCI, PM timer or GPE block, and with a classic
 * FADT that lacks them ACPICA cannot set up its fixed events, so Linux
 * gives ACPI up and the DSDT's devices with it. On a hardware-reduced
 * platform Linux also leaves the 8259 PIC and the PIT alone
 * (acpi_generic_reduced_hw_init): every interrupt goes through the
 * IOAPIC, ticks come from each CPU's LAPIC timer, and no ISA interrupt is
 * mapped unless the DSDT describes its device, which is why COM1 is
 * there too. Firecracker and QEMU's microvm describe their guests the
 * same way.
 *
 * The DSDT has one Device per device whose class names an ACPI _HID
 * (struct device_class.acpi_hid), its resources from the machine table's
 * row: virtio-mmio devices are "LNRO0005", which Linux's virtio_mmio
 * driver binds without any kernel parameter.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "acpi.h"
#include "arch.h"
#include "devmgr.h"
#include "log.h"

#define ACPI_ALIGN		16	/* the RSDP must be; tables too, for tidiness */
#define HDR_LEN			36	/* the common table header */
#define RSDP_LEN		36	/* revision 2: with the XSDT address */
#define RSDP_V1_LEN		20	/* what the first checksum covers */
#define XSDT_ENTRIES		2	/* FADT, MADT */
#define FADT_LEN		276	/* ACPI 6.0 and later */
#define FADT_REV		6
#define FADT_MINOR		5	/* ACPI 6.5 */
#define MADT_REV		5
#define MADT_LAPIC_LEN		8
#define MADT_IOAPIC_LEN		12
#define DSDT_REV		2	/* 64-bit AML integers */

/* FADT fields (ACPI 6.5, table 5.9): byte offsets */
#define FADT_FIRMWARE_CTRL	36
#define FADT_DSDT		40
#define FADT_SCI_INT		46
#define FADT_PM1A_EVT_BLK	56
#define FADT_PM1A_CNT_BLK	64
#define FADT_PM_TMR_BLK		76
#define FADT_PM1_EVT_LEN	88
#define FADT_PM1_CNT_LEN	89
#define FADT_PM_TMR_LEN		91
#define FADT_IAPC_BOOT_ARCH	109
#define FADT_FLAGS		112
#define FADT_MINOR_REV		131
#define FADT_X_DSDT		140
#define FADT_X_PM1A_EVT_BLK	148
#define FADT_X_PM1A_CNT_BLK	172
#define FADT_X_PM_TMR_BLK	208
#define FADT_HYPERVISOR_ID	268
#define FACS_LEN		64
#define FACS_VERSION		2
#define SCI_IRQ			9	/* a PC's, though acpi-pm raises none */
/* the acpi-pm device's registers, from its place (acpi_pm.c) */
#define PM1_EVT_OFF		0
#define PM1_EVT_LEN		4
#define PM1_CNT_OFF		4
#define PM1_CNT_LEN		2
#define PM_TMR_OFF		8
#define PM_TMR_LEN		4
#define GAS_SYSTEM_IO		1
#define GAS_WORD		2	/* access sizes */
#define GAS_DWORD		3

/*
 * IA-PC boot architecture flags: an 8042 is there (kvmini's i8042, which
 * resets the machine), no VGA to probe, no MSI (kvmini has no PCI)
 */
#define IAPC_LEGACY_DEVICES	(1u << 0)
#define IAPC_8042		(1u << 1)
#define IAPC_VGA_NOT_PRESENT	(1u << 2)
#define IAPC_MSI_NOT_SUPPORTED	(1u << 3)
#define FADT_HW_REDUCED_ACPI	(1u << 20)
/* a PC's: WBINVD works, C1 on all CPUs, no fixed buttons, 32-bit timer */
#define FADT_PC_FLAGS		((1u << 0) | (1u << 2) | (1u << 4) | \
				 (1u << 5) | (1u << 8))
#define MADT_PCAT_COMPAT	1u	/* 8259s: mask them to use the IOAPIC */

#define MADT_TYPE_LAPIC		0
#define MADT_TYPE_IOAPIC	1
#define MADT_LAPIC_ENABLED	1u
#define IOAPIC_ID		0	/* KVM's IOAPIC resets to ID 0 */

/* AML opcodes (ACPI 6.5, section 20) */
#define AML_ZERO		0x00
#define AML_ONE			0x01
#define AML_NAME		0x08
#define AML_BYTE		0x0a
#define AML_WORD		0x0b
#define AML_DWORD		0x0c
#define AML_STRING		0x0d
#define AML_QWORD		0x0e
#define AML_SCOPE		0x10
#define AML_BUFFER		0x11
#define AML_PACKAGE		0x12
#define AML_EXT			0x5b
#define AML_DEVICE		0x82	/* after AML_EXT */
#define AML_ROOT		0x5c	/* '\' */
#define AML_NAMESEG_LEN		4

/* resource descriptors (ACPI 6.5, section 6.4) */
#define RES_IO			0x47	/* small: I/O port, 7 bytes follow */
#define RES_IO_DECODE16		0x01
#define RES_END			0x79	/* small: end tag, 1 byte follows */
#define RES_MEM32_FIXED		0x86	/* large: Memory32Fixed */
#define RES_MEM32_FIXED_LEN	9
#define RES_MEM_RW		0x01
#define RES_IRQ_EXT		0x89	/* large: extended interrupt */
#define RES_IRQ_EXT_LEN		6	/* flags, count and one interrupt */
/*
 * Every line is an edge-triggered, active-high, exclusive consumer: the
 * lines are not shared, a device raises its line while it has something
 * to say and the driver's acknowledgement lowers it, so each new event is
 * a rising edge; that is the ISA convention the 8250 driver expects and
 * what an irqfd without resampling would deliver.
 */
#define RES_IRQ_CONSUMER	0x01
#define RES_IRQ_EDGE		0x02
#define RES_MAX			64	/* one device's resource template */
/* what follows the I/O ranges at most: the interrupt and the end tag */
#define RES_TAIL		(3 + RES_IRQ_EXT_LEN + 2)

static const char oem_id[6] = { 'K', 'V', 'M', 'I', 'N', 'I' };
static const char oem_table_id[8] = { 'K', 'V', 'M', 'I', 'N', 'I', ' ', ' ' };
static const char creator_id[4] = { 'K', 'V', 'M', 'I' };

static void put(uint8_t *p, uint64_t v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* What makes the n bytes at p sum to zero (mod 256). */
static uint8_t checksum(const uint8_t *p, size_t n)
{
	uint8_t sum = 0;

	while (n--)
		sum += *p++;
	return (uint8_t)-sum;
}

static void header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev)
{
	memcpy(t, sig, 4);
	put(t + 4, len, 4);
	t[8] = rev;
	memcpy(t + 10, oem_id, sizeof(oem_id));
	memcpy(t + 16, oem_table_id, sizeof(oem_table_id));
	put(t + 24, 1, 4);		/* OEM revision */
	memcpy(t + 28, creator_id, sizeof(creator_id));
	put(t + 32, 1, 4);		/* creator revision */
}

/* Sets the checksum of a finished table (its length is in its header). */
static void seal(uint8_t *t)
{
	uint32_t len = t[4] | t[5] << 8 | t[6] << 16 | (uint32_t)t[7] << 24;

	t[9] = 0;
	t[9] = checksum(t, len);
}

/* AML, written in place; full once something did not fit */
struct aml {
	uint8_t *p;
	size_t len;
	size_t cap;
	bool full;
};

static void aml_put(struct aml *a, const void *src, size_t n)
{
	if (a->full || n > a->cap - a->len) {
		a->full = true;
		return;
	}
	memcpy(a->p + a->len, src, n);
	a->len += n;
}

static void aml_byte(struct aml *a, uint8_t b)
{
	aml_put(a, &b, 1);
}

/* A NameSeg: exactly four characters ("_HID", "D007"). */
static void aml_nameseg(struct aml *a, const char *seg)
{
	aml_put(a, seg, AML_NAMESEG_LEN);
}

/* The shortest encoding of an integer. */
static void aml_integer(struct aml *a, uint64_t v)
{
	uint8_t b[9];
	unsigned int n;

	if (v == 0 || v == 1) {
		aml_byte(a, v ? AML_ONE : AML_ZERO);
		return;
	}
	if (v <= 0xff) {
		b[0] = AML_BYTE;
		n = 1;
	} else if (v <= 0xffff) {
		b[0] = AML_WORD;
		n = 2;
	} else if (v <= 0xffffffff) {
		b[0] = AML_DWORD;
		n = 4;
	} else {
		b[0] = AML_QWORD;
		n = 8;
	}
	put(b + 1, v, n);
	aml_put(a, b, n + 1);
}

static void aml_string(struct aml *a, const char *s)
{
	aml_byte(a, AML_STRING);
	aml_put(a, s, strlen(s) + 1);
}

/* Where a package's body starts: its PkgLength goes there at close. */
static size_t aml_open(const struct aml *a)
{
	return a->len;
}

/*
 * Puts the PkgLength before the body written since start. It counts its
 * own bytes: one byte holds up to 63; else the first byte holds the
 * number of bytes that follow (bits 7-6) and the low 4 bits, each next
 * byte 8 more bits (up to 2^28 - 1 with three).
 */
static void aml_close(struct aml *a, size_t start)
{
	size_t body = a->len - start, total = 0;
	uint8_t enc[4];
	unsigned int n, i;

	if (a->full)
		return;
	for (n = 1; n <= 4; n++) {
		total = body + n;
		if (total <= (n == 1 ? 0x3fu : (1u << (4 + 8 * (n - 1))) - 1))
			break;
	}
	if (n > 4 || n > a->cap - a->len) {
		a->full = true;
		return;
	}
	if (n == 1) {
		enc[0] = (uint8_t)total;
	} else {
		enc[0] = (uint8_t)((n - 1) << 6 | (total & 0xf));
		for (i = 1; i < n; i++)
			enc[i] = (uint8_t)(total >> (4 + 8 * (i - 1)));
	}
	memmove(a->p + start + n, a->p + start, body);
	memcpy(a->p + start, enc, n);
	a->len += n;
}

/* Name(seg, Buffer() { bytes }) */
static void aml_name_buffer(struct aml *a, const char *seg,
			    const uint8_t *bytes, size_t n)
{
	size_t pkg;

	aml_byte(a, AML_NAME);
	aml_nameseg(a, seg);
	aml_byte(a, AML_BUFFER);
	pkg = aml_open(a);
	aml_integer(a, n);
	aml_put(a, bytes, n);
	aml_close(a, pkg);
}

/*
 * A device's ResourceTemplate from its place: its MMIO window, or one I/O
 * range per part of its place it answers, and its interrupt. Returns the
 * length, or 0 if the place cannot be described.
 */
static size_t resources(const struct device *d, uint8_t *r)
{
	const struct device_place *at = &d->at;
	const struct device_class *c = d->cls;
	struct device_range whole = { 0, at->size };
	const struct device_range *rg = c->ranges ? c->ranges : &whole;
	unsigned int i, nr = c->ranges ? c->nr_ranges : 1;
	size_t n = 0;
	uint64_t lo;

	if (at->space == BUS_MMIO) {
		if (at->base > UINT32_MAX || at->size > UINT32_MAX ||
		    at->base + at->size > (uint64_t)UINT32_MAX + 1)
			return 0;
		r[n++] = RES_MEM32_FIXED;
		put(r + n, RES_MEM32_FIXED_LEN, 2);
		r[n + 2] = RES_MEM_RW;
		put(r + n + 3, at->base, 4);
		put(r + n + 7, at->size, 4);
		n += 2 + RES_MEM32_FIXED_LEN;
	} else {
		for (i = 0; i < nr; i++) {
			lo = at->base + rg[i].off;
			if (lo > 0xffff || rg[i].len > 0xff || !rg[i].len ||
			    n + 8 > RES_MAX - RES_TAIL)
				return 0;
			r[n] = RES_IO;
			r[n + 1] = RES_IO_DECODE16;
			put(r + n + 2, lo, 2);		/* minimum */
			put(r + n + 4, lo, 2);		/* maximum */
			r[n + 6] = 1;			/* alignment */
			r[n + 7] = (uint8_t)rg[i].len;
			n += 8;
		}
	}
	if (at->irq != DEV_NO_IRQ) {
		r[n++] = RES_IRQ_EXT;
		put(r + n, RES_IRQ_EXT_LEN, 2);
		r[n + 2] = RES_IRQ_CONSUMER | RES_IRQ_EDGE;
		r[n + 3] = 1;
		put(r + n + 4, (uint32_t)at->irq, 4);
		n += 2 + RES_IRQ_EXT_LEN;
	}
	r[n++] = RES_END;
	r[n++] = 0;	/* no checksum */
	return n;
}

/* How many devices before index i share d's _HID: d's _UID. */
static unsigned int uid(const struct devmgr *dm, unsigned int i)
{
	const char *hid = dm->dev[i].cls->acpi_hid;
	unsigned int j, n = 0;

	for (j = 0; j < i; j++)
		n += dm->dev[j].cls->acpi_hid &&
		     !strcmp(dm->dev[j].cls->acpi_hid, hid);
	return n;
}

/*
 * Scope(\_SB) { Device(Dnnn) { Name(_HID, "...") Name(_UID, n)
 * Name(_CRS, ResourceTemplate() { ... }) } ... }, nnn the device's index
 * in hex
 */
static int dsdt_devices(struct aml *a, const struct devmgr *dm)
{
	const struct device *d;
	uint8_t res[RES_MAX];
	char seg[AML_NAMESEG_LEN + 1];
	size_t scope, dev, n;
	unsigned int i;

	aml_byte(a, AML_SCOPE);
	scope = aml_open(a);
	aml_byte(a, AML_ROOT);
	aml_nameseg(a, "_SB_");
	for (i = 0; i < dm->nr; i++) {
		d = &dm->dev[i];
		if (!d->cls->acpi_hid)
			continue;
		n = resources(d, res);
		if (!n) {
			err_msg("ACPI: %s at 0x%" PRIx64 " cannot be described",
				d->cls->name, d->at.base);
			return -1;
		}
		snprintf(seg, sizeof(seg), "D%03X", i & 0xfffu);
		aml_byte(a, AML_EXT);
		aml_byte(a, AML_DEVICE);
		dev = aml_open(a);
		aml_nameseg(a, seg);
		aml_byte(a, AML_NAME);
		aml_nameseg(a, "_HID");
		aml_string(a, d->cls->acpi_hid);
		aml_byte(a, AML_NAME);
		aml_nameseg(a, "_UID");
		aml_integer(a, uid(dm, i));
		aml_name_buffer(a, "_CRS", res, n);
		aml_close(a, dev);
	}
	aml_close(a, scope);
	return 0;
}

/*
 * Name(\_Sx_, Package() { typ, typ, 0, 0 }) for S3 and S5: the SLP_TYP
 * values acpi-pm takes, QEMU's.
 */
static void dsdt_sleep_states(struct aml *a)
{
	static const struct { const char *name; uint8_t typ; } st[] = {
		{ "_S3_", 1 }, { "_S5_", 0 },
	};
	unsigned int i, j;
	size_t pkg;

	for (i = 0; i < 2; i++) {
		aml_byte(a, AML_NAME);
		aml_byte(a, AML_ROOT);
		aml_nameseg(a, st[i].name);
		aml_byte(a, AML_PACKAGE);
		pkg = aml_open(a);
		aml_byte(a, 4);			/* elements */
		for (j = 0; j < 4; j++)
			aml_integer(a, j < 2 ? st[i].typ : 0);
		aml_close(a, pkg);
	}
}

/* The acpi-pm device's first port, or 0 if the machine has none. */
static uint16_t pm_port(const struct devmgr *dm)
{
	unsigned int i;

	for (i = 0; i < dm->nr; i++)
		if (!strcmp(dm->dev[i].cls->name, "acpi-pm") &&
		    dm->dev[i].at.space == BUS_PIO &&
		    dm->dev[i].at.base + PM_TMR_OFF + PM_TMR_LEN <= 0x10000)
			return (uint16_t)dm->dev[i].at.base;
	return 0;
}

static void build_rsdp(uint8_t *p, uint64_t xsdt)
{
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, oem_id, sizeof(oem_id));
	p[15] = 2;			/* revision: ACPI 2.0 and later */
	put(p + 20, RSDP_LEN, 4);
	put(p + 24, xsdt, 8);
	p[8] = checksum(p, RSDP_V1_LEN);
	p[32] = checksum(p, RSDP_LEN);
}

static void build_xsdt(uint8_t *t, uint64_t fadt, uint64_t madt)
{
	header(t, "XSDT", HDR_LEN + 8 * XSDT_ENTRIES, 1);
	put(t + HDR_LEN, fadt, 8);
	put(t + HDR_LEN + 8, madt, 8);
	seal(t);
}

/* A Generic Address Structure for ports [port, port + bytes). */
static void gas_io(uint8_t *g, uint16_t port, unsigned int bytes,
		   uint8_t access)
{
	g[0] = GAS_SYSTEM_IO;
	g[1] = (uint8_t)(8 * bytes);	/* bit width */
	g[3] = access;
	put(g + 4, port, 8);
}

/* A PC's FADT fields: PM1a blocks and timer at pm (0: none), the FACS. */
static void fadt_pc(uint8_t *t, uint64_t facs, uint16_t pm)
{
	put(t + FADT_FIRMWARE_CTRL, facs, 4);
	put(t + FADT_SCI_INT, SCI_IRQ, 2);
	put(t + FADT_IAPC_BOOT_ARCH, IAPC_LEGACY_DEVICES | IAPC_8042, 2);
	put(t + FADT_FLAGS, FADT_PC_FLAGS, 4);
	if (!pm)
		return;
	put(t + FADT_PM1A_EVT_BLK, pm + PM1_EVT_OFF, 4);
	put(t + FADT_PM1A_CNT_BLK, pm + PM1_CNT_OFF, 4);
	put(t + FADT_PM_TMR_BLK, pm + PM_TMR_OFF, 4);
	t[FADT_PM1_EVT_LEN] = PM1_EVT_LEN;
	t[FADT_PM1_CNT_LEN] = PM1_CNT_LEN;
	t[FADT_PM_TMR_LEN] = PM_TMR_LEN;
	gas_io(t + FADT_X_PM1A_EVT_BLK, pm + PM1_EVT_OFF, PM1_EVT_LEN, GAS_WORD);
	gas_io(t + FADT_X_PM1A_CNT_BLK, pm + PM1_CNT_OFF, PM1_CNT_LEN, GAS_WORD);
	gas_io(t + FADT_X_PM_TMR_BLK, pm + PM_TMR_OFF, PM_TMR_LEN, GAS_DWORD);
}

/* facs: a PC's FACS (0: the hardware-reduced platform of Linux guests) */
static void build_fadt(uint8_t *t, uint64_t dsdt, uint64_t facs, uint16_t pm)
{
	header(t, "FACP", FADT_LEN, FADT_REV);
	put(t + FADT_DSDT, dsdt, 4);
	put(t + FADT_IAPC_BOOT_ARCH,
	    IAPC_8042 | IAPC_VGA_NOT_PRESENT | IAPC_MSI_NOT_SUPPORTED, 2);
	put(t + FADT_FLAGS, FADT_HW_REDUCED_ACPI, 4);
	if (facs)
		fadt_pc(t, facs, pm);
	t[FADT_MINOR_REV] = FADT_MINOR;
	put(t + FADT_X_DSDT, dsdt, 8);
	memcpy(t + FADT_HYPERVISOR_ID, "KVMINI", 6);
	seal(t);
}

/* The FACS: no waking vector until the guest writes one; no checksum. */
static void build_facs(uint8_t *t)
{
	memcpy(t, "FACS", 4);
	put(t + 4, FACS_LEN, 4);
	t[32] = FACS_VERSION;
}

static uint32_t madt_len(unsigned int cpus)
{
	return HDR_LEN + 8 + cpus * MADT_LAPIC_LEN + MADT_IOAPIC_LEN;
}

/*
 * One LAPIC per vCPU (APIC ID = vCPU index = the ID its CPUID reports),
 * and the IOAPIC with GSIs 0-23. No interrupt source override: kvmini
 * routes GSI n to IOAPIC pin n (x86.c; IRQ 0 to pin 0, not 2 as on
 * QEMU's PC), which is ACPI's default, and no ISA line is used without a
 * DSDT Device that names its GSI. Flags 0: no PCAT_COMPAT,
 * the guest is to use the IOAPIC, not the 8259s; a PC's (pc) has them.
 */
static void build_madt(uint8_t *t, unsigned int cpus, bool pc)
{
	uint8_t *e = t + HDR_LEN + 8;
	unsigned int i;

	header(t, "APIC", madt_len(cpus), MADT_REV);
	put(t + HDR_LEN, KVMINI_LAPIC_ADDR, 4);
	put(t + HDR_LEN + 4, pc ? MADT_PCAT_COMPAT : 0, 4);
	for (i = 0; i < cpus; i++, e += MADT_LAPIC_LEN) {
		e[0] = MADT_TYPE_LAPIC;
		e[1] = MADT_LAPIC_LEN;
		e[2] = (uint8_t)i;		/* ACPI processor UID */
		e[3] = (uint8_t)i;		/* APIC ID */
		put(e + 4, MADT_LAPIC_ENABLED, 4);
	}
	e[0] = MADT_TYPE_IOAPIC;
	e[1] = MADT_IOAPIC_LEN;
	e[2] = IOAPIC_ID;
	put(e + 4, KVMINI_IOAPIC_ADDR, 4);
	put(e + 8, 0, 4);			/* GSI base */
	seal(t);
}

/* The next free offset at or after off, aligned. */
static size_t align_up(size_t off)
{
	return (off + ACPI_ALIGN - 1) & ~(size_t)(ACPI_ALIGN - 1);
}

long x86_acpi_build(void *buf, size_t size, uint64_t gpa,
		    const struct devmgr *dm, unsigned int cpus, bool pc)
{
	size_t facs = X86_ACPI_FACS_OFF;
	size_t xsdt = align_up(pc ? facs + FACS_LEN : RSDP_LEN);
	size_t fadt = align_up(xsdt + HDR_LEN + 8 * XSDT_ENTRIES);
	size_t madt = align_up(fadt + FADT_LEN);
	size_t dsdt = align_up(madt + madt_len(cpus));
	uint8_t *p = buf;
	struct aml a;

	/* after the RSDP, 64-byte aligned */
	_Static_assert(X86_ACPI_FACS_OFF / RSDP_LEN && !(X86_ACPI_FACS_OFF % 64),
		       "the FACS's place");
	if (dsdt + HDR_LEN > size || cpus > 0xff ||
	    gpa + size > (uint64_t)UINT32_MAX + 1 || gpa % 64) {
		err_msg("ACPI tables do not fit at 0x%" PRIx64, gpa);
		return -1;
	}
	memset(p, 0, size);
	a = (struct aml){ .p = p + dsdt + HDR_LEN,
			  .cap = size - dsdt - HDR_LEN };
	if (pc)
		dsdt_sleep_states(&a);
	if (dsdt_devices(&a, dm) < 0)
		return -1;
	if (a.full) {
		err_msg("ACPI: the DSDT does not fit in %zu bytes", size);
		return -1;
	}
	header(p + dsdt, "DSDT", (uint32_t)(HDR_LEN + a.len), DSDT_REV);
	seal(p + dsdt);
	build_madt(p + madt, cpus, pc);
	if (pc)
		build_facs(p + facs);
	build_fadt(p + fadt, gpa + dsdt, pc ? gpa + facs : 0,
		   pc ? pm_port(dm) : 0);
	build_xsdt(p + xsdt, gpa + fadt, gpa + madt);
	build_rsdp(p, gpa + xsdt);
	return (long)(dsdt + HDR_LEN + a.len);
}
