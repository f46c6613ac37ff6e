/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KVMINI_COMPILER_H
#define KVMINI_COMPILER_H

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)	__attribute__((__format__(__printf__, a, b)))
#define __used		__attribute__((__used__))
#define __section(s)	__attribute__((__section__(s)))
#define __aligned(x)	__attribute__((__aligned__(x)))

#endif /* KVMINI_COMPILER_H */
