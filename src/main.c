// SPDX-License-Identifier: GPL-2.0
/*
 * kvmini: a small VMM on the Linux KVM API.
 */
#include "compiler.h"
#include "config.h"
#include "machine.h"
#include "status.h"
#include "timeline.h"

/*
 * A sanitizer's report ends kvmini with status 66, TSan's default, in the
 * ASan/UBSan build too: theirs, 1, is kvmini's own status for a failed
 * check, so a report could pass for a test's expected failure. The
 * environment (ASAN_OPTIONS, UBSAN_OPTIONS) still overrides it.
 */
_Static_assert(ST_SANITIZER == 66, "the exitcode= below");

#if KVMINI_ASAN
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "exitcode=66";
}
#endif
#if KVMINI_UBSAN
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "exitcode=66";
}
#endif

int main(int argc, char **argv)
{
	struct config cfg;
	int st;

	timeline_start();
	config_defaults(&cfg);
	st = config_parse(&cfg, argc, argv);
	timeline_time_steps(cfg.stats != REPORT_NONE);
	timeline_mark(TL_OPTIONS);
	if (st == CONFIG_DONE)
		return ST_OK;
	if (st != ST_OK)
		return st;
	if (cfg.check_kvm)
		return machine_check_kvm();
	return machine_run(&cfg);
}
