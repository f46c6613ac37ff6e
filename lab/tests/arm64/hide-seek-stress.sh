# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# HIDE/SEEK under concurrency: 100,000 HIDE/SEEK pairs over all 256
# values on vCPU 0 while vCPU 1 reads, writes and executes the target
# page; not one byte lost, and no value leaves vCPU 1 faulting forever.
KVMINI=kvmini RUN_TIMEOUT=600
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
run "2 vCPUs" 0 --cpus 2 --timeout 600 --stats=json --stats-file "$T/s.json" \
	/lab/guests/hide_seek_stress.elf
grep "^iterations" "$T/out"
check "no byte lost" 'grep -q "^iterations 100000 lost 0 vcpu1-rounds [1-9]" $T/out'
check "handled in KVM" '[ "$(jv kvm.mmio_exit_kernel $T/s.json)" -ge 200000 ]'
summary hide-seek-stress
