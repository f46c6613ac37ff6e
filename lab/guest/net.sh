# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# virtio-net on the lab host's tap: configure the one network device
# (net_ip, net_host from the kernel command line), ping the host, send it
# 1 MiB and receive 1 MiB over TCP (the host listens: 5001 takes, 5002
# gives; busybox nc), print the sha256 of both, then wait until the host
# connects to port 5003 (it has pinged the guest by then).
: "${net_ip:=10.11.0.2}" "${net_host:=10.11.0.1}"
ip link set lo up
# shellcheck disable=SC2010 # interface names: no odd characters
dev=$(ls /sys/class/net | grep -v '^lo$' | head -1)
[ -n "$dev" ] || { echo "no network device"; exit 1; }
echo "NET-DEV $dev $(cat "/sys/class/net/$dev/address")"
ip addr add "$net_ip/24" dev "$dev" && ip link set "$dev" up || exit 1
echo NET-UP
if ping -c 3 -W 10 "$net_host" >/tmp/ping.log 2>&1; then
	echo "NET-PING-HOST ok"
else
	cat /tmp/ping.log
	exit 1
fi
head -c 1048576 /dev/urandom >/tmp/to-host
echo "NET-SENT $(sha256sum </tmp/to-host | cut -d' ' -f1)"
nc "$net_host" 5001 </tmp/to-host || { echo "NET send failed"; exit 1; }
nc "$net_host" 5002 </dev/null >/tmp/from-host || { echo "NET receive failed"; exit 1; }
echo "NET-RECEIVED $(wc -c </tmp/from-host) $(sha256sum </tmp/from-host | cut -d' ' -f1)"
timeout 120 nc -l -p 5003 -e true &
l=$!
echo NET-TRANSFERS-DONE
wait $l
