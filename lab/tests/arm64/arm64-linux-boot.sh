# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# kvmini boots the lab's own kernel as a guest with 2 vCPUs: the guest
# runs a command, prints its output and powers off through PSCI.
KVMINI=kvmini RUN_TIMEOUT=400
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
run "Linux guest, 2 vCPUs" 0 --mem 192M --cpus 2 --initrd /lab/guests/initrd.gz \
	--append "quiet" --timeout 400 --stats --stats-file "$T/stats" /lab/guests/Image
grep -E "vcpus|MMIO|SYSTEM_EVENT|tx_bytes|irqs|  exits" "$T/stats"
# shellcheck disable=SC2016 # check evaluates its expression itself
check "both vCPUs came up" 'grep -q "^GUEST-OK kernel .*, 2 CPUs" $T/out'
summary arm64-linux-boot
