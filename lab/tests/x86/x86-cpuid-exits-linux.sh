# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# The user-mode CPUID 0x4FFFFFFF program inside a Linux guest of kvmini.
KVMINI=kvmini RUN_TIMEOUT=500
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
run "Linux guest" 0 --mem 256M --initrd /lab/guests/initrd.gz \
	--append "quiet run=cpuid-exits" --timeout 500 /lab/guests/Image
grep "^CPUID(0x4FFFFFFF)" "$T/out"
check "the guest's test passed" 'grep -q "^GUEST-RESULT cpuid-exits 0" $T/out'
check "two readings" \
	'[ "$(grep -c "^CPUID(0x4FFFFFFF), exits=[0-9]*, cycles spent in exit=[0-9]*$" $T/out)" = 2 ]'
summary x86-cpuid-exits-linux
