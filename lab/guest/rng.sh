# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# virtio-rng: /dev/hwrng is virtio_rng.0 and gives 64 KiB that look random
# (every byte value occurs; two reads differ).
h=/sys/class/misc/hw_random
echo "RNG-AVAILABLE $(cat $h/rng_available)"
case " $(cat $h/rng_available) " in
*" virtio_rng.0 "*) ;;
*) echo "no virtio_rng.0"; exit 1 ;;
esac
# another source registered first stays current (same quality): ask
[ "$(cat $h/rng_current)" = virtio_rng.0 ] || echo virtio_rng.0 >$h/rng_current
echo "RNG-CURRENT $(cat $h/rng_current)"
dd if=/dev/hwrng of=/tmp/rng1 bs=4096 count=16 iflag=fullblock 2>/dev/null || exit 1
dd if=/dev/hwrng of=/tmp/rng2 bs=4096 count=16 iflag=fullblock 2>/dev/null || exit 1
echo "RNG-BYTES $(wc -c </tmp/rng1)"
echo "RNG-VALUES $(od -An -v -tx1 /tmp/rng1 | tr ' ' '\n' | grep . | sort -u | wc -l)"
cmp -s /tmp/rng1 /tmp/rng2 && { echo "RNG two reads are equal"; exit 1; }
echo RNG-DONE
