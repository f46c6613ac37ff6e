// SPDX-License-Identifier: GPL-2.0
/*
 * kvmini: a small VMM on the Linux KVM API.
 */
#include "config.h"
#include "machine.h"
#include "status.h"

int main(int argc, char **argv)
{
	struct config cfg;
	int st;

	config_defaults(&cfg);
	st = config_parse(&cfg, argc, argv);
	if (st == CONFIG_DONE)
		return ST_OK;
	if (st != ST_OK)
		return st;
	if (cfg.check_kvm)
		return machine_check_kvm();
	return machine_run(&cfg);
}
