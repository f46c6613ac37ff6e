// SPDX-License-Identifier: GPL-2.0
/*
 * virt_walker_test VALUE...: writes each byte to /dev/virt_walker and
 * reads it back; also checks zero-length calls and a bad pointer.
 * Exit status 0 when everything behaves as documented.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fails;

static void check(int ok, const char *what)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAIL");
	fails += !ok;
}

int main(int argc, char **argv)
{
	unsigned char in, out;
	void *bad = (void *)16;	/* an unmapped user address */
	char what[64];
	ssize_t w, r;
	int fd, i;

	fd = open("/dev/virt_walker", O_RDWR);
	if (fd < 0) {
		perror("virt_walker_test: /dev/virt_walker");
		return 2;
	}
	for (i = 1; i < argc; i++) {
		in = (unsigned char)strtoul(argv[i], NULL, 0);
		w = write(fd, &in, 1);
		r = read(fd, &out, 1);
		snprintf(what, sizeof(what), "write 0x%02x read 0x%02x", in, out);
		check(w == 1 && r == 1 && in == out, what);
	}
	check(write(fd, &in, 0) == 0 && read(fd, &out, 0) == 0, "zero-length calls");
	asm("" : "+r"(bad));	/* hide it from the compiler's bounds checks */
	errno = 0;
	check(write(fd, bad, 1) < 0 && errno == EFAULT,
	      "bad pointer write");
	errno = 0;
	check(read(fd, bad, 1) < 0 && errno == EFAULT,
	      "bad pointer read");
	close(fd);
	return fails ? 1 : 0;
}
