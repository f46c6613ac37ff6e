#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Splits a kvmini trace recorded with --sample into the phases of the
# guest's boot and prints, per phase, KVM's exit counters and the devices
# that kvmini served, as a Markdown table. A phase starts with a burst of
# exits to kvmini after at least GAP_MS of none (a new kind of device
# work: PCI enumeration, driver probes, init's modules); the first phase
# is everything before the first exit to kvmini. KVM's counters are read
# at the last sample before each boundary, so they are exact to one
# sampling period. Usage: scripts/exit-phases.sh TRACE [GAP_MS]
set -eu
trace=$1 gap=${2:-300}
[ -r "$trace" ] || { echo "exit-phases: cannot read $trace" >&2; exit 2; }

awk -v gap="$gap" '
# mawk has no strtonum: the trace writes addresses as 0x and hex digits
function hex(s,    v, i) {
	v = 0
	for (i = 3; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
	return v
}
function dev(kind, a,    p) {
	if (kind == "MMIO")
		return sprintf("MMIO %#x", int(hex(a) / 4096) * 4096)
	p = hex(a)
	if (p >= hex("0xcf8") && p <= hex("0xcff")) return "PCI config"
	if (p >= hex("0x3f8") && p <= hex("0x3ff")) return "COM1"
	if (p >= hex("0x2f8") && p <= hex("0x2ff")) return "COM2"
	if (p >= hex("0x3e8") && p <= hex("0x3ef")) return "COM3"
	if (p >= hex("0x2e8") && p <= hex("0x2ef")) return "COM4"
	if (p == hex("0x60") || p == hex("0x64")) return "i8042"
	if (p == hex("0x70") || p == hex("0x71")) return "RTC"
	return sprintf("port %#x", p)
}
# the counters at the last sample: the values of phase n start
function mark(n,    i) {
	start[n] = now_ms
	for (i = 1; i <= nk; i++)
		at[n, i] = cur[i]
}
/^#/ { next }
$3 == "SAMPLE" {
	for (i = 4; i <= NF; i++) {
		split($i, kv, "=")
		if (!nk_done)
			key[++nk] = kv[1]
		cur[i - 3] = kv[2]
	}
	nk_done = 1
	last_ms = $1 / 1e6
	next
}
{
	t = $1 / 1e6
	if (!phases || t - prev > gap) {
		now_ms = t
		mark(++phases)
	}
	prev = t
	user[phases]++
	d = dev($3, $4)
	if (!((phases, d) in served))
		order[phases] = order[phases] SUBSEP d
	served[phases, d]++
}
END {
	if (!nk) {
		print "exit-phases: no SAMPLE lines (record with --sample)" > "/dev/stderr"
		exit 2
	}
	# phase 0: from the start; the end: the last sample
	start[0] = 0
	for (i = 1; i <= nk; i++) {
		at[0, i] = 0
		at[phases + 1, i] = cur[i]
	}
	start[phases + 1] = last_ms
	printf "| phase | from (ms) | to (ms) |"
	for (i = 1; i <= nk; i++)
		printf " %s |", key[i]
	print " to kvmini | devices kvmini served |"
	printf "| --- | --- | --- |"
	for (i = 1; i <= nk; i++)
		printf " --- |"
	print " --- | --- |"
	for (n = 0; n <= phases; n++) {
		printf "| %d | %d | %d |", n, start[n], start[n + 1]
		for (i = 1; i <= nk; i++)
			printf " %d |", at[n + 1, i] - at[n, i]
		line = ""
		m = split(order[n], ds, SUBSEP)
		for (j = 2; j <= m; j++)
			line = line (j > 2 ? ", " : "") ds[j] " " served[n, ds[j]]
		printf " %d | %s |\n", user[n], line == "" ? "none" : line
	}
}' "$trace"
