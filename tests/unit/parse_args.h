/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A command line for a test: the defaults, then "kvmini" and the
 * arguments parsed as main() parses them, into a struct config and the
 * device classes' parameters (devices are set up through their own
 * options, as kvmini sets them up).
 */
#ifndef KVMINI_TEST_PARSE_ARGS_H
#define KVMINI_TEST_PARSE_ARGS_H

#include <stdarg.h>
#include <string.h>

#include "config.h"

/*
 * config_parse's status for the NULL-terminated args after "kvmini".
 * They are copied, as a parser may cut its own (--disk F,ro), and stay
 * until the next call: what the parameters point to.
 */
static inline int parse_argv(struct config *cfg, const char *const *args)
{
	static char pool[1 << 16];
	static char *argv[64];
	size_t used = 0, n;
	int argc = 0;

	for (; *args && argc < 63; args++) {
		n = strlen(*args) + 1;
		if (used + n > sizeof(pool))
			break;
		argv[argc++] = memcpy(pool + used, *args, n);
		used += n;
	}
	argv[argc] = NULL;
	config_defaults(cfg);
	return config_parse(cfg, argc, argv);
}

/* PARSE(cfg, args...): parse_argv of "kvmini" and the arguments. */
static inline int parse_args(struct config *cfg, ...)
{
	const char *args[64] = { "kvmini" };
	va_list ap;
	int n = 1;

	va_start(ap, cfg);
	while (n < 63 && (args[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	args[n] = NULL;
	return parse_argv(cfg, args);
}

#define PARSE(cfg, ...) parse_args(cfg, __VA_ARGS__, NULL)

#endif /* KVMINI_TEST_PARSE_ARGS_H */
