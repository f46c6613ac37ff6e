/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command-line options, declared where what they configure lives: one
 * row each, from which the parser and `--help` are made. Run-wide rows
 * are config.c's, a device class lists its own (device.h), and parses
 * them into its own parameters.
 */
#ifndef KVMINI_OPTION_H
#define KVMINI_OPTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct option_def;

/*
 * Stores arg (NULL for an option without one) into params: ST_OK, or
 * ST_USAGE with one line printed. arg is argv's, kept for the run; a
 * parser may cut it.
 */
typedef int (*option_parse_fn)(const struct option_def *opt, void *params,
			       char *arg);

struct option_def {
	const char *name;	/* --name; NULL ends a list */
	char short_name;	/* -c, or 0 */
	const char *arg;	/* its argument in --help; NULL: none */
	bool arg_optional;	/* --name[=ARG] */
	/* --help's text, lines separated by '\n'; NULL: not listed (tests) */
	const char *help;
	/* the only family of guests it is for ("x86", "arm64"), or NULL */
	const char *family;
	option_parse_fn parse;
	size_t field;		/* for the parsers below: offsetof(params) */
};

/* A row's parser for a bool member of type t set to true, or false */
#define OPTION_SET(t, m)	.parse = option_set, .field = offsetof(t, m)
#define OPTION_CLEAR(t, m)	.parse = option_clear, .field = offsetof(t, m)
/* for a const char * member that keeps the argument */
#define OPTION_STRING(t, m)	.parse = option_string, .field = offsetof(t, m)

int option_set(const struct option_def *opt, void *params, char *arg);
int option_clear(const struct option_def *opt, void *params, char *arg);
int option_string(const struct option_def *opt, void *params,
		  char *arg);

/* One line, "what: 'arg' (see kvmini --help)"; returns ST_USAGE. */
int option_bad(const char *what, const char *arg);

/* Prints the rows of defs that have help, as --help lists them. */
void option_help(FILE *f, const struct option_def *defs);

#endif /* KVMINI_OPTION_H */
