# SPDX-License-Identifier: GPL-2.0
# <arch>-virtio-rng: /dev/hwrng is virtio-rng and reads 64 KiB (twice)
# that look random: every byte value, two different reads; with
# ioeventfd + irqfd, with exits (--no-ioeventfd), and with --polling.
# shellcheck disable=SC2086
. /lab/suite/common/guest.sh
run "Linux guest with virtio-rng" 0 $guest --stats=json \
	--stats-file "$T/stats" --append "quiet run=rng" $image
grep "^RNG" $T/out
check "the guest's script passed" 'grep -q "^GUEST-RESULT rng 0" $T/out'
check "/dev/hwrng is virtio-rng" 'grep -qx "RNG-CURRENT virtio_rng.0" $T/out'
check "64 KiB read" 'grep -qx "RNG-BYTES 65536" $T/out'
check "all 256 byte values" 'grep -qx "RNG-VALUES 256" $T/out'
# the guest read 128 KiB at least (the kernel's hwrng thread may read more)
check "kvmini counted at least 128 KiB" \
	'[ "$(jv devices.virtio-rng.bytes $T/stats)" -ge 131072 ]'
# notifications through an ioeventfd (no exit), interrupts through an irqfd
check "ioeventfd and irqfd" \
	'[ "$(jv devices.virtio-rng.eventfds $T/stats)" = 1 ] &&
	 [ "$(jv devices.virtio-rng.q0_kicks $T/stats)" -gt 0 ] &&
	 [ "$(jv devices.virtio-rng.q0_notifies $T/stats)" = 0 ]'
# and the same by exits, as --no-ioeventfd compares them
run "Linux guest with virtio-rng, --no-ioeventfd" 0 $guest --no-ioeventfd \
	--stats=json --stats-file "$T/stats" --append "quiet run=rng" $image
check "--no-ioeventfd: the guest's script passed" \
	'grep -q "^GUEST-RESULT rng 0" $T/out'
check "--no-ioeventfd: notifications are exits" \
	'[ "$(jv devices.virtio-rng.eventfds $T/stats)" = 0 ] &&
	 [ "$(jv devices.virtio-rng.q0_kicks $T/stats)" = 0 ] &&
	 [ "$(jv devices.virtio-rng.q0_notifies $T/stats)" -gt 0 ]'
# --polling: EVENT_IDX negotiated, the device polls its ring while busy
# (how much it finds by polling depends on the guest's pace; the bench
# measures it) and never takes a notification by an exit
run "Linux guest with virtio-rng, --polling" 0 $guest --polling \
	--stats=json --stats-file "$T/stats" --append "quiet run=rng" $image
check "--polling: the guest's script passed" \
	'grep -q "^GUEST-RESULT rng 0" $T/out && grep -qx "RNG-VALUES 256" $T/out'
check "--polling: a poller served the queue, no notification exits" \
	'[ "$(jv devices.virtio-rng.polling $T/stats)" = 1 ] &&
	 [ "$(jv devices.virtio-rng.q0_notifies $T/stats)" = 0 ] &&
	 [ $(($(jv devices.virtio-rng.q0_polls $T/stats) +
	      $(jv devices.virtio-rng.q0_kicks $T/stats))) -gt 0 ]'
grep -o '"q0_[a-z]*":[0-9]*' "$T/stats" | tr '\n' ' '; echo
summary "$arch-virtio-rng"
