/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device manager's two steps at once, for tests: devmgr_prepare()
 * (the rows' classes, their options, their host resources) then
 * devmgr_attach() on vm, as machine.c takes them around its KVM set-up.
 */
#ifndef KVMINI_TEST_DEVMGR_CREATE_H
#define KVMINI_TEST_DEVMGR_CREATE_H

#include "devmgr.h"
#include "status.h"

/* 0, or -1 (one message printed) */
static inline int devmgr_create(struct devmgr *dm,
				const struct device_row *rows, struct vm *vm,
				const struct device_env *env)
{
	if (devmgr_prepare(dm, rows) != ST_OK)
		return -1;
	return devmgr_attach(dm, vm, env);
}

#endif /* KVMINI_TEST_DEVMGR_CREATE_H */
