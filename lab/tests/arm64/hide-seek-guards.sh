# SPDX-License-Identifier: GPL-2.0
# HIDE/SEEK misuse behaves as documented, and a VM that did not opt in
# sees no device: its accesses reach kvmini as unclaimed MMIO, as before.
. /lab/lib.sh
run 0 /lab/guests/hide_seek_guards.elf
run 1 --no-hide-seek --stats=json --stats-file /tmp/n.json /lab/guests/hide_seek.elf
[ "$(stat hide_seek /tmp/n.json)" = 0 ] || exit 1
[ "$(stat mmio_exit_kernel /tmp/n.json)" = 0 ] || { echo "KVM handled MMIO"; exit 1; }
grep -q '"unclaimed":{"reads":6,"writes":6}' /tmp/n.json || { echo "accesses did not reach kvmini"; exit 1; }
