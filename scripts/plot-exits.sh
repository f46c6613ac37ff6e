#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Plots exits over time from a kvmini trace recorded with --sample:
# KVM's exit counter (all exits, in-kernel ones included) cumulative and
# per sampling period, and the exits that reached kvmini per period.
# Usage: scripts/plot-exits.sh TRACE PNG [TITLE]
set -eu
trace=$1 png=$2 title=${3:-exits over time}
scripts/install-deps.sh plot
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# t (ms), KVM exits so far, KVM exits this period, kvmini exits this period
awk '/^#/ { next }
$3 == "SAMPLE" {
	split($4, a, "=")
	# the first sample holds everything before it: no rate yet
	if (n++)
		printf "%.1f %d %d %d\n", $1 / 1e6, a[2], a[2] - last, user
	else
		printf "%.1f %d ? ?\n", $1 / 1e6, a[2]
	last = a[2]; user = 0; next
}
{ user++ }' "$trace" >"$tmp/samples"

gnuplot <<GP
set terminal pngcairo size 1000,700 font ",10" noenhanced
set datafile missing "?"
set output "$png"
set multiplot layout 2,1 title "$title"
set grid
set xlabel "time since kvmini started (ms)"
set ylabel "exits so far (KVM)"
set key left top
plot "$tmp/samples" using 1:2 with lines lw 2 title "all exits (KVM's exits statistic)"
set ylabel "exits per sampling period"
set key right top
plot "$tmp/samples" using 1:3 with impulses lw 2 title "all exits (KVM)", \
     "$tmp/samples" using 1:4 with lines lw 1 title "exits handled by kvmini"
unset multiplot
GP
echo "plot-exits: wrote $png"
