# SPDX-License-Identifier: GPL-2.0
# Notifications side by side, in one run (issue 11): SIMVIRTIO exit-driven
# vs polling (bare guest bench_sv: 64 KiB on TX in 1 KiB messages), and
# virtio-blk under a Linux guest (16 MiB read in 4 KiB direct requests)
# with plain exits (--no-ioeventfd), ioeventfd + irqfd, and EVENT_IDX
# with the device polling (--polling). Rounds interleave the modes;
# medians. Bytes per exit: bytes moved over the exits kvmini handled
# (exits.total) and over the guest's exits in KVM (KVM's "exits" stat).
# shellcheck disable=SC2086
. /lab/suite/common/guest.sh
RUN_TIMEOUT=300
case $arch in
x86) sv=/lab/guests/bench_sv64.elf ;;
arm64) sv=/lab/guests/bench_sv.elf ;;
esac
disk=$T/bench.img
dd if=/dev/urandom of="$disk" bs=1M count=16 2>/dev/null
: >"$T/runs"
# one row: test mode bytes seconds kvmini-exits kvm-exits notifies kicks
# polls interrupts requests
row() {
	s=$T/stats
	echo "$1 $2 $3 $4 $(jv exits.total.count $s) $(jv kvm.exits $s || echo 0)" \
		"$(jv "$5"_notifies $s || jv "$5"notify_tx $s) $(jv "$5"_kicks $s || echo 0)" \
		"$(jv "$5"_polls $s || echo 0) $(jv "$5"_interrupts $s || echo 0)" \
		"$(jv "$5"_requests $s || echo 0)" >>"$T/runs"
}
for round in 1 2 3; do
	for mode in exits polling; do
		o=; [ $mode = polling ] && o=--polling
		run "SIMVIRTIO $mode" 0 $o --stats=json --stats-file "$T/stats" $sv
		b=$(jv devices.simvirtio.tx_bytes "$T/stats")
		w=$(jv wall_ns "$T/stats")
		row simvirtio $mode "$b" "$(awk -v w="$w" 'BEGIN { print w / 1e9 }')" \
			devices.simvirtio.
	done
	for mode in exits ioeventfd polling; do
		case $mode in
		exits) o=--no-ioeventfd ;;
		ioeventfd) o= ;;
		polling) o=--polling ;;
		esac
		run "virtio-blk $mode" 0 $guest $o --disk "$disk,ro" \
			--stats=json --stats-file "$T/stats" \
			--append "quiet run=blk-bench" $image
		set -- $(sed -n 's/^BLK-BENCH //p' "$T/out")
		row virtio-blk $mode "${1:-0}" "${2:-0}" devices.virtio-blk.q0
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
	    b / (med(t, m, 5) + 1), b / (med(t, m, 6) + 1),
	    med(t, m, 7) / mib, med(t, m, 8) / mib, med(t, m, 9) / mib,
	    med(t, m, 10) / mib)
	return bps
}
{ T[NR] = $1; M[NR] = $2; for (k = 3; k <= NF; k++) V[NR, k] = $k }
END {
	base = line("simvirtio", "exits", 0); line("simvirtio", "polling", base)
	base = line("virtio-blk", "exits", 0)
	line("virtio-blk", "ioeventfd", base); line("virtio-blk", "polling", base)
}' "$T/runs"
summary "$arch-virtio-bench" >/dev/null
