/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A device under test without KVM: the row of this machine's table that
 * places the class, built by the device manager on a VM with no fd, for
 * the default options. Include after <cmocka.h>.
 */
#ifndef KVMINI_TEST_DEVICE_FIXTURE_H
#define KVMINI_TEST_DEVICE_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "config.h"
#include "devmgr.h"
#include "devmgr_create.h"
#include "parse_args.h"
#include "status.h"
#include "vm.h"

struct fx {
	struct vm vm;
	struct config cfg;
	struct devmgr dm;
};

static inline const struct device_row *fx_row(const char *class_name)
{
	const struct device_row *r;

	for (r = machine_devices; r->class_name; r++)
		if (!strcmp(r->class_name, class_name))
			return r;
	fail_msg("no row for %s in this machine's table", class_name);
	return NULL;
}

static inline struct fx *fx_new(const char *class_name)
{
	static const struct device_env env;
	struct fx *f = calloc(1, sizeof(*f));
	struct device_row rows[2] = { *fx_row(class_name), { NULL } };

	assert_non_null(f);
	config_defaults(&f->cfg);
	assert_int_equal(devmgr_create(&f->dm, rows, &f->vm, &env), 0);
	assert_int_equal(f->dm.nr, 1);
	return f;
}

static inline void fx_free(struct fx *f)
{
	devmgr_stop(&f->dm);
	devmgr_destroy(&f->dm);
	free(f);
}

struct fx_counter {
	const char *name;
	uint64_t val;
	int found;
};

static inline void fx_find_counter(void *ctx, const char *name, uint64_t val)
{
	struct fx_counter *c = ctx;

	if (!strcmp(name, c->name)) {
		c->val = val;
		c->found++;
	}
}

/* A counter of the device, as the statistics report reads it. */
static inline uint64_t fx_counter(struct fx *f, const char *name)
{
	const struct device *d = &f->dm.dev[0];
	struct fx_counter c = { .name = name };

	d->cls->stats(d->state, fx_find_counter, &c);
	assert_int_equal(c.found, 1);
	return c.val;
}

#endif /* KVMINI_TEST_DEVICE_FIXTURE_H */
