# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Notifications side by side, in one run: SIMVIRTIO exit-driven
# vs polling (bare guest bench_sv: 64 KiB on TX in 1 KiB messages), and
# under a Linux guest virtio-blk (16 MiB read in 4 KiB direct requests)
# and virtio-net (8 MiB received over TCP from the lab host on a tap),
# each with plain exits (--no-ioeventfd), ioeventfd + irqfd, and
# EVENT_IDX with the device polling (--polling). Rounds interleave the
# modes; medians. Bytes per exit: bytes moved over the exits kvmini
# handled (exits.total) and over the guest's exits in KVM (KVM's "exits").
# shellcheck source=lab/tests/common/guest.sh
. /lab/suite/common/guest.sh
RUN_TIMEOUT=300
case $arch in
x86) sv=/lab/guests/bench_sv64.elf ;;
arm64) sv=/lab/guests/bench_sv.elf ;;
esac
disk=$T/bench.img
dd if=/dev/urandom of="$disk" bs=1M count=16 2>/dev/null
tap=kvt0 host_ip=10.11.0.1 guest_ip=10.11.0.2
head -c 8388608 /dev/urandom >"$T/to-guest"
tunctl -t $tap >/dev/null || exit 1
trap 'tunctl -d $tap >/dev/null 2>&1; rm -rf "$T"' EXIT
ip addr add $host_ip/24 dev $tap && ip link set $tap up || exit 1
: >"$T/runs"
# v KEY: a statistic of the last run, 0 if it has none
v() { jv "$1" "$T/stats" || echo 0; }
# q DEV KEY: KEY summed over the device's queues
q() { echo $(($(v "devices.$1.q0_$2") + $(v "devices.$1.q1_$2"))); }
# row TEST MODE BYTES SECONDS NOTIFIES KICKS POLLS INTERRUPTS
row() {
	echo "$* $(v exits.total.count) $(v kvm.exits)" >>"$T/runs"
}
# vrow DEV MODE BYTES SECONDS: a virtio device's row
vrow() {
	row "$1" "$2" "${3:-0}" "${4:-0}" "$(q "$1" notifies)" "$(q "$1" kicks)" \
		"$(q "$1" polls)" "$(q "$1" interrupts)"
}
for _ in 1 2 3; do
	for mode in exits polling; do
		o=; [ $mode = polling ] && o=--polling
		# shellcheck disable=SC2086 # $o: no option or one
		run "SIMVIRTIO $mode" 0 $o --stats=json --stats-file "$T/stats" $sv
		row simvirtio $mode "$(v devices.simvirtio.tx_bytes)" \
			"$(awk -v w="$(v wall_ns)" 'BEGIN { print w / 1e9 }')" \
			$(($(v devices.simvirtio.notify_tx) +
			   $(v devices.simvirtio.notify_rx))) 0 0 0
	done
	for mode in exits ioeventfd polling; do
		case $mode in
		exits) o=--no-ioeventfd ;;
		ioeventfd) o= ;;
		polling) o=--polling ;;
		esac
		# shellcheck disable=SC2086 # $guest and $o: lists of options
		run "virtio-blk $mode" 0 $guest $o --disk "$disk,ro" \
			--stats=json --stats-file "$T/stats" \
			--append "quiet run=blk-bench" $image
		# shellcheck disable=SC2046 # BYTES SECONDS: two arguments
		vrow virtio-blk $mode $(sed -n 's/^BLK-BENCH //p' "$T/out")
		timeout 200 nc -l -p 5002 -e cat "$T/to-guest" &
		# shellcheck disable=SC2086 # $guest and $o: lists of options
		run "virtio-net $mode" 0 $guest $o --net tap=$tap \
			--stats=json --stats-file "$T/stats" \
			--append "quiet run=net-bench net_ip=$guest_ip net_host=$host_ip" \
			$image
		kill $! 2>/dev/null
		wait $! 2>/dev/null
		# shellcheck disable=SC2046 # BYTES SECONDS: two arguments
		vrow virtio-net $mode $(sed -n 's/^NET-BENCH //p' "$T/out")
	done
done
cat "$T/runs"
awk '
function med(t, m, k,  a, n, i, j, x) {
	n = 0
	for (i = 1; i <= NR; i++) if (T[i] == t && M[i] == m) a[++n] = V[i, k]
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
	return a[int((n + 1) / 2)]
}
function line(t, m, base,  b, s, bps, mib) {
	b = med(t, m, 3); s = med(t, m, 4); mib = b / 1048576
	bps = s > 0 ? b / s : 0
	printf("BENCH %s %s: %.0f KiB/s, %.2fx exit-driven; bytes per exit: %.0f (kvmini), %.0f (KVM); per MiB: %.0f notification exits, %.0f ioeventfd kicks, %.0f polls, %.0f interrupts\n",
	    t, m, bps / 1024, (base > 0 ? bps / base : 1),
	    b / (med(t, m, 9) + 1), b / (med(t, m, 10) + 1),
	    med(t, m, 5) / mib, med(t, m, 6) / mib, med(t, m, 7) / mib,
	    med(t, m, 8) / mib)
	return bps
}
{ T[NR] = $1; M[NR] = $2; for (k = 3; k <= NF; k++) V[NR, k] = $k }
END {
	base = line("simvirtio", "exits", 0); line("simvirtio", "polling", base)
	base = line("virtio-blk", "exits", 0)
	line("virtio-blk", "ioeventfd", base); line("virtio-blk", "polling", base)
	base = line("virtio-net", "exits", 0)
	line("virtio-net", "ioeventfd", base); line("virtio-net", "polling", base)
}' "$T/runs"
summary "$arch-virtio-bench" >/dev/null
