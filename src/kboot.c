// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "devmgr.h"
#include "kboot.h"
#include "loader.h"
#include "log.h"
#include "status.h"
#include "vm.h"

int kboot_cmdline(char *buf, size_t size, const struct devmgr *dm,
		  const char *params, const char *append)
{
	const struct device *con = devmgr_console(dm);
	int n;

	n = snprintf(buf, size, "%s%s%spanic=-1%s%s", con ? "console=" : "",
		     con ? con->cls->console : "", con ? " " : "",
		     params ? " " : "", params ? params : "");
	if (n >= 0 && (size_t)n < size && append)
		n += snprintf(buf + n, size - n, " %s", append);
	if (n < 0 || (size_t)n >= size) {
		err_msg("--append: the kernel command line would exceed %zu bytes",
			size - 1);
		return -1;
	}
	return n;
}

int kboot_initrd(struct vm *vm, const char *path, uint64_t low, uint64_t top,
		 uint64_t *addr, uint64_t *size)
{
	struct image rd;
	uint64_t at;
	void *dst;
	int st;

	st = image_read(path, top, &rd);
	if (st != ST_OK)
		return st;
	at = (top - rd.size) & ~0xfffULL;
	dst = vm_gpa(vm, at, rd.size);
	if (at < low || !dst) {
		err_msg("%s: %" PRIu64 " MiB of RAM cannot hold the kernel and this initrd",
			path, vm->slots[0].size >> 20);
		image_free(&rd);
		return ST_IMAGE;
	}
	memcpy(dst, rd.data, rd.size);
	*addr = at;
	*size = rd.size;
	image_free(&rd);
	return ST_OK;
}
