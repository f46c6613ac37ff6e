# SPDX-License-Identifier: GPL-2.0
# The built-in SIMVIRTIO demo, exit-driven: at least one MMIO exit per
# notification, counted by kvmini and by KVM (arm64: mmio_exit_user).
. /lab/lib.sh
run 0 --stats=json --stats-file /tmp/s.json
expect "Ana are mere
rx: hello from kvmini"
cat /tmp/s.json
n=$(stat notify_tx /tmp/s.json)
mmio=$(grep -o '"MMIO":{"count":[0-9]*' /tmp/s.json | cut -d: -f3)
kvm=$(stat mmio_exit_user /tmp/s.json)
[ "${n:-0}" -ge 3 ] || { echo "notify_tx '$n' < 3"; exit 1; }
[ "${mmio:-0}" -ge "$n" ] || { echo "MMIO exits '$mmio' < notify_tx $n"; exit 1; }
[ "${kvm:-0}" -ge "$mmio" ] || { echo "KVM mmio_exit_user '$kvm' < $mmio"; exit 1; }
