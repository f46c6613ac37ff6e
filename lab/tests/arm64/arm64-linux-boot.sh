# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# kvmini boots the lab's own kernel as a guest with 2 vCPUs: its init
# marks its boot (a POST code, then the boot timer), runs a command,
# prints its output and powers off through PSCI.
KVMINI=kvmini RUN_TIMEOUT=400
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
run "Linux guest, 2 vCPUs" 0 --mem 192M --cpus 2 --initrd /lab/guests/initrd.gz \
	--append "quiet" --timeout 400 --stats --stats-file "$T/stats" /lab/guests/Image
grep -E "vcpus|MMIO|SYSTEM_EVENT|tx_bytes|irqs|  exits" "$T/stats"
# the boot timeline: init marks its start and its end of set-up
grep -E "first_instruction_ns|phase [0-9]|^ +ns |exit_ns" "$T/stats"
check "both vCPUs came up" 'grep -q "^GUEST-OK kernel .*, 2 CPUs" $T/out'
check "init marked its start, then booted" \
	'grep -q "phase 1: post-code 0x60 (userspace)" $T/stats &&
	 grep -q "phase 2: boot-timer 123 (booted)" $T/stats &&
	 grep -Eq "^ +markers +2$" $T/stats'
summary arm64-linux-boot
