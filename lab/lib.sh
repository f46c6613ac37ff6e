# SPDX-License-Identifier: GPL-2.0
# Helpers for lab tests (sourced; busybox sh).

# run STATUS ARGS...: runs kvmini, stdout in /tmp/out, stderr in /tmp/err;
# fails unless it exits with STATUS.
run() {
	want=$1
	shift
	kvmini "$@" >/tmp/out.raw 2>/tmp/err
	rc=$?
	tr -d '\r' </tmp/out.raw >/tmp/out	# a Linux tty writes \r\n
	cat /tmp/out /tmp/err
	[ "$rc" -eq "$want" ] || { echo "kvmini $*: status $rc, expected $want"; exit 1; }
}

# stat NAME FILE: the number after "NAME": in a --stats=json file
stat() {
	grep -o "\"$1\":[0-9][0-9]*" "$2" | head -1 | cut -d: -f2
}

expect() {	# expect TEXT: /tmp/out must be exactly TEXT
	[ "$(cat /tmp/out)" = "$1" ] || { echo "stdout differs from: $1"; exit 1; }
}
