# SPDX-License-Identifier: GPL-2.0
# CPUID 0x4FFFFFFF from a bare guest: exits and cycles grow, with 1 vCPU
# and with 4 exiting in parallel; then the count equals the sum of KVM's
# per-vCPU "exits" statistics, less what happened after the last CPUID
# (vCPU 0's report line and the halts): at most 100 exits.
. /lab/lib.sh
last() { grep '^CPUID(0x4FFFFFFF)' /tmp/out | tail -1 | sed 's/.*exits=\([0-9]*\),.*/\1/'; }
run 0 /lab/guests/cpuid_exits64.elf
run 0 --cpus 4 --stats=json --stats-file /tmp/s.json /lab/guests/cpuid_exits64.elf
e=$(last)
k=$(stat exits /tmp/s.json)
echo "guest saw $e exits; KVM's per-vCPU exits sum to $k"
[ "$k" -ge "$e" ] && [ $((k - e)) -le 100 ] || { echo "outside tolerance"; exit 1; }
