# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# virtio-net throughput for lab/bench: receive what the host's port 5002
# gives over TCP (busybox nc), timed by the guest's clock.
: "${net_ip:=10.11.0.2}" "${net_host:=10.11.0.1}"
# shellcheck disable=SC2010 # interface names: no odd characters
dev=$(ls /sys/class/net | grep -v '^lo$' | head -1)
ip addr add "$net_ip/24" dev "$dev" && ip link set "$dev" up || exit 1
t0=$(cut -d' ' -f1 /proc/uptime)
n=$(nc "$net_host" 5002 </dev/null | wc -c)
t1=$(cut -d' ' -f1 /proc/uptime)
echo "NET-BENCH $n $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
