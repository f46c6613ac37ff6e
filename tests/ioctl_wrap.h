/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For tests and fuzz harnesses linked with -Wl,--wrap=ioctl: the libc
 * call behind __wrap_ioctl, and its argument. Every ioctl kvmini makes
 * passes one pointer, which the wrap reads as ioctl itself would.
 */
#ifndef KVMINI_TESTS_IOCTL_WRAP_H
#define KVMINI_TESTS_IOCTL_WRAP_H

#include <linux/kvm.h>
#include <stdarg.h>
#include <stdbool.h>

int __real_ioctl(int fd, unsigned long req, ...);

/* In int __wrap_ioctl(int fd, unsigned long req, ...): arg = the pointer. */
#define IOCTL_ARG(req, arg)					\
	do {							\
		va_list ap_;					\
		va_start(ap_, req);				\
		(arg) = va_arg(ap_, void *);			\
		va_end(ap_);					\
	} while (0)

/*
 * Whether a wrap should let this call succeed: a memory slot set on a VM
 * without KVM (fd -1). vm_add_memory's pages are the process's own, so a
 * device that adds guest memory (SIMVIRTIO's queue pages) is built
 * without /dev/kvm, and vm_destroy unmaps them.
 */
static inline bool ioctl_slot_without_kvm(int fd, unsigned long req)
{
	return fd < 0 && req == KVM_SET_USER_MEMORY_REGION;
}

#endif /* KVMINI_TESTS_IOCTL_WRAP_H */
