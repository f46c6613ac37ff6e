# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# The lab's guest kernel can make system call 436 host_cpuid()
# (CONFIG_ARM64_HOST_CPUID_SYSCALL), but only in a boot that asks with
# host_cpuid_436: in this one, which does not, the kernel says nothing of
# it and close_range() closes, marks and rejects as it should, with every
# argument (close_range(0, 0, 0) included).
KVMINI=kvmini RUN_TIMEOUT=400
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
run "Linux guest" 0 --mem 192M --initrd /lab/guests/initrd.gz --append "quiet run=close-range" \
	--timeout 400 /lab/guests/Image
grep "^close_range:" "$T/out"
check "the guest's test passed" 'grep -q "^GUEST-RESULT close-range 0" $T/out'
check "close_range works" 'grep -q "^close_range: ok" $T/out'
check "no word of host_cpuid from the kernel" \
	'grep -q "^host_cpuid lines in the kernel log: 0" $T/out'
summary close-range
