# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# CPUID 0x4FFFFFFF from a bare guest: exits and cycles grow, with 1 vCPU
# and with 4 exiting in parallel (all 4 start at a barrier, after vCPU 0's
# first sample, so the guest sees at least 4 x 200 more exits); then the
# count equals the sum of KVM's per-vCPU "exits" statistics, less what
# happened after the last CPUID (vCPU 0's report line and the halts): at
# most 100 exits. kvmini enables the leaf (KVM_CAP_X86_CPUID_EXIT_STATS)
# unless told not to: then the leaf is KVM's ordinary one and the guest's
# check fails.
KVMINI=kvmini
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
last() { grep '^CPUID(0x4FFFFFFF)' "$T/out" | tail -1 | sed 's/.*exits=\([0-9]*\),.*/\1/'; }
run "1 vCPU" 0 /lab/guests/cpuid_exits64.elf
run "4 vCPUs" 0 --cpus 4 --stats=json --stats-file "$T/s.json" /lab/guests/cpuid_exits64.elf
e=$(last)
k=$(jv kvm.exits "$T/s.json")
echo "guest saw $e exits; KVM's per-vCPU exits sum to $k"
check "4 vCPUs: the guest's count within 100 of KVM's" \
	'[ "$k" -ge "$e" ] && [ $((k - e)) -le 100 ]'
check "4 vCPUs: the leaf enabled" '[ "$(jv arch_features.exit_stats_leaf "$T/s.json")" = 1 ]'
run "leaf left off" 1 --no-exit-stats-leaf --stats=json --stats-file "$T/n.json" \
	/lab/guests/cpuid_exits64.elf
check "leaf left off: does not count" 'grep -q "exits or cycles did not grow" $T/out'
check "leaf left off: off" '[ "$(jv arch_features.exit_stats_leaf "$T/n.json")" = 0 ]'
summary x86-cpuid-exits
