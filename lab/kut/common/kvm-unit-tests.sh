# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# kvm-unit-tests on the lab's KVM, under kvmini and under the lab's QEMU
# side by side (LAB_SUITE=kut, LAB_KUT: docs/kvm-unit-tests.md). The plan
# (/lab/kut/plan, written on the build host by scripts/kvm-unit-tests.sh
# with KUT_PLAN) gives each entry's image, vCPUs, arguments, host checks
# and what each VMM runs or why it skips it. One line per entry with
# both results and times, then the tests QEMU passes and kvmini does
# not, each with kvmini's reason; such a test fails the lab unless KNOWN
# names it (what kvmini lacks, docs/kvm-unit-tests.md). Both VMMs' logs
# of those tests come back as artifacts (kut-NAME.qemu.log, .kvmini.log).
# shellcheck disable=SC2016 # check evaluates its expressions itself
# shellcheck source=lab/tests/common/guest.sh
. /lab/suite/common/guest.sh
# a test's limit under each VMM: LAB_KUT_TIMEOUT on the build host
limit=$(cat /lab/kut/timeout 2>/dev/null || echo 120)
# every line also in /lab/out, which comes back whole (build/lab/<arch>/artifacts)
mkdir -p /lab/out
out=/lab/out/kvm-unit-tests-$arch.txt
: >"$out"
say() { echo "$*" | tee -a "$out"; }
qemu=${LAB_PEER%% *}
command -v "$qemu" >/dev/null || { echo "no $qemu in this lab"; exit 1; }
case $arch in
x86)
	kbase="--isa-debug-exit --pc-testdev"
	qbase="-machine accel=kvm -device pc-testdev -device isa-debug-exit,iobase=0xf4,iosize=0x4 -device pci-testdev -global kvm-pit.lost_tick_policy=discard"
	# q35 with a VT-d IOMMU; Hyper-V enlightenments (hv_passthrough);
	# a CPU model (docs/kvm-unit-tests.md)
	KNOWN="intel_iommu hyperv_synic hyperv_connections hyperv_stimer"
	KNOWN="$KNOWN hyperv_stimer_direct hyperv_clock syscall" ;;
arm64)
	kbase=--flat-kernel
	qbase="-machine virt,gic-version=3,accel=kvm -cpu host"
	# none: where KVM has no vGICv2 or no MTE, QEMU cannot start those
	# tests either (ran, above)
	KNOWN="" ;;
esac

# status_of STATUS LOG: the suite's status of a run, as its runners read
# it: isa-debug-exit's (x86) or, after a clean power-off, the EXIT line
status_of() {
	if [ "$1" -eq 0 ]; then
		_s=$(grep -a -m1 '^EXIT: STATUS=' "$2" | tr -dc '0-9')
		echo "${_s:-0}"
	else
		echo "$1"
	fi
}

# qemu_said ERRLOG: QEMU's first stderr line that is not a warning, in
# brackets, or nothing. QEMU also exits 1 when it cannot start the
# machine, which reads as an x86 pass: the line shows which it was.
qemu_said() {
	_l=$(grep -v -i -m1 warning "$1" 2>/dev/null)
	[ -z "$_l" ] || echo " [QEMU: $_l]"
}

# ran LOG ERRLOG: not a QEMU that could not start the machine, which
# exits 1 (read as a pass) having said why on stderr and run nothing.
# (The vmexit tests, s3 and sieve print no PASS or SUMMARY line.)
ran() {
	[ -z "$(qemu_said "$2")" ] ||
		grep -aq -e '^SUMMARY:' -e '^PASS' -e '^FAIL' -e '^SKIP' "$1"
}

# secs_since T0: whole seconds from T0 (date +%s) to now
secs_since() {
	echo $(($(date +%s) - $1))
}

# verdict STATUS: PASS, SKIP, TIMEOUT or FAIL(STATUS)
verdict() {
	case $1 in
	1) echo PASS ;;
	77) echo SKIP ;;
	124 | 137 | 143) echo TIMEOUT ;;
	*) echo "FAIL($1)" ;;
	esac
}

: >"$T/diff"
qpass=0 kpass=0 both=0
while IFS="|" read -r name file smp args checks kv qm; do
	why=
	for c in $checks; do
		[ "$(cat "${c%=*}" 2>/dev/null)" = "${c#*=}" ] ||
			why="host check $c does not hold"
	done
	img=/lab/kut/$file
	if [ -n "$why" ] || [ "${qm%% *}" = skip ]; then
		q="SKIP(${why:-${qm#skip }})"
	else
		t0=$(date +%s)
		# shellcheck disable=SC2086 # options: lists of words
		timeout -k 5 "$limit" $qemu $qbase -nodefaults -no-user-config \
			-display none -serial stdio -no-reboot -kernel "$img" \
			-smp "$smp" ${qm#run} ${args:+-append "$args"} \
			</dev/null >"$T/q.log" 2>"$T/q.err"
		q="$(verdict "$(status_of $? "$T/q.log")") ($(secs_since "$t0") s)$(qemu_said "$T/q.err")"
		[ "${q%% *}" != PASS ] || ran "$T/q.log" "$T/q.err" ||
			q="SKIP(QEMU ran no test:$(qemu_said "$T/q.err"))"
		cat "$T/q.err" >>"$T/q.log"
	fi
	if [ -n "$why" ] || [ "${kv%% *}" = skip ]; then
		k="SKIP(${why:-${kv#skip }})"
	else
		t0=$(date +%s)
		# shellcheck disable=SC2086
		timeout -k 5 "$limit" kvmini $kbase --no-check --mem 128M \
			--cpus "$smp" ${kv#run} ${args:+--append "$args"} "$img" \
			</dev/null >"$T/k.log" 2>&1
		k="$(verdict "$(status_of $? "$T/k.log")") ($(secs_since "$t0") s)"
		# asked for what this KVM lacks, kvmini refuses (status 4)
		! grep -q KVM_CAP_ARM_PMU_V3 "$T/k.log" || k="SKIP(no PMU in this KVM)"
		! grep -q 'KVM_CREATE_DEVICE (vGICv2)' "$T/k.log" ||
			k="SKIP(no vGICv2 in this KVM)"
	fi
	say "KUT $name: qemu $q, kvmini $k"
	[ "${q%% *}" != PASS ] || qpass=$((qpass + 1))
	[ "${k%% *}" != PASS ] || kpass=$((kpass + 1))
	if [ "${q%% *}" = PASS ]; then
		if [ "${k%% *}" = PASS ]; then
			both=$((both + 1))
		else
			echo "$name $k" >>"$T/diff"
			cp "$T/q.log" "/lab/out/kut-$name.qemu.log"
			cp "$T/k.log" "/lab/out/kut-$name.kvmini.log"
		fi
	fi
done </lab/kut/plan
say "KUT $arch: QEMU passed $qpass, kvmini $kpass; kvmini passes $both of QEMU's $qpass"
while read -r name k; do
	case " $KNOWN " in
	*" $name "*) say "KUT $name: QEMU passes, kvmini $k: known (docs/kvm-unit-tests.md)" ;;
	*) check "$name: passes under QEMU, so under kvmini (kvmini: $k)" false ;;
	esac
done <"$T/diff"
check "the plan ran" '[ "$qpass" -gt 0 ]'
summary "$arch-kvm-unit-tests"
