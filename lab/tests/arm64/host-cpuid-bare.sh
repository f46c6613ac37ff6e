# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# host_cpuid from a bare guest: answered in KVM (kernel/patches), then by
# kvmini through the SMCCC filter (both refuse a non-zero argument with
# INVALID_PARAMETER), and NOT_SUPPORTED when hidden (--host-cpuid off
# clears KVM's bit in the vendor hypervisor bitmap firmware register).
KVMINI=kvmini
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
run "in KVM" 0 --stats=json --stats-file "$T/k.json" /lab/guests/host_cpuid.elf
# shellcheck disable=SC2034 # for the checks below
k=$T/k.json
check "500 calls" 'grep -q "^host_cpuid: 500 calls" $T/out'
check "answered in KVM" '[ "$(jv arch_features.host_cpuid_in_kernel $k)" = 1 ]'
check "500 HVC exits in KVM" '[ "$(jv kvm.hvc_exit_stat $k)" -ge 500 ]'
run "in kvmini" 0 --host-cpuid user --stats=json --stats-file "$T/u.json" /lab/guests/host_cpuid.elf
check "500 calls in kvmini" 'grep -q "^host_cpuid: 500 calls" $T/out'
# the 500 and the one with a bad argument
check "501 calls reached kvmini" '[ "$(jv arch_features.host_cpuid_user_calls $T/u.json)" = 501 ]'
run "off" 1 --host-cpuid off /lab/guests/host_cpuid.elf
check "off: NOT_SUPPORTED" 'grep -q NOT_SUPPORTED $T/out'
summary host-cpuid-bare
