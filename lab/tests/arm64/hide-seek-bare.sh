# SPDX-License-Identifier: GPL-2.0
# HIDE/SEEK from a bare guest: 5 values round-trip, all inside KVM.
KVMINI=kvmini
. /lab/suite/lib.sh
run "HIDE/SEEK round trips" 0 --stats=json --stats-file "$T/s.json" /lab/guests/hide_seek.elf
s=$T/s.json
check "5 round trips" '[ "$(grep -c " ok$" $T/out)" = 5 ]'
check "HIDE/SEEK enabled" '[ "$(jv arch_features.hide_seek $s)" = 1 ]'
# 12 accesses (1+5 SEEK, 5+1 HIDE) handled in the kernel
check "handled in KVM" '[ "$(jv kvm.mmio_exit_kernel $s)" -ge 12 ]'
check "nothing unclaimed" '[ "$(jv exits.by_device.unclaimed.count $s)" = 0 ]'
summary hide-seek-bare
