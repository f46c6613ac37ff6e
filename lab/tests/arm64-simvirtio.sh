# SPDX-License-Identifier: GPL-2.0
# The built-in SIMVIRTIO demo, exit-driven: at least one MMIO exit per
# notification.
. /lab/lib.sh
run 0 --stats=json --stats-file /tmp/s.json
expect "Ana are mere
rx: hello from kvmini"
cat /tmp/s.json
n=$(stat notify_tx /tmp/s.json)
mmio=$(stat mmio_exits /tmp/s.json)
[ "$n" -ge 3 ] || { echo "notify_tx $n < 3"; exit 1; }
[ "$mmio" -ge "$n" ] || { echo "mmio_exits $mmio < notify_tx $n"; exit 1; }
