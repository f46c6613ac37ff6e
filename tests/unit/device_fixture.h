/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A device under test without KVM: its class, its state, and the VM and
 * configuration it is created for. Include after <cmocka.h>.
 */
#ifndef KVMINI_TEST_DEVICE_FIXTURE_H
#define KVMINI_TEST_DEVICE_FIXTURE_H

#include <stdlib.h>

#include "config.h"
#include "devices/device.h"
#include "status.h"
#include "vm.h"

struct fx {
	struct vm vm;
	struct config cfg;
	void *state;
	const struct device_class *dc;
};

static inline struct fx *fx_new(const struct device_class *dc)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->vm.stop_status = ST_RUNNING;
	config_defaults(&f->cfg);
	f->dc = dc;
	assert_int_equal(dc->create(&f->vm, &f->cfg, &f->state), 0);
	return f;
}

static inline void fx_free(struct fx *f)
{
	f->dc->destroy(f->state);
	free(f);
}

#endif /* KVMINI_TEST_DEVICE_FIXTURE_H */
