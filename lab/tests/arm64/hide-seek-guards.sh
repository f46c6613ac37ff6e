# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# HIDE/SEEK misuse behaves as documented, and a VM that did not opt in
# sees no device: its accesses reach kvmini as unclaimed MMIO, as before.
KVMINI=kvmini
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
run "misuse" 0 /lab/guests/hide_seek_guards.elf
run "not enabled" 1 --no-hide-seek --stats=json --stats-file "$T/n.json" /lab/guests/hide_seek.elf
# shellcheck disable=SC2034 # for the checks below
n=$T/n.json
check "not enabled: off" '[ "$(jv arch_features.hide_seek $n)" = 0 ]'
check "not enabled: KVM handled no MMIO" '[ "$(jv kvm.mmio_exit_kernel $n)" = 0 ]'
check "not enabled: accesses reached kvmini" \
	'[ "$(jv unclaimed.reads $n)" = 262 ] && [ "$(jv unclaimed.writes $n)" = 261 ]'
summary hide-seek-guards
