# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The lab's last stage (sourced by lab/lab.sh): boots one architecture's
# lab host under QEMU, once or LAB_REPEAT times, and reports its tests.

# boot ARCH KIMAGE DIR: boots KIMAGE with DIR/initrd.gz under QEMU
# (LAB_QEMU, within LAB_BOOT_TIMEOUT) and prints the result lines: each
# test's PASS or FAIL line, the benchmarks' BENCH lines, and a FAIL line
# of its own when the lab did not end. The console log is
# DIR/console.log.txt; the files tests left in /lab/out go to
# DIR/artifacts.
boot() {
	local arch=$1 kimage=$2 dir=$3
	local log=$dir/console.log timeout=${LAB_BOOT_TIMEOUT:-600} rc=0
	say "booting the $arch lab (timeout ${timeout}s, log: $log)"
	# shellcheck disable=SC2086 # QEMU command lines, split into words
	timeout "$timeout" $LAB_QEMU ${LAB_QEMU_EXTRA:-} -nographic -no-reboot \
		-kernel "$kimage" -initrd "$dir/initrd.gz" \
		-append "$LAB_APPEND panic=-1 quiet loglevel=4 ${LAB_APPEND_EXTRA:-}" </dev/null \
		>"$log" 2>&1 || rc=$?
	tr -d '\r' <"$log" >"$log.txt"
	rm -rf "$dir/artifacts" && mkdir -p "$dir/artifacts"
	awk -v dir="$dir/artifacts" '/^ARTIFACT-END$/ { f = ""; next }
		/^ARTIFACT / { f = dir "/" $2; printf "" > f; next }
		f { print >> f }' "$log.txt"
	grep -E '^(PASS|FAIL) |^    \| BENCH ' "$log.txt" | sed 's/^    | //' || true
	if [ $rc -eq 124 ]; then
		echo "FAIL $arch-lab-timeout (no end within ${timeout}s)"
	elif ! grep -q '^LAB-DONE' "$log.txt"; then
		echo "FAIL $arch-lab-incomplete (the lab ended early; see $log.txt)"
	fi
}

# boot_rounds ARCH KIMAGE DIR RESULTS STRESS: LAB_REPEAT=N rounds of boot
# (default 1), each printing its result lines, also appended to the file
# RESULTS, and with N > 1 a ROUND line, then a ROUNDS summary (which
# mentions LAB_STRESS if STRESS, the busy loop's pid, is not empty).
# Stops after the first failing round, whose console log it keeps as
# DIR/console.round<i>.log.txt, unless LAB_KEEP_GOING=1.
boot_rounds() {
	local arch=$1 kimage=$2 dir=$3 results=$4 stress=$5
	local n=${LAB_REPEAT:-1} i lines failed=0 t0
	case "$n" in ''|*[!0-9]*|0) die "LAB_REPEAT must be a positive number" ;; esac
	for ((i = 1; i <= n; i++)); do
		t0=$SECONDS
		[ "$n" -eq 1 ] || say "$arch round $i of $n"
		lines=$(boot "$arch" "$kimage" "$dir")
		[ -z "$lines" ] || printf '%s\n' "$lines" | tee -a "$results"
		[ "$n" -eq 1 ] && return 0
		if ! grep -q '^FAIL ' <<<"$lines"; then
			echo "ROUND $i/$n $arch: pass ($((SECONDS - t0)) s)"
		else
			failed=$((failed + 1))
			cp "$dir/console.log.txt" "$dir/console.round$i.log.txt"
			echo "ROUND $i/$n $arch: FAIL ($((SECONDS - t0)) s, log: $dir/console.round$i.log.txt)"
			[ "${LAB_KEEP_GOING:-0}" = 1 ] || break
		fi
	done
	echo "ROUNDS $arch: $failed of $((i > n ? n : i)) failed$([ -z "$stress" ] || echo ", with LAB_STRESS")"
}

# busy_loop PID: LAB_STRESS=1's CPU-bound process, to run in the
# background beside QEMU, so that QEMU's threads are preempted as on a
# busy machine; it ends by itself once process PID is gone (even after
# a SIGKILL)
busy_loop() {
	exec sh -c 'while kill -0 "$1" 2>/dev/null; do
		i=0; while [ $i -lt 10000 ]; do i=$((i + 1)); done
	done' stress "$1"
}

# stop_stress PID: ends busy_loop PID (nothing if PID is empty)
stop_stress() {
	[ -n "$1" ] || return 0
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}
