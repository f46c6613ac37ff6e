# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# host_cpuid latency, answered in KVM vs forwarded to kvmini, measured by
# the guest with the generic timer; runs interleaved, medians.
KVMINI=kvmini
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
ns() { sed -n 's/.* calls, \([0-9]*\) ns\/call.*/\1/p' "$T/out"; }
: >/tmp/runs
for _ in 1 2 3 4 5; do
	run "in KVM" 0 --host-cpuid kernel /lab/guests/host_cpuid.elf >/dev/null
	k=$(ns)
	run "in kvmini" 0 --host-cpuid user /lab/guests/host_cpuid.elf >/dev/null
	u=$(ns)
	echo "$k $u" >>/tmp/runs
done
cat /tmp/runs
awk '{ k[NR] = $1; u[NR] = $2; r[NR] = $2 / $1 }
function med(a, n,  i, j, t) {
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return a[int((n + 1) / 2)]
}
END { printf "BENCH host_cpuid latency: in KVM %d ns, in kvmini %d ns, kvmini/KVM ratio %.2f (median of %d interleaved runs of 500 calls)\n", med(k, NR), med(u, NR), med(r, NR), NR }' /tmp/runs
summary host-cpuid-latency >/dev/null
