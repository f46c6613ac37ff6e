/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every libFuzzer target of tests/fuzz/ shares: a reader that decodes
 * an input into the values a harness asks for (zeros once it runs out, so
 * that every input is a valid program), and the process set-up.
 */
#ifndef KVMINI_FUZZ_H
#define KVMINI_FUZZ_H

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct fz {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t fz_u8(struct fz *f)
{
	if (!f->n)
		return 0;
	f->n--;
	return *f->p++;
}

static inline uint16_t fz_u16(struct fz *f)
{
	uint16_t v = fz_u8(f);

	return v | (uint16_t)fz_u8(f) << 8;
}

static inline uint32_t fz_u32(struct fz *f)
{
	uint32_t v = fz_u16(f);

	return v | (uint32_t)fz_u16(f) << 16;
}

static inline uint64_t fz_u64(struct fz *f)
{
	uint64_t v = fz_u32(f);

	return v | (uint64_t)fz_u32(f) << 32;
}

/* Up to len bytes of the input into dst; how many there were. */
static inline size_t fz_bytes(struct fz *f, void *dst, size_t len)
{
	if (len > f->n)
		len = f->n;
	memcpy(dst, f->p, len);
	f->p += len;
	f->n -= len;
	return len;
}

/* An access width: 1, 2, 4 or 8 bytes, mostly 4; sometimes 0 or odd. */
static inline unsigned int fz_len(struct fz *f)
{
	static const unsigned int lens[16] = {
		4, 4, 4, 4, 4, 4, 1, 1, 2, 2, 8, 8, 0, 3, 5, 16,
	};

	return lens[fz_u8(f) & 15];
}

/*
 * Guest output (stdout) goes nowhere unless FUZZ_STDOUT is set: debug
 * ports and UARTs print what the fuzzer makes them print.
 */
static inline void fz_quiet_stdout(void)
{
	int fd;

	if (getenv("FUZZ_STDOUT"))
		return;
	fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
}

/*
 * A file in memory the harness fills per input, and the path (at most 32
 * bytes) kvmini opens it by, as a user's image or disk. Aborts on failure.
 */
static inline int fz_memfd(const char *name, char *path, size_t len)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0)
		abort();
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#endif /* KVMINI_FUZZ_H */
