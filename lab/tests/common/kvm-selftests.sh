# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# KVM's own selftests (tools/testing/selftests/kvm, built from the patched
# tree): the series' hide_seek and host_cpuid, and the upstream tests its
# changes touch (hypercalls and get-reg-list list the new firmware
# register; smccc_filter). Each must exit 0.
KVMINI=true RUN_TIMEOUT=300
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
for t in /lab/selftests/*; do
	KVMINI=$t
	run "${t##*/}" 0
	tail -3 "$T/out"
done
# shellcheck disable=SC2016 # check evaluates its expression itself
check "5 selftests ran" '[ "$(ls /lab/selftests | wc -l)" -ge 5 ]'
summary arm64-kvm-selftests
