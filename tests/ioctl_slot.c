// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl wrap of tests and harnesses that build SIMVIRTIO on a VM
 * without KVM (fd -1): its queue pages are the process's own, so setting
 * them as a memory slot succeeds with no /dev/kvm to tell, and vm_destroy
 * unmaps them. Link with -Wl,--wrap=ioctl; every other call is libc's.
 */
#include <linux/kvm.h>

#include "ioctl_wrap.h"

int __wrap_ioctl(int fd, unsigned long req, ...);

int __wrap_ioctl(int fd, unsigned long req, ...)
{
	void *arg;

	IOCTL_ARG(req, arg);
	if (fd < 0 && req == KVM_SET_USER_MEMORY_REGION)
		return 0;
	return __real_ioctl(fd, req, arg);
}
