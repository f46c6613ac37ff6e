# SPDX-License-Identifier: GPL-2.0
# System call 436 in a Linux guest returns host CPU numbers; with the vCPU
# thread moved between the two host CPUs every 20 ms, both are seen.
. /lab/lib.sh
run 0 --mem 192M --initrd /lab/guests/initrd.gz --append "quiet run=host-cpuid" \
	--migrate 20 --timeout 400 /lab/guests/Image
grep -q "^GUEST-RESULT host-cpuid 0" /tmp/out || exit 1
grep "^host_cpuid:" /tmp/out | grep -q " cpu0=[1-9]" || { echo "cpu0 never seen"; exit 1; }
grep "^host_cpuid:" /tmp/out | grep -q " cpu1=[1-9]" || { echo "cpu1 never seen"; exit 1; }
