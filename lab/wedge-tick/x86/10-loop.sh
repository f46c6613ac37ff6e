# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# The wedge repro loop, amplified (lab/wedge's loop with a host timer
# storm): boots kvmini's Linux guest running the cpuid-exits program (the
# x86-cpuid-exits-linux workload) again and again for
# WEDGE_SECS seconds, one BOOT line each; a heartbeat line every 15 s
# from a background loop shows whether the lab host still runs at all.
# WEDGE_SECS (default 480: the run fits the lab's 600 s) and WEDGE_CPUS
# (the guest's vCPUs, default 1) come from the host kernel's command line,
# e.g. LAB_APPEND_EXTRA="WEDGE_SECS=300". A wedged host shows as output
# that stops (no BOOT or HEARTBEAT line) until the lab's time limit.
secs=${WEDGE_SECS:-480}
cpus=${WEDGE_CPUS:-1}
( i=0; while :; do sleep 15; i=$((i + 15)); echo "HEARTBEAT ${i}s" >/dev/console; done ) &
hb=$!
# amplifier: a 100 us sleep loop, so that the host's LAPIC timer (and the
# POLL it raises from QEMU's I/O thread) fires thousands of times a second;
# with the periodic tick of lab/x86.conf (highres=off) it sleeps whole
# ticks instead, so it amplifies only a one-shot-tick host
( while :; do usleep 100; done ) &
tk=$!
end=$(($(date +%s) + secs))
n=0 bad=0
while [ "$(date +%s)" -lt "$end" ]; do
	n=$((n + 1))
	t0=$(date +%s)
	kvmini --cpus "$cpus" --mem 256M --initrd /lab/guests/initrd.gz \
		--append "quiet run=cpuid-exits" --timeout 120 /lab/guests/Image \
		>/tmp/o 2>&1
	rc=$?
	r=$(grep -c "^GUEST-RESULT cpuid-exits 0" /tmp/o)
	if [ "$rc" != 0 ] || [ "$r" != 1 ]; then
		bad=$((bad + 1))
		tail -30 /tmp/o | sed 's/^/  | /' >/dev/console
	fi
	echo "BOOT $n rc=$rc ok=$r $(($(date +%s) - t0))s" >/dev/console
done
kill $hb $tk
echo "WEDGE-LOOP boots=$n bad=$bad"
[ "$bad" = 0 ]
