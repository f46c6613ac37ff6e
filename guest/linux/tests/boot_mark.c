// SPDX-License-Identifier: GPL-2.0
/*
 * boot_mark: the lab guest's boot markers (docs/statistics.md, "Boot
 * timeline"), which its init writes. "boot_mark CODE" writes a POST code:
 * x86's port 0x80 (ioperm: Debian's kernel has no /dev/port), arm64's
 * MMIO byte; "boot_mark booted" writes 123 to the boot timer. MMIO goes
 * through /dev/mem. Status 1 with one line if it cannot, 2 on bad usage.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifdef __x86_64__
#include <sys/io.h>
#include "kvmini/arch/x86.h"
#else
#include "kvmini/arch/arm64.h"
#endif

#define BOOTED	123

static int mmio_w8(uint64_t addr, uint8_t v)
{
	long page = sysconf(_SC_PAGESIZE);
	int fd = open("/dev/mem", O_RDWR | O_SYNC);
	uint8_t *p;

	if (fd < 0) {
		perror("boot_mark: /dev/mem");
		return 1;
	}
	p = mmap(NULL, page, PROT_WRITE, MAP_SHARED, fd,
		 (off_t)(addr & ~(uint64_t)(page - 1)));
	close(fd);
	if (p == MAP_FAILED) {
		perror("boot_mark: mmap /dev/mem");
		return 1;
	}
	/* one byte store that the compiler may neither drop nor merge */
	__atomic_store_n(&p[addr & (page - 1)], v, __ATOMIC_RELAXED);
	munmap(p, page);
	return 0;
}

static int post_code(uint8_t code)
{
#ifdef __x86_64__
	if (ioperm(KVMINI_POST_PORT, 1, 1) < 0) {
		perror("boot_mark: ioperm");
		return 1;
	}
	outb(code, KVMINI_POST_PORT);
	return 0;
#else
	return mmio_w8(KVMINI_POST_CODE, code);
#endif
}

int main(int argc, char **argv)
{
	unsigned long code;
	char *end;

	if (argc != 2) {
		fprintf(stderr, "usage: boot_mark CODE|booted\n");
		return 2;
	}
	if (!strcmp(argv[1], "booted"))
		return mmio_w8(KVMINI_BOOT_TIMER, BOOTED);
	code = strtoul(argv[1], &end, 0);
	if (*end || end == argv[1] || code > 0xff) {
		fprintf(stderr, "boot_mark: not a code from 0 to 0xff: %s\n",
			argv[1]);
		return 2;
	}
	return post_code((uint8_t)code);
}
