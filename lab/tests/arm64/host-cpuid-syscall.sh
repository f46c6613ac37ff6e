# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# System call 436 as the assignment calls it, syscall(436) with no
# arguments, in a Linux guest booted with host_cpuid_436: at least 1000
# calls, half of them with garbage in every argument register (close_range's
# own arguments among it), each returning a host CPU and closing nothing.
# The vCPU thread moves between the two host CPUs every 20 ms, and the
# guest calls until it has seen both (or kvmini's --timeout ends it).
KVMINI=kvmini RUN_TIMEOUT=400
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
run "Linux guest" 0 --mem 192M --initrd /lab/guests/initrd.gz \
	--append "quiet host_cpuid_436 run=host-cpuid-migrate" \
	--migrate 20 --timeout 400 /lab/guests/Image
grep "^host_cpuid:\|host_cpuid: system call" "$T/out"
check "the boot says 436 is host_cpuid()" \
	'grep -q "host_cpuid: system call 436 is host_cpuid() for this boot" $T/out'
check "the guest's test passed" 'grep -q "^GUEST-RESULT host-cpuid-migrate 0" $T/out'
check "1000 calls or more" \
	'[ "$(sed -n "s/^host_cpuid: \([0-9]*\) calls;.*/\1/p" $T/out)" -ge 1000 ]'
check "cpu0 seen" 'grep "^host_cpuid:" $T/out | grep -q " cpu0=[1-9]"'
check "cpu1 seen" 'grep "^host_cpuid:" $T/out | grep -q " cpu1=[1-9]"'
summary host-cpuid-syscall
