#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Integration tests: run every guest under kvmini and check its output,
# exit status and statistics. Usage: run.sh KVMINI GUEST_DIR
set -u

K=$(realpath "$1")
G=$(realpath "$2")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -s "$T/err" ] && sed 's/^/     | /' "$T/err" | head -12; }

# run NAME STATUS [kvmini args...]: runs with a 30 s safety net and
# checks the exit status; stdout in $T/out, stderr in $T/err.
run() {
	local name=$1 want=$2 rc
	shift 2
	timeout 30 "$K" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		ok "$name (status $rc)"
		return 0
	fi
	bad "$name: status $rc, expected $want"
	return 1
}

expect_out() {	# NAME TEXT: stdout must be exactly TEXT
	if [ "$(cat "$T/out")" == "$2" ]; then ok "$1"; else
		bad "$1: stdout was '$(head -c 200 "$T/out")'"; fi
}

expect_err() {	# NAME REGEX: stderr must match
	if grep -Eq "$2" "$T/err"; then ok "$1"; else bad "$1: stderr lacks /$2/"; fi
}

one_error_line() {	# NAME: user errors print exactly one line
	if [ "$(wc -l <"$T/err")" -eq 1 ]; then ok "$1: one error line"; else
		bad "$1: $(wc -l <"$T/err") error lines"; fi
}

json() {	# NAME FILE PYTHON-EXPR: the expression over d must hold
	if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($3) else 1)" "$2" 2>"$T/pyerr"; then
		ok "$1"
	else
		bad "$1: $3 is false for $(head -c 400 "$2")"; cat "$T/pyerr"
	fi
}

if ! [ -r /dev/kvm ] || ! [ -w /dev/kvm ]; then
	echo "SKIP: integration tests need a usable /dev/kvm, which this machine lacks"
	exit 0
fi

# --- the demo and the hello guests ---
run "demo" 0
expect_out "demo output" $'Ana are mere\nrx: hello from kvmini'
expect_err "demo check" 'check: \[0x400\] = 42, result register = 42: pass'
for m in 16 32 64; do
	run "hello$m" 0 "$G/hello$m.elf"
	expect_out "hello$m output" "Hello, world!"
	expect_err "hello$m check" 'result register = 42: pass'
done
run "3 vCPUs" 0 --cpus 3 --stats=json --stats-file "$T/c3.json" "$G/hello64.elf"
if [ "$(tr -cd H <"$T/out" | wc -c)" -eq 3 ] && [ "$(wc -c <"$T/out")" -eq 42 ]; then
	ok "3 vCPUs: three greetings (interleaved)"; else bad "3 vCPUs: output '$(cat "$T/out")'"; fi
json "3 vCPUs: each halted" "$T/c3.json" "d['vcpus'] == 3 and d['exits']['by_reason']['HLT']['count'] == 3"
run "2 vCPUs in real mode" 2 --cpus 2 "$G/hello16.elf" && one_error_line "2 vCPUs in real mode"
run "rx payload" 0 --rx "Ana are pere"
expect_out "rx echo" $'Ana are mere\nrx: Ana are pere'

# --- statistics, polling, trace ---
run "stats json" 0 --stats=json --stats-file "$T/s.json"
json "json: per-reason counts" "$T/s.json" \
	"d['exits']['by_reason']['MMIO']['count'] > 0 and d['exits']['by_reason']['HLT']['count'] == 1"
json "json: KVM in-kernel exits" "$T/s.json" \
	"d['kvm']['exits'] >= d['exits']['total']['count'] > 0 and d['kvm']['mmio_exits'] > 0"
json "json: exit-driven notifies" "$T/s.json" \
	"d['devices']['simvirtio']['notify_tx'] >= 3 and d['exits']['by_device']['simvirtio']['count'] >= d['devices']['simvirtio']['notify_tx']"
run "polling" 0 --polling --stats=json --stats-file "$T/p.json"
expect_out "polling output" $'Ana are mere\nrx: hello from kvmini'
json "polling: zero notifications" "$T/p.json" \
	"d['devices']['simvirtio']['notify_tx'] == 0 and d['devices']['simvirtio']['notify_rx'] == 0 and d['devices']['simvirtio']['polling'] == 1"
json "polling: fewer exits than exit-driven" "$T/p.json" \
	"d['exits']['total']['count'] < json.load(open('$T/s.json'))['exits']['total']['count']"
run "text stats" 0 --stats "$G/hello64.elf"
expect_err "text stats table" 'IO +14 '
run "trace" 0 --trace "$T/trace" --stats=json --stats-file "$T/t.json" "$G/hello16.elf"
json "trace: one line per exit" "$T/t.json" \
	"d['exits']['total']['count'] == sum(1 for l in open('$T/trace') if not l.startswith('#'))"
if grep -Eq '^[0-9]+ 0 IO 0xe9 [0-9]+$' "$T/trace"; then ok "trace format"; else bad "trace format"; fi
run "sampled trace" 0 --trace "$T/st" --sample 1 "$G/bench_pio64.elf"
if [ "$(grep -c ' - SAMPLE exits=[0-9]' "$T/st")" -ge 3 ] &&
   awk '/SAMPLE/ { split($4, a, "="); if (a[2] < last) exit 1; last = a[2] }' "$T/st"; then
	ok "sampled trace: KVM exits non-decreasing"; else bad "sampled trace"; fi
run "--sample without --trace" 2 --sample 5 "$G/hello64.elf" && one_error_line "--sample without --trace"

# --- bad input from the user ---
run "missing image" 3 /nonexistent.elf && one_error_line "missing image"
: >"$T/empty"
run "empty image" 3 "$T/empty" && one_error_line "empty image"
head -c $((3 << 20)) /dev/zero >"$T/big"
run "oversized image" 3 "$T/big" && one_error_line "oversized image"
head -c 100 "$G/hello64.elf" >"$T/trunc.elf"
run "truncated ELF" 3 "$T/trunc.elf" && one_error_line "truncated ELF"
run "unknown option" 2 --bogus && one_error_line "unknown option"
run "bad memory size" 2 -m 12Q && one_error_line "bad memory size"
run "arm64-only option on x86" 2 --no-hide-seek "$G/hello64.elf" && one_error_line "arm64-only option on x86"
run "help" 0 --help
expect_out "help mentions exit status" "$(cat "$T/out")"
grep -q "Exit status" "$T/out" && ok "help text" || bad "help text"

# --- guests that end badly ---
printf '\xf4' >"$T/hlt.bin"		# real mode: hlt, nothing stored
run "failed check" 1 "$T/hlt.bin"
expect_err "failed check says FAIL" ': FAIL$'
run "--no-check" 0 --no-check "$T/hlt.bin"
run "triple fault" 5 "$G/triple64.elf"
expect_err "triple fault report" 'KVM_EXIT_SHUTDOWN.*rip|rip [0-9a-f]+'
run "timeout" 10 --timeout 1 "$G/spin64.elf"
expect_err "timeout report" 'still running after 1 s'
for mode in "" "--polling"; do
	for h in txhead rxtail devtable; do
		run "hostile $h ${mode:-exit-driven}" 11 $mode --timeout 20 "$G/hostile_${h}64.elf"
		expect_err "hostile $h message" 'guest error: .*stopping the VM'
	done
	run "hostile regs ${mode:-exit-driven}" 0 $mode --stats=json --stats-file "$T/h.json" "$G/hostile_regs64.elf"
	expect_out "hostile regs survived" "survived"
	json "hostile regs counted" "$T/h.json" \
		"d['devices']['simvirtio']['bad_accesses'] == 3 and d['devices']['simvirtio']['protocol_errors'] == 2 and d['unclaimed']['reads'] == 2"
done
run "strict io" 9 --strict-io "$G/hostile_regs64.elf"
expect_err "strict io report" 'unclaimed MMIO read at 0xe0000000'

echo "integration: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
