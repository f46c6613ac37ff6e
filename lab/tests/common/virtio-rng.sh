# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# <arch>-virtio-rng: /dev/hwrng is virtio-rng and reads 64 KiB (twice)
# that look random: every byte value, two different reads; with
# ioeventfd + irqfd, with exits (--no-ioeventfd), and with --polling.
# shellcheck source=lab/tests/common/guest.sh
. /lab/suite/common/guest.sh
# boot WHAT [OPTION...]: the guest's rng script, its statistics in $T/stats
boot() {
	_what=$1
	shift
	# shellcheck disable=SC2086 # $guest: a list of options
	run "Linux guest with virtio-rng$_what" 0 $guest "$@" --stats=json \
		--stats-file "$T/stats" --append "quiet run=rng" $image
	check "${_what#, }${_what:+: }the guest's script passed" \
		'grep -q "^GUEST-RESULT rng 0" $T/out'
}
# rng NAME: the device's statistic NAME
rng() { jv "devices.virtio-rng.$1" "$T/stats"; }

boot ""
grep "^RNG" "$T/out"
check "/dev/hwrng is virtio-rng" 'grep -qx "RNG-CURRENT virtio_rng.0" $T/out'
check "64 KiB read" 'grep -qx "RNG-BYTES 65536" $T/out'
check "all 256 byte values" 'grep -qx "RNG-VALUES 256" $T/out'
# the guest read 128 KiB at least (the kernel's hwrng thread may read more)
check "kvmini counted at least 128 KiB" '[ "$(rng bytes)" -ge 131072 ]'
# notifications through an ioeventfd (no exit), interrupts through an irqfd
check "ioeventfd and irqfd" \
	'[ "$(rng eventfds)" = 1 ] && [ "$(rng q0_kicks)" -gt 0 ] &&
	 [ "$(rng q0_notifies)" = 0 ]'
# and the same by exits, as --no-ioeventfd compares them
boot ", --no-ioeventfd" --no-ioeventfd
check "--no-ioeventfd: notifications are exits" \
	'[ "$(rng eventfds)" = 0 ] && [ "$(rng q0_kicks)" = 0 ] &&
	 [ "$(rng q0_notifies)" -gt 0 ]'
# --polling: EVENT_IDX negotiated, the device polls its ring while busy
# (how much it finds by polling depends on the guest's pace; the bench
# measures it) and never takes a notification by an exit
boot ", --polling" --polling
check "--polling: all 256 byte values" 'grep -qx "RNG-VALUES 256" $T/out'
check "--polling: a poller served the queue, no notification exits" \
	'[ "$(rng polling)" = 1 ] && [ "$(rng q0_notifies)" = 0 ] &&
	 [ $(($(rng q0_polls) + $(rng q0_kicks))) -gt 0 ]'
grep -o '"q0_[a-z]*":[0-9]*' "$T/stats" | tr '\n' ' '; echo
summary "$arch-virtio-rng"
