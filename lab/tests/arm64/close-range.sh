# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# The lab's guest kernel shares system call 436 between close_range() and
# host_cpuid() (CONFIG_ARM64_HOST_CPUID_SYSCALL): close_range() still
# closes, marks and rejects as it should, and host_cpuid() closes nothing.
KVMINI=kvmini RUN_TIMEOUT=400
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
run "Linux guest" 0 --mem 192M --initrd /lab/guests/initrd.gz --append "quiet run=close-range" \
	--timeout 400 /lab/guests/Image
grep "^close_range:" "$T/out"
check "the guest's test passed" 'grep -q "^GUEST-RESULT close-range 0" $T/out'
check "close_range works" 'grep -q "^close_range: ok" $T/out'
summary close-range
