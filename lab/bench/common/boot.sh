# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Linux boot to init, kvmini beside QEMU on the same KVM (LAB_PEER: the
# lab's QEMU with -M microvm on x86, -M virt on arm64): the same kernel,
# initramfs, memory and one vCPU, the same kernel parameters.
# lab/host/stopwatch times each VMM from its start to the first line of
# the guest's init (GUEST-INIT, lab/guest-init.sh), then kills it. Rounds interleave the two; medians, and the spread of the
# rounds' ratios. Goal: kvmini no slower than QEMU.
# shellcheck disable=SC2016 # check evaluates its expressions itself
# shellcheck source=lab/tests/common/guest.sh
. /lab/suite/common/guest.sh
rounds=7
# what kvmini gives the kernel before --append (src/kboot.c, and x86's
# reboot method in src/arch/x86/linux.c)
case $arch in
x86) params="console=ttyS0 panic=-1 reboot=k" ;;
arm64) params="console=ttyAMA0 panic=-1" ;;
esac
qemu=${LAB_PEER%% *}
command -v "$qemu" >/dev/null || { echo "no $qemu in this lab"; exit 1; }
# time_boot NAME COMMAND...: the milliseconds from COMMAND's start to
# the mark, appended to $T/NAME; a run without the mark fails the bench
time_boot() {
	_n=$1
	shift
	timeout -k 5 "$RUN_TIMEOUT" stopwatch -k GUEST-INIT "$@" \
		</dev/null >"$T/out" 2>"$T/err"
	_ns=$(sed -n 's/^stopwatch: mark_ns=\([0-9]*\) .*/\1/p' "$T/err")
	check "$_n booted to init" '[ -n "$_ns" ]' || return 1
	echo $((_ns / 1000000)) >>"$T/$_n"
}
: >"$T/kvmini"
: >"$T/qemu"
i=0
while [ $i -lt $rounds ]; do
	i=$((i + 1))
	# shellcheck disable=SC2086 # $guest: a list of options
	time_boot kvmini kvmini $guest --append quiet $image || break
	# shellcheck disable=SC2086 # $LAB_PEER: QEMU and its machine
	time_boot qemu $LAB_PEER -accel kvm -cpu host -smp 1 -m "$mem" \
		-nodefaults -no-user-config -display none -serial stdio \
		-no-reboot -kernel $image -initrd /lab/guests/initrd.gz \
		-append "$params quiet" || break
done
paste "$T/kvmini" "$T/qemu"
# shellcheck disable=SC2016 # an awk program
paste "$T/kvmini" "$T/qemu" | awk -v peer="${LAB_PEER#* }" '
function med(a, n,  i, j, t) {
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ k[NR] = $1; q[NR] = $2; r[NR] = $1 / $2 }
END {
	lo = hi = r[1]
	for (i = 2; i <= NR; i++) { if (r[i] < lo) lo = r[i]; if (r[i] > hi) hi = r[i] }
	printf "BENCH Linux boot to init: kvmini %d ms, QEMU %s %d ms, kvmini/QEMU %.2f [%.2f-%.2f] (goal <= 1.00; medians of %d interleaved rounds)\n",
		med(k, NR), peer, med(q, NR), med(r, NR), lo, hi, NR
}'
summary "$arch-boot-bench" >/dev/null
