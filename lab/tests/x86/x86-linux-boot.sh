# SPDX-License-Identifier: GPL-2.0
# kvmini boots the x86 lab's own bzImage as a guest (1 vCPU, COM1
# console): the guest runs a command, prints its output and resets.
. /lab/lib.sh
run 0 --mem 256M --initrd /lab/guests/initrd.gz --append "quiet" \
	--timeout 500 --stats --stats-file /tmp/stats /lab/guests/Image
grep -E "serial8250|tx_bytes|irqs|resets|  exits" /tmp/stats
grep -q "^GUEST-OK kernel " /tmp/out || { echo "no GUEST-OK line"; exit 1; }
