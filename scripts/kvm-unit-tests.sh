#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs kvm-unit-tests (built in KUT_DIR, from its public repository:
# docs/kvm-unit-tests.md) under kvmini: each entry of the suite's
# unittests.cfg for the architecture, its QEMU options (x86) or kvmtool
# options (arm64, the suite built with --target=kvmtool) mapped to
# kvmini's where kvmini can honour them, else skipped with the reason.
# One line per test: PASS, FAIL, SKIP or TIMEOUT with the reason, then
# "N passed, M failed, K skipped" (timeouts count as failures). Exits 0
# when none failed.
#
# Usage: [KUT_ARCH=arm64] scripts/kvm-unit-tests.sh KUT_DIR [KVMINI] [ERE]
# KUT_ARCH: the suite's architecture (default: this machine's); another
# one's tests run in its emulated KVM host (lab/kvm-host.sh), one boot a
# test. KVMINI: the kvmini to run (default build/<arch>/release/kvmini,
# or build/<arch>/static/kvmini in the emulated host); ERE: only the
# tests whose name matches. TIMEOUT overrides every test's limit (the
# suite's default: 90 s). A test's output: $KUT_LOGS/NAME.log (default
# build/kvm-unit-tests/<arch>).
#
# KUT_PLAN=FILE runs nothing: it writes one line per entry to FILE, for
# the lab (lab/kut/common/kvm-unit-tests.sh), whose host checks and
# QEMU it cannot see from here, and copies the images beside FILE. Fields
# separated by |: name, image, vCPUs, test arguments, host checks, then
# kvmini's options ("run OPTIONS" or "skip REASON") and QEMU's ("run
# QEMU_PARAMS" or "skip REASON").
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
kut=${1:?usage: scripts/kvm-unit-tests.sh KUT_DIR [KVMINI] [ERE]}
host=$("$top/scripts/arch.sh" host) || { echo "unknown machine $(uname -m)" >&2; exit 2; }
arch=${KUT_ARCH:-$host}
logs=${KUT_LOGS:-$top/build/kvm-unit-tests/$arch}
filter=${3:-.}
run=()	# what runs kvmini: nothing, or the emulated host
case $arch in
x86)
	cfg=$kut/x86/unittests.cfg dir=$kut/x86 march=x86_64
	base_opts=(--isa-debug-exit --pc-testdev) ;;
arm64)
	cfg=$kut/arm/unittests.cfg dir=$kut/arm march=arm64
	base_opts=(--flat-kernel)
	grep -q 'CONFIG_UART_EARLY_BASE 0x1000000' "$kut/lib/config.h" 2>/dev/null ||
		echo "kvm-unit-tests: $kut is not built with --target=kvmtool" >&2 ;;
*) echo "kvm-unit-tests: kvmini runs the suite's x86 and arm64 tests (not $arch)" >&2; exit 2 ;;
esac
plan=${KUT_PLAN:-}
if [ -n "$plan" ]; then
	kvmini=/bin/true	# not run
	: >"$plan"
	cp "$dir"/*.flat "$(dirname "$plan")/"
elif [ "$arch" = "$host" ]; then
	kvmini=${2:-$top/build/$arch/release/kvmini}
else
	# the emulated host sees this tree only: the images go under build/
	kvmini=${2:-$top/build/$arch/static/kvmini}
	run=("$top/lab/kvm-host.sh" --arch "$arch" --)
	mkdir -p "$logs/images"
	cp "$dir"/*.flat "$logs/images/" 2>/dev/null
	dir=$logs/images
fi
[ -r "$cfg" ] || { echo "$cfg: not found (build the suite first)" >&2; exit 2; }
[ -x "$kvmini" ] || { echo "$kvmini: not found (make first)" >&2; exit 2; }
mkdir -p "$logs"
max_smp=$(nproc)
[ -z "${run[*]}${plan}" ] || max_smp=2	# the emulated and lab arm64 hosts'
[ "$max_smp" -le 8 ] || max_smp=8	# kvmini's vCPU limit
pass=0 fail=0 skip=0

# map_kvmtool KVMTOOL_PARAMS: the same for kvmtool's options (arm64)
map_kvmtool() {
	local w
	opts=() why=
	for w in $1; do
		case $w in
		--mem) ;;
		--mem=* | [0-9]*) opts+=(--mem "${w#--mem=}M") ;;
		--irqchip=gicv3) ;;	# kvmini's default vGIC
		--irqchip=gicv2) opts+=(--gic v2) ;;
		--irqchip=gicv3-its) opts+=(--gic v3-its) ;;
		--irqchip=*) why="$w: no such vGIC in kvmini"; return ;;
		--pmu) opts+=(--pmu) ;;
		*) why="kvmtool option $w: not mapped"; return ;;
		esac
	done
}

# map_cpu -CPU's VALUE: kvmini gives KVM's supported CPUID, which is
# QEMU's "max" and "host", and what "qemu64" with features added asks
# for; features taken away (-pcid) become --cpuid-clear, for those it
# knows (src/arch/x86/cpuid.c). Else why, and 1.
map_cpu() {
	local f model=${1%%,*} clear=
	local -a feats
	case $model in
	max | host | qemu64) ;;
	*) why="-cpu $1: kvmini gives KVM's supported CPUID, no CPU models"; return 1 ;;
	esac
	[ "$model" != qemu64 ] || [ "$1" != qemu64 ] ||
		{ why="-cpu qemu64: a CPU model"; return 1; }
	IFS=, read -ra feats <<<"${1#"$model"}"
	for f in "${feats[@]}"; do
		case $f in
		'' | +*) ;;
		-pcid | -invpcid | -x2apic | -tsc-deadline | -xsave | -la57 | -svm | -rdtscp)
			clear+=${clear:+,}${f#-} ;;
		-*) why="-cpu $1: kvmini cannot take $f away"; return 1 ;;
		*) why="-cpu $1: no such CPU property in kvmini"; return 1 ;;
		esac
	done
	[ -z "$clear" ] || opts+=(--cpuid-clear "$clear")
}

# map_params QEMU_PARAMS: sets opts (kvmini options) or why (a reason to
# skip); what QEMU gives that kvmini does not is named
map_params() {
	local -a words
	local i w
	opts=() why=
	eval "words=($1)"
	for ((i = 0; i < ${#words[@]}; i++)); do
		w=${words[i]}
		case $w in
		-m)
			i=$((i + 1)) w=${words[i]}
			case $w in *[gG]) w=$((${w%[gG]} * 1024)) ;; esac
			w=${w%[mM]}
			if [ "$w" -gt 3072 ]; then
				why="-m ${w}M: kvmini's RAM ends below the MMIO hole (3 GiB at most)"
				return
			fi
			opts+=(--mem "${w}M") ;;
		-enable-kvm) ;;	# kvmini has no other accelerator
		-cpu)
			i=$((i + 1)) w=${words[i]}
			map_cpu "$w" || return ;;
		-machine | -M)
			i=$((i + 1)) w=${words[i]:-}
			case $w in
			pit=off) opts+=(--no-pit) ;;
			*) why="-machine $w: no such machine option in kvmini"; return ;;
			esac ;;
		-device | -global | -object | -overcommit)
			why="$w ${words[i + 1]:-}: no such device or machine option in kvmini"
			return ;;
		*)
			why="QEMU option $w: not mapped"
			return ;;
		esac
	done
}

# result NAME STATUS SECONDS LOG: the line for a run of kvmini
result() {
	local name=$1 st=$2 secs=$3 log=$4
	case $st in
	1) pass=$((pass + 1)); echo "PASS $name (${secs} s)" ;;
	77) skip=$((skip + 1)); echo "SKIP $name (the test skipped itself: $(grep -m1 -E '^(SKIP|SUMMARY)' "$log" | tr -d '\r'))" ;;
	124) fail=$((fail + 1)); echo "TIMEOUT $name (after ${secs} s: $(tail -n1 "$log" | tr -d '\r'))" ;;
	3) fail=$((fail + 1)); echo "FAIL $name ($(grep -m1 -E '^FAIL' "$log" | tr -d '\r' | cut -c1-100))" ;;
	127) fail=$((fail + 1)); echo "FAIL $name (the test aborted: $(grep -m1 -E '^Unhandled|^FAIL|abort' "$log" | tr -d '\r' | cut -c1-100))" ;;
	*) fail=$((fail + 1)); echo "FAIL $name (kvmini status $st: $(grep -m1 'kvmini:' "$log" | cut -c1-120))" ;;
	esac
}

# max_smp_of SMP: an entry's vCPU count; arm's entries compute it from
# $MAX_SMP ($MAX_SMP or $((...)))
max_smp_of() {
	local s=${1//\$MAX_SMP/$max_smp}
	s=${s#\$((} s=${s%))}
	echo $((s))
}

# skip_both REASON: an entry neither VMM runs (a line, or one in the plan)
skip_both() {
	if [ -n "$plan" ]; then
		printf '%s|%s|1|||skip %s|skip %s\n' "$name" \
			"${file_f%.flat}.flat" "$1" "$1" >>"$plan"
	else
		skip=$((skip + 1))
		echo "SKIP $name ($1)"
	fi
}

# run_entry: one section of the configuration (its fields set)
run_entry() {
	local smp=${smp_f:-1} tmo=${TIMEOUT:-${timeout_f:-90}} t0 st log c
	[ -n "$name" ] || return 0
	echo "$name" | grep -Eq -- "$filter" || return 0
	if [ -n "$arch_f" ] && [ "$arch_f" != "$march" ]; then
		return 0	# another architecture's (e.g. i386): not listed
	fi
	if [[ " $groups_f " == *" nodefault "* ]]; then
		skip_both "group nodefault: run_tests.sh skips it too"; return
	fi
	if [ -n "$accel_f" ] && [ "$accel_f" != kvm ]; then
		skip_both "accel = $accel_f: not KVM"; return
	fi
	smp=$(max_smp_of "$smp")
	if [ -n "$disabled_f" ] && TARGET=kvmtool eval "$disabled_f"; then
		opts=() why="disabled_if $disabled_f, as for kvmtool"
	elif [ "$arch" = x86 ]; then
		map_params "$qemu_f"
	else
		map_kvmtool "$kvmtool_f"
	fi
	if [ -n "$plan" ]; then
		c="run ${opts[*]}"
		[ -z "$why" ] || c="skip $why"
		printf '%s|%s|%s|%s|%s|%s|%s\n' "$name" "${file_f%.flat}.flat" \
			"$smp" "$args_f" "$check_f" "$c" "run $qemu_f" >>"$plan"
		return
	fi
	for c in $check_f; do
		if [ "$(cat "${c%=*}" 2>/dev/null)" != "${c#*=}" ]; then
			skip=$((skip + 1)); echo "SKIP $name (host check $c does not hold)"; return
		fi
	done
	if [ -n "$why" ]; then
		skip=$((skip + 1)); echo "SKIP $name ($why)"; return
	fi
	log=$logs/$name.log
	t0=$(date +%s)
	# QEMU's default RAM (128 MiB) unless the entry says
	timeout -k 5 "${tmo%s}" "${run[@]}" "$kvmini" "${base_opts[@]}" --no-check \
		--mem 128M --cpus "$smp" "${opts[@]}" \
		${args_f:+--append "$args_f"} "$dir/${file_f%.flat}.flat" \
		</dev/null >"$log" 2>&1
	st=$?
	# arm64 ends by PSCI SYSTEM_OFF (kvmini: 0) after printing its
	# status, x86's isa-debug-exit's value: (code << 1) | 1 both
	if [ "$arch" = arm64 ] && [ "$st" -eq 0 ]; then
		st=$(grep -m1 -a '^EXIT: STATUS=' "$log" | tr -dc '0-9')
		st=${st:-0}
	fi
	result "$name" "$st" "$(($(date +%s) - t0))" "$log"
}

name=
while IFS= read -r line || [ -n "$line" ]; do
	case $line in
	'#'* | '') continue ;;
	'['*']')
		run_entry
		name=${line#[} name=${name%]}
		file_f='' smp_f='' qemu_f='' kvmtool_f='' args_f='' arch_f=''
		accel_f='' timeout_f='' groups_f='' check_f='' disabled_f='' ;;
	*=*)
		key=${line%%=*} key=${key// /} val=${line#*=} val=${val# }
		case $key in
		file) file_f=$val ;;
		smp) smp_f=$val ;;
		qemu_params | extra_params) qemu_f=$val ;;
		kvmtool_params) kvmtool_f=$val ;;
		disabled_if) disabled_f=$val ;;
		test_args) eval "args_f=$val" ;;
		arch) arch_f=$val ;;
		accel) accel_f=$val ;;
		timeout) timeout_f=$val ;;
		groups) groups_f=$val ;;
		check) check_f=$val ;;
		esac ;;
	esac
done <"$cfg"
run_entry
if [ -n "$plan" ]; then
	echo "kvm-unit-tests: $(wc -l <"$plan") entries planned in $plan"
	exit 0
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
