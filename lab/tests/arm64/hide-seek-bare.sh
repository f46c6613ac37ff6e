# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# HIDE/SEEK from a bare guest: SEEK reads 0 before any HIDE, then all 256
# values round-trip (5 of them printed), all inside KVM.
KVMINI=kvmini
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
run "HIDE/SEEK round trips" 0 --stats=json --stats-file "$T/s.json" /lab/guests/hide_seek.elf
# shellcheck disable=SC2034 # for the checks below
s=$T/s.json
check "SEEK before any HIDE" 'grep -qx "SEEK before any HIDE 0x0" $T/out'
check "5 printed round trips" '[ "$(grep -c "^HIDE .* ok$" $T/out)" = 5 ]'
check "all 256 values" 'grep -qx "all 256 values: ok" $T/out'
check "HIDE/SEEK enabled" '[ "$(jv arch_features.hide_seek $s)" = 1 ]'
# 523 accesses (1+5+256 SEEK, 5+256 HIDE) handled in the kernel
check "handled in KVM" '[ "$(jv kvm.mmio_exit_kernel $s)" -ge 523 ]'
check "nothing unclaimed" '[ "$(jv exits.by_device.unclaimed.count $s)" = 0 ]'
summary hide-seek-bare
