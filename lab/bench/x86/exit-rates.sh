# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# CPUID 0x4FFFFFFF's answers to "at what rate do exits grow?": a Linux
# guest reads the leaf around 2 s of idling, a 16 MiB virtio-blk read and
# 16 KiB of console output (lab/guest/exit-rates.sh), three boots.
# shellcheck source=lab/tests/common/guest.sh
. /lab/suite/common/guest.sh
disk=$T/rates.img
dd if=/dev/urandom of="$disk" bs=1M count=16 2>/dev/null
for round in 1 2 3; do
	# shellcheck disable=SC2086 # $guest: a list of options
	run "round $round" 0 $guest --disk "$disk,ro" \
		--append "quiet run=exit-rates" $image >/dev/null
	grep "^cpuid_exits: while" "$T/out" | sed "s/^/BENCH exit-rates round $round: /"
done
