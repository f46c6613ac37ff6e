# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# x86-linux-smp: kvmini boots the lab's bzImage with --cpus 2 and both
# CPUs come up (Debian's kernel has no MP-table parser, X86_MPPARSE=n:
# the CPUs must be in an ACPI MADT) and CPU 1 runs a task.
KVMINI=kvmini RUN_TIMEOUT=150
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
run "Linux guest, 2 vCPUs" 0 --mem 256M --cpus 2 --initrd /lab/guests/initrd.gz \
	--append "quiet run=smp" --timeout 120 --stats --stats-file "$T/stats" \
	/lab/guests/Image
grep -E "^SMP|smp:" "$T/out"
grep -E "vcpus|irqs|  exits" "$T/stats"
check "both vCPUs came up" 'grep -q "^GUEST-OK kernel .*, 2 CPUs" $T/out'
check "CPUs 0-1 online" 'grep -qx "SMP-ONLINE 0-1" $T/out'
check "CPU 1 ran a task" 'grep -qx "SMP-ON-CPU1 1" $T/out'
check "the guest's script passed" 'grep -q "^GUEST-RESULT smp 0" $T/out'
summary x86-linux-smp
