# SPDX-License-Identifier: GPL-2.0
# host_cpuid from a bare guest: answered in KVM (kernel/patches), then by
# kvmini through the SMCCC filter, and refused when turned off.
. /lab/lib.sh
run 0 --stats=json --stats-file /tmp/k.json /lab/guests/host_cpuid.elf
grep -q '^host_cpuid: 500 calls' /tmp/out || exit 1
[ "$(stat host_cpuid_in_kernel /tmp/k.json)" = 1 ] || { echo "not in KVM"; exit 1; }
[ "$(stat hvc_exit_stat /tmp/k.json)" -ge 500 ] || { echo "fewer than 500 HVC exits"; exit 1; }
run 0 --host-cpuid user --stats=json --stats-file /tmp/u.json /lab/guests/host_cpuid.elf
[ "$(stat host_cpuid_user_calls /tmp/u.json)" = 500 ] || { echo "not 500 calls in kvmini"; exit 1; }
run 1 --host-cpuid off /lab/guests/host_cpuid.elf
grep -q "NOT_SUPPORTED" /tmp/out || exit 1
