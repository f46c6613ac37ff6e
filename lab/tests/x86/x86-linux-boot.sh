# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# kvmini boots the x86 lab's own bzImage as a guest (1 vCPU, COM1
# console): its init marks its boot (a POST code, then the boot timer),
# prints the kernel's messages that name its boot phases
# (lab/guest/boot-log.sh) and resets. The run is traced with KVM's
# exit counters sampled every 10 ms; the trace comes back as the artifact
# x86-boot.trace (docs/x86-exit-stats.md).
KVMINI=kvmini RUN_TIMEOUT=500
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
run "Linux guest" 0 --mem 256M --initrd /lab/guests/initrd.gz --append "quiet run=boot-log" \
	--timeout 500 --stats --stats-file "$T/stats" \
	--trace /lab/out/x86-boot.trace --sample 10 /lab/guests/Image
grep -E "serial8250|tx_bytes|irqs|resets|  exits" "$T/stats"
grep "^\[ *[0-9]" "$T/out"
# the boot timeline: init marks its start and its end of set-up
grep -E "first_instruction_ns|phase [0-9]|^ +ns |exit_ns" "$T/stats"
check "the guest came up" 'grep -q "^GUEST-OK kernel " $T/out'
check "the kernel's messages, with their times" \
	'grep -q "^\[ *[0-9.]*\] Run /init as init process" $T/out'
check "init marked its start, then booted" \
	'grep -q "phase 1: post-code 0x60 (userspace)" $T/stats &&
	 grep -q "phase 2: boot-timer 123 (booted)" $T/stats &&
	 grep -Eq "^ +markers +2$" $T/stats'
check "sampled at least 10 times" \
	'[ "$(grep -c " SAMPLE exits=" /lab/out/x86-boot.trace)" -ge 10 ]'
summary x86-linux-boot
