# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# System call 436 in a Linux guest returns host CPU numbers; with the vCPU
# thread moved between the two host CPUs every 20 ms, the guest calls
# until it has seen both (or kvmini's --timeout ends it).
KVMINI=kvmini RUN_TIMEOUT=400
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
run "Linux guest" 0 --mem 192M --initrd /lab/guests/initrd.gz --append "quiet run=host-cpuid-migrate" \
	--migrate 20 --timeout 400 /lab/guests/Image
check "the guest's test passed" 'grep -q "^GUEST-RESULT host-cpuid-migrate 0" $T/out'
check "cpu0 seen" 'grep "^host_cpuid:" $T/out | grep -q " cpu0=[1-9]"'
check "cpu1 seen" 'grep "^host_cpuid:" $T/out | grep -q " cpu1=[1-9]"'
summary host-cpuid-syscall
