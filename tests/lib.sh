# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Test helpers shared by the integration suite (tests/integration/run.sh)
# and the lab's tests (lab/tests/<arch>/*.sh). POSIX sh: bash runs it on
# a host, busybox sh in the lab and in an arm64 emulated host.
#
# Set KVMINI (the binary) before sourcing; RUN_TIMEOUT (default 30 s) is
# the safety net of each run. Every check prints "ok   NAME" or
# "FAIL NAME" with details and is counted; `summary LABEL` prints
# "LABEL: N passed, M failed" and succeeds only if none failed.

T=$(mktemp -d)
RUN_WRAP=
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
# shellcheck disable=SC2034 # for the scripts that source this
NL='
'

ok() {
	pass=$((pass + 1))
	echo "ok   $1"
}

bad() {
	fail=$((fail + 1))
	echo "FAIL $1"
	[ -s "$T/err" ] && sed 's/^/     | /' "$T/err" | head -12
	return 1
}

# run NAME STATUS [kvmini args...]: kvmini's exit status must be STATUS;
# stdout (without the \r a Linux console adds) in $T/out, stderr in $T/err.
# RUN_WRAP, if set, is a command kvmini runs under. kvmini's stdin (which
# it feeds to the guest's console) is RUN_STDIN, default /dev/null: a
# test never hands its terminal to a guest.
run() {
	_name=$1
	_want=$2
	shift 2
	# shellcheck disable=SC2086 # RUN_WRAP: a command and its arguments
	timeout -k 5 "${RUN_TIMEOUT:-30}" $RUN_WRAP "$KVMINI" "$@" \
		<"${RUN_STDIN:-/dev/null}" >"$T/out.raw" 2>"$T/err"
	_rc=$?
	tr -d '\r' <"$T/out.raw" >"$T/out"
	if [ "$_rc" -eq "$_want" ]; then
		ok "$_name (status $_rc)"
		return 0
	fi
	bad "$_name: status $_rc, expected $_want"
}

# A guest the test talks to while it runs (the lab's virtio-net and
# console-input tests): run_bg NAME [kvmini args...] starts kvmini as run
# does, in the background (its pid in $bg_pid); wait_out ERE SEC waits
# until a line of its stdout matches ERE (fails, counted, if kvmini ended
# or SEC seconds passed first); wait_bg STATUS waits for it and checks its
# status as run does, leaving its output in $T/out and $T/err. Meanwhile
# `run` may run another kvmini (its own files). In busybox, timeout execs
# kvmini: $bg_pid is kvmini's own pid (GNU timeout forks: timeout's).
run_bg() {
	_bg_name=$1
	shift
	# (there before kvmini is: wait_out may read it first)
	: >"$T/bg.raw"
	: >"$T/bg.err"
	# shellcheck disable=SC2086 # RUN_WRAP: a command and its arguments
	timeout -k 5 "${RUN_TIMEOUT:-30}" $RUN_WRAP "$KVMINI" "$@" \
		<"${RUN_STDIN:-/dev/null}" >"$T/bg.raw" 2>"$T/bg.err" &
	bg_pid=$!
}

wait_out() {
	_i=0
	while :; do
		tr -d '\r' <"$T/bg.raw" | grep -Eq -- "$1" && return 0
		[ "$_i" -lt "$2" ] || break
		kill -0 "$bg_pid" 2>/dev/null || break
		sleep 1
		_i=$((_i + 1))
	done
	tr -d '\r' <"$T/bg.raw" | grep -Eq -- "$1" && return 0
	cp "$T/bg.err" "$T/err"
	bad "$_bg_name: no /$1/ from the guest within $2 s"
}

wait_bg() {
	wait "$bg_pid"
	_rc=$?
	tr -d '\r' <"$T/bg.raw" >"$T/out"
	cp "$T/bg.err" "$T/err"
	if [ "$_rc" -eq "$1" ]; then
		ok "$_bg_name (status $_rc)"
		return 0
	fi
	bad "$_bg_name: status $_rc, expected $1"
}

# check NAME EXPR: the shell expression EXPR, evaluated now, must hold
check() {
	if eval "$2"; then ok "$1"; else bad "$1: does not hold: $2"; fi
}

expect_out() {	# NAME TEXT: stdout must be exactly TEXT
	if [ "$(cat "$T/out")" = "$2" ]; then
		ok "$1"
	else
		bad "$1: stdout was '$(head -c 300 "$T/out")'"
	fi
}

expect_err() {	# NAME ERE: stderr must match
	if grep -Eq -- "$2" "$T/err"; then ok "$1"; else bad "$1: stderr lacks /$2/"; fi
}

one_error_line() {	# NAME: a user error is exactly one line
	_n=$(wc -l <"$T/err")
	if [ "$_n" -eq 1 ]; then ok "$1: one error line"; else bad "$1: $_n error lines"; fi
}

# JSON flattened to "a.b.c value" lines (kvmini's --stats=json: objects,
# numbers and strings without escapes), for shells without a JSON tool.
# shellcheck disable=SC2016 # an awk program: awk's $0, not the shell's
_jsonflat='
{ s = s $0 }
END {
	d = 0; k = ""; pre[0] = ""
	while (s != "") {
		if (match(s, /^[ \t\r\n,:]+/)) { s = substr(s, RLENGTH + 1); continue }
		c = substr(s, 1, 1)
		if (c == "{") {
			pre[d + 1] = (d == 0) ? "" : pre[d] k "."
			d++; k = ""; s = substr(s, 2); continue
		}
		if (c == "}") { d--; k = ""; s = substr(s, 2); continue }
		if (c == "\"") {
			match(s, /^"[^"]*"/)
			tok = substr(s, 2, RLENGTH - 2); s = substr(s, RLENGTH + 1)
			if (match(s, /^[ \t]*:/)) { k = tok; s = substr(s, RLENGTH + 1) }
			else print pre[d] k, tok
			continue
		}
		if (!match(s, /^[^,} \t\r\n]+/)) exit 1
		print pre[d] k, substr(s, 1, RLENGTH); s = substr(s, RLENGTH + 1)
	}
}'

# jv KEY FILE: the value at dotted KEY (e.g. exits.total.count) in FILE;
# prints nothing (and fails) when there is none
jv() {
	awk "$_jsonflat" "$2" | awk -v k="$1" '$1 == k { print $2; f = 1; exit }
		END { exit !f }'
}

# summary LABEL: the counts; succeeds only when nothing failed
summary() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
