/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI tables for x86 Linux guests (acpi.c): how Debian's and most
 * distributions' kernels, which have no MP-table parser and no
 * virtio_mmio.device= parameter, find the vCPUs and the devices.
 */
#ifndef KVMINI_X86_ACPI_H
#define KVMINI_X86_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct devmgr;

/* a PC's FACS, from the tables' start (gpa is 64-byte aligned) */
#define X86_ACPI_FACS_OFF	64

/*
 * Writes the RSDP (at buf), XSDT, FADT, MADT (cpus local APICs, the
 * IOAPIC) and a DSDT with one Device per device of dm whose class has an
 * ACPI _HID into buf, the guest's bytes at gpa: a hardware-reduced
 * platform, or with pc a PC's (the acpi-pm device's blocks, a FACS at
 * X86_ACPI_FACS_OFF, S3 and S5). Returns the bytes used, or -1 if size
 * cannot hold them.
 */
long x86_acpi_build(void *buf, size_t size, uint64_t gpa,
		    const struct devmgr *dm, unsigned int cpus, bool pc);

#endif /* KVMINI_X86_ACPI_H */
