# SPDX-License-Identifier: GPL-2.0
# kvmini boots the x86 lab's own bzImage as a guest (1 vCPU, COM1
# console): the guest runs a command, prints its output and resets. The
# run is traced with KVM's exit counters sampled every 10 ms; the trace
# comes back as the artifact x86-boot.trace (docs/x86-exit-stats.md).
. /lab/lib.sh
run 0 --mem 256M --initrd /lab/guests/initrd.gz --append "quiet" \
	--timeout 500 --stats --stats-file /tmp/stats \
	--trace /lab/out/x86-boot.trace --sample 10 /lab/guests/Image
grep -E "serial8250|tx_bytes|irqs|resets|  exits" /tmp/stats
grep -q "^GUEST-OK kernel " /tmp/out || { echo "no GUEST-OK line"; exit 1; }
[ "$(grep -c ' SAMPLE exits=' /lab/out/x86-boot.trace)" -ge 10 ] || { echo "too few samples"; exit 1; }
