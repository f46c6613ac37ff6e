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
#define __noreturn	__kvmini_attr(__noreturn__)
#define __section(s)	__kvmini_attr(__section__(s))
#define __aligned(x)	__kvmini_attr(__aligned__(x))

/*
 * The sanitizers this file is built with, 1 or 0 (make VARIANT=asan:
 * ASan and UBSan; VARIANT=tsan: TSan). GCC defines a macro for ASan and
 * TSan, clang answers __has_feature; GCC has none for UBSan, which the
 * Makefile passes as -DKVMINI_UBSAN=1.
 */
#ifdef __SANITIZE_ADDRESS__
#define KVMINI_ASAN	1
#endif
#ifdef __SANITIZE_THREAD__
#define KVMINI_TSAN	1
#endif
#ifdef __clang__
#if __has_feature(address_sanitizer)
#define KVMINI_ASAN	1
#endif
#if __has_feature(thread_sanitizer)
#define KVMINI_TSAN	1
#endif
#if __has_feature(undefined_behavior_sanitizer)
#define KVMINI_UBSAN	1
#endif
#endif

#ifndef KVMINI_ASAN
#define KVMINI_ASAN	0
#endif
#ifndef KVMINI_UBSAN
#define KVMINI_UBSAN	0
#endif
#ifndef KVMINI_TSAN
#define KVMINI_TSAN	0
#endif

/* e.g. " ASan UBSan", or "" (kvmini --version says it) */
#define KVMINI_SANITIZERS \
	(__kvmini_asan_name __kvmini_ubsan_name __kvmini_tsan_name)
#if KVMINI_ASAN
#define __kvmini_asan_name	" ASan"
#else
#define __kvmini_asan_name	""
#endif
#if KVMINI_UBSAN
#define __kvmini_ubsan_name	" UBSan"
#else
#define __kvmini_ubsan_name	""
#endif
#if KVMINI_TSAN
#define __kvmini_tsan_name	" TSan"
#else
#define __kvmini_tsan_name	""
#endif

#endif /* KVMINI_COMPILER_H */
