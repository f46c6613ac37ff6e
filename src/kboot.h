/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What booting a Linux kernel needs on every architecture, written once:
 * its command line and where its initrd goes.
 */
#ifndef KVMINI_KBOOT_H
#define KVMINI_KBOOT_H

#include <stddef.h>
#include <stdint.h>

struct devmgr;
struct vm;

/*
 * "console=<the machine's console> panic=-1[ params][ append]" into buf
 * (size bytes with the NUL), params being the machine's own (or NULL):
 * its length, or -1 (message printed) if too long. Kernels find the other
 * devices in a device tree (arm64) or ACPI (x86).
 */
int kboot_cmdline(char *buf, size_t size, const struct devmgr *dm,
		  const char *params, const char *append);

/*
 * Reads the initrd at path and copies it, page-aligned, as high as it
 * fits below top and not below low (the kernel's end). ST_OK with its
 * guest address and size, or ST_IMAGE (message printed).
 */
int kboot_initrd(struct vm *vm, const char *path, uint64_t low, uint64_t top,
		 uint64_t *addr, uint64_t *size);

#endif /* KVMINI_KBOOT_H */
