/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For tests and fuzz harnesses linked with -Wl,--wrap=ioctl: the libc
 * call behind __wrap_ioctl, and its argument. Every ioctl kvmini makes
 * passes one pointer, which the wrap reads as ioctl itself would.
 */
#ifndef KVMINI_TESTS_IOCTL_WRAP_H
#define KVMINI_TESTS_IOCTL_WRAP_H

#include <stdarg.h>

int __real_ioctl(int fd, unsigned long req, ...);

/* In int __wrap_ioctl(int fd, unsigned long req, ...): arg = the pointer. */
#define IOCTL_ARG(req, arg)					\
	do {							\
		va_list ap_;					\
		va_start(ap_, req);				\
		(arg) = va_arg(ap_, void *);			\
		va_end(ap_);					\
	} while (0)

#endif /* KVMINI_TESTS_IOCTL_WRAP_H */
