# SPDX-License-Identifier: GPL-2.0
# HIDE/SEEK from a bare guest: 5 values round-trip, all inside KVM.
. /lab/lib.sh
run 0 --stats=json --stats-file /tmp/s.json /lab/guests/hide_seek.elf
[ "$(grep -c ' ok$' /tmp/out)" = 5 ] || { echo "not 5 round trips"; exit 1; }
[ "$(stat hide_seek /tmp/s.json)" = 1 ] || { echo "HIDE/SEEK not enabled"; exit 1; }
# 12 accesses (1+5 SEEK, 5+1 HIDE) handled in the kernel
[ "$(stat mmio_exit_kernel /tmp/s.json)" -ge 12 ] || { echo "not handled in KVM"; exit 1; }
grep -o '"unclaimed":{"count":[0-9]*' /tmp/s.json | grep -q ':0$' || exit 1
