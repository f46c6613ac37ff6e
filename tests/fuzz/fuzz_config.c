// SPDX-License-Identifier: GPL-2.0
/*
 * The command-line parser as a user (or a script) calls kvmini: the
 * input, split at NUL bytes, is argv after "kvmini"; a parsed line is
 * then checked against an image of each kind. Every argument also goes
 * through parse_size, the --mem syntax.
 */
#include <stdbool.h>

#include "config.h"
#include "loader.h"
#include "status.h"

#include "fuzz.h"

#define MAX_ARGS	32

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet_stdout();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 2] = { "kvmini" };
	struct image img = { .name = "image" };
	struct config cfg;
	int argc = 1, st;
	char *buf, *p;
	uint64_t mem;

	/* the parser may write into argv's strings, as into a real one */
	buf = malloc(size + 1);
	if (!buf)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (p = buf; p <= buf + size && argc <= MAX_ARGS; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;

	config_defaults(&cfg);
	st = config_parse(&cfg, argc, argv);
	if (st == ST_OK) {
		img.mode = cfg.mode;
		config_check(&cfg, &img);
		img.kernel = true;
		img.mode = 64;
		config_check(&cfg, &img);
	}
	for (argc--; argc > 0; argc--)
		parse_size(argv[argc], &mem);
	free(buf);
	return 0;
}
