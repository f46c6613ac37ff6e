// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "option.h"
#include "status.h"

int option_set(const struct option_def *opt, void *params, char *arg)
{
	(void)arg;
	*(bool *)((char *)params + opt->field) = true;
	return ST_OK;
}

int option_clear(const struct option_def *opt, void *params, char *arg)
{
	(void)arg;
	*(bool *)((char *)params + opt->field) = false;
	return ST_OK;
}

int option_string(const struct option_def *opt, void *params,
		  char *arg)
{
	*(const char **)((char *)params + opt->field) = arg;
	return ST_OK;
}

int option_bad(const char *what, const char *arg)
{
	err_msg("%s: '%s' (see kvmini --help)", what, arg);
	return ST_USAGE;
}

/* the column the help text starts in */
#define HELP_COL	23

void option_help(FILE *f, const struct option_def *defs)
{
	const struct option_def *o;
	const char *line, *end;
	int n;

	for (o = defs; o->name; o++) {
		if (!o->help)
			continue;
		if (o->short_name)
			n = fprintf(f, "  -%c, --%s", o->short_name, o->name);
		else
			n = fprintf(f, "      --%s", o->name);
		if (o->arg)
			n += fprintf(f, o->arg_optional ? "[=%s]" : " %s", o->arg);
		/*
		 * two spaces at least between synopsis and text (what
		 * scripts/check-readme.sh reads), else the next line
		 */
		if (n > HELP_COL - 2)
			n = fprintf(f, "\n") - 1;
		for (line = o->help; *line; line = *end ? end + 1 : end) {
			end = strchrnul(line, '\n');
			fprintf(f, "%*s%.*s\n", HELP_COL - n, "",
				(int)(end - line), line);
			n = 0;
		}
	}
}
