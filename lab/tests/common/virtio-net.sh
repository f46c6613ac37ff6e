# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# <arch>-virtio-net: kvmini's guest on a tap of the lab host: the MAC
# given, pings both ways, 1 MiB over TCP each way (busybox nc; the host
# listens on 5001 to take and 5002 to give, so nothing races the guest's
# boot), then the host releases the guest (port 5003). A tap name Linux
# cannot have is one error line.
# shellcheck source=lab/tests/common/guest.sh
. /lab/suite/common/guest.sh
tap=kvt0 host_ip=10.11.0.1 guest_ip=10.11.0.2 mac=52:54:00:4b:56:01
[ -c /dev/net/tun ] || { echo "no /dev/net/tun (CONFIG_TUN)"; exit 1; }
tunctl -t $tap >/dev/null || exit 1
trap 'tunctl -d $tap >/dev/null 2>&1; rm -rf "$T"' EXIT
ip link set lo up
ip addr add $host_ip/24 dev $tap && ip link set $tap up || exit 1
head -c 1048576 /dev/urandom >"$T/to-guest"
timeout 200 nc -l -p 5001 -e sh -c "cat >$T/from-guest" &
l1=$!
timeout 200 nc -l -p 5002 -e cat "$T/to-guest" &
l2=$!

# a tap name Linux cannot have is a usage error (status 2)
# shellcheck disable=SC2086 # $guest: a list of options
run "tap name too long" 2 $guest \
	--net tap=kvmini-tap-name-too-long $image && one_error_line "tap name too long"

# shellcheck disable=SC2086 # $guest: a list of options
run_bg "Linux guest on $tap" $guest --net tap=$tap,mac=$mac \
	--append "quiet run=net net_ip=$guest_ip net_host=$host_ip" $image
if wait_out '^NET-UP' 120; then
	check "the host pings the guest" 'ping -c 3 -W 10 $guest_ip >$T/ping 2>&1'
	# the guest starts its listener, then prints: it may not listen yet
	if wait_out '^NET-TRANSFERS-DONE' 120; then
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			nc $guest_ip 5003 </dev/null 2>/dev/null && break
			sleep 1
		done
	fi
fi
wait_bg 0
kill $l1 $l2 2>/dev/null	# listeners no guest connected to
wait
grep "^NET" "$T/out"
check "the guest's script passed" 'grep -q "^GUEST-RESULT net 0" $T/out'
check "the MAC given" 'grep -q "^NET-DEV [a-z0-9]* $mac$" $T/out'
check "the guest pings the host" 'grep -qx "NET-PING-HOST ok" $T/out'
check "1 MiB guest to host" \
	'grep -qx "NET-SENT $(sha_of $T/from-guest)" $T/out && [ "$(wc -c <$T/from-guest)" -eq 1048576 ]'
check "1 MiB host to guest" 'grep -qx "NET-RECEIVED 1048576 $(sha_of $T/to-guest)" $T/out'
summary "$arch-virtio-net"
