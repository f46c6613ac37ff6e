// SPDX-License-Identifier: GPL-2.0
/*
 * A Multiboot v1 image, booted as kvm-unit-tests' are: checks the magic
 * in EAX, then prints what the information structure at EBX gives (its
 * memory sizes, command line and module) and ends the run (status 0).
 */
#include "guest.h"
#include "multiboot.h"

/* page-aligned modules, memory sizes */
MULTIBOOT_HEADER(3);

static const char *str(uint32_t gpa)
{
	return (const char *)(uintptr_t)gpa;
}

static void report(const struct mb_info *mbi)
{
	const struct mb_module *m;
	const char *p;

	con_puts("flags ");
	con_putx(mbi->flags);
	con_puts(", mem_lower ");
	con_putu(mbi->mem_lower);
	con_puts(" KiB, mem_upper ");
	con_putu(mbi->mem_upper);
	con_puts(" KiB\ncmdline: ");
	con_puts(mbi->flags & (1u << 2) ? str(mbi->cmdline) : "(none)");
	con_puts("\n");
	if (!(mbi->flags & (1u << 3)))
		return;
	m = (const struct mb_module *)(uintptr_t)mbi->mods_addr;
	con_putu(mbi->mods_count);
	con_puts(" module(s)\n");
	if (!mbi->mods_count)
		return;
	con_puts("module: ");
	con_puts(str(m->string));
	con_puts(", ");
	con_putu(m->end - m->start);
	con_puts(m->start & 0xfff ? " bytes, not page-aligned\n" :
				    " bytes, page-aligned\n");
	for (p = str(m->start); p < str(m->end); p++) {
		char c[2] = { *p, 0 };

		con_puts(c);
	}
}

unsigned long guest_main(uint32_t magic, uint32_t info)
{
	if (magic != MB_BOOT_MAGIC) {
		con_puts("not booted by a Multiboot loader\n");
	} else {
		report((const struct mb_info *)(uintptr_t)info);
		con_puts("done\n");
	}
	guest_end();
	return 0;
}
