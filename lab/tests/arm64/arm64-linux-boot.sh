# SPDX-License-Identifier: GPL-2.0
# kvmini boots the lab's own kernel as a guest with 2 vCPUs: the guest
# runs a command, prints its output and powers off through PSCI.
. /lab/lib.sh
run 0 --mem 192M --cpus 2 --initrd /lab/guests/initrd.gz --append "quiet" \
	--timeout 400 --stats --stats-file /tmp/stats /lab/guests/Image
grep -E "vcpus|MMIO|SYSTEM_EVENT|tx_bytes|irqs|  exits" /tmp/stats
grep -q "^GUEST-OK kernel .*, 2 CPUs" /tmp/out || { echo "no GUEST-OK line with 2 CPUs"; exit 1; }
