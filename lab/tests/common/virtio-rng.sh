# SPDX-License-Identifier: GPL-2.0
# <arch>-virtio-rng: /dev/hwrng is virtio-rng and reads 64 KiB (twice)
# that look random: every byte value, two different reads.
# shellcheck disable=SC2086
. /lab/suite/common/guest.sh
# UNKNOWN: whether virtio-rng is always there or needs an option
RNG_OPT=${RNG_OPT:-}
run "Linux guest with virtio-rng" 0 $guest $RNG_OPT --stats=json \
	--stats-file "$T/stats" --append "quiet run=rng" $image
grep "^RNG" $T/out
check "the guest's script passed" 'grep -q "^GUEST-RESULT rng 0" $T/out'
check "/dev/hwrng is virtio-rng" 'grep -qx "RNG-CURRENT virtio_rng.0" $T/out'
check "64 KiB read" 'grep -qx "RNG-BYTES 65536" $T/out'
check "all 256 byte values" 'grep -qx "RNG-VALUES 256" $T/out'
# UNKNOWN: the statistic's name; the guest read 128 KiB at least (the
# kernel's hwrng thread may read more)
if n=$(jv devices.virtio-rng.bytes "$T/stats"); then
	check "kvmini counted at least 128 KiB" '[ "$n" -ge 131072 ]'
fi
summary "$arch-virtio-rng"
