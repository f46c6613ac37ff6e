# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# KVM's own selftests (tools/testing/selftests/kvm, built from the patched
# tree), those lab/<arch>.conf lists in LAB_KVM_SELFTESTS: the series'
# own (arm64: hide_seek, host_cpuid; x86: cpuid_exit_stats_test) and the
# upstream tests their changes touch (arm64: hypercalls and get-reg-list
# list the new firmware register; smccc_filter). Each must exit 0, and
# every listed one must be there.
KVMINI=true RUN_TIMEOUT=300
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
for t in /lab/selftests/*; do
	KVMINI=$t
	run "${t##*/}" 0
	tail -3 "$T/out"
done
for t in $LAB_KVM_SELFTESTS; do
	check "${t##*/} is built" "[ -x /lab/selftests/${t##*/} ]"
done
summary kvm-selftests
