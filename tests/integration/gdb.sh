# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # GDB's $registers; check evaluates its own
# shellcheck disable=SC2154 # bg_pid: lib.sh's, as run.sh sources it
#
# The GDB stub's tests, sourced by run.sh (group gdb): the real GDB in
# batch mode against bare guests under kvmini --gdb. GDB prints what it
# saw with printf lines starting with '@', which the checks read back.
# Needs run.sh's helpers and variables (lib.sh, $G, $KVMINI, $T).

# gdb_listen NAME "KVMINI ARGS": kvmini --gdb tcp:0 with the arguments
# (split at spaces) in the background (run_bg); its port in $gdb_port
# once it reports one. Fails, counted, if it names none.
gdb_listen() {
	# shellcheck disable=SC2086 # the arguments, split
	run_bg "$1" --gdb tcp:0 $2
	gdb_port=
	_gi=0
	while [ -z "$gdb_port" ] && [ "$_gi" -lt 200 ] &&
		kill -0 "$bg_pid" 2>/dev/null; do
		gdb_port=$(sed -n 's/.*GDB.* on [0-9.]*:\([0-9][0-9]*\)$/\1/p' "$T/bg.err")
		[ -n "$gdb_port" ] || sleep 0.1
		_gi=$((_gi + 1))
	done
	[ -n "$gdb_port" ] && return 0
	kill "$bg_pid" 2>/dev/null
	wait "$bg_pid"
	cp "$T/bg.err" "$T/err"
	bad "$1: kvmini named no GDB port"
}

# gdb_run NAME STATUS "KVMINI ARGS" GDB ARGS...: GDB attached to kvmini
# as gdb_listen starts it; kvmini's status must be STATUS. GDB's output
# is left in $T/gdb. GDB runs without timeout(1), which would make it
# stop waiting for the guest: kvmini's own limit (RUN_TIMEOUT) ends both.
gdb_run() {
	_gn=$1
	_gw=$2
	_gk=$3
	shift 3
	: >"$T/gdb"
	gdb_listen "$_gn" "$_gk" || return 1
	"$GDB" -nx -batch -ex "target remote 127.0.0.1:$gdb_port" "$@" \
		</dev/null >"$T/gdb" 2>&1
	wait_bg "$_gw"
}

# gdb_val KEY: the value GDB printed as "@... KEY=VALUE" (the last one)
gdb_val() {
	sed -n "s/^@.* $1=\([^ ]*\).*/\1/p" "$T/gdb" | tail -n 1
}

# gdb_saw NAME ERE: a line of GDB's output matches
gdb_saw() {
	if grep -Eq -- "$2" "$T/gdb"; then
		ok "$1"
	else
		sed 's/^/     | /' "$T/gdb" | tail -n 12 >"$T/err"
		bad "$1: GDB printed no /$2/"
	fi
}

gdb_tests() {
	ms=$G/modeswitch16.elf
	# real -> protected -> long mode, and the registers in each
	gdb_run "gdb: across the mode switches" 0 "--timeout 60 $ms" \
		-ex 'set architecture i8086' \
		-ex 'printf "@real cr0=%lx\n", (long)$cr0' \
		-ex 'break protected_mode' -ex continue \
		-ex 'printf "@prot cr0=%lx cs=%lx pc=%lx at=%lx\n", (long)$cr0, (long)$cs, (long)$pc, (long)&protected_mode' \
		-ex 'break long_mode' -ex continue \
		-ex 'printf "@long efer=%lx cs=%lx pc=%lx at=%lx\n", (long)$efer, (long)$cs, (long)$pc, (long)&long_mode' \
		-ex stepi \
		-ex 'printf "@step pc=%lx\n", (long)$pc' \
		-ex 'delete' -ex continue "$ms"
	check "gdb: real mode, PE clear" \
		'[ -n "$(gdb_val cr0)" ] && [ $((0x$(sed -n "s/^@real cr0=//p" "$T/gdb") & 1)) -eq 0 ]'
	check "gdb: protected mode at its label" \
		'[ $((0x$(gdb_val cr0) & 1)) -eq 1 ] && [ "$(sed -n "s/^@prot .*cs=\([0-9a-f]*\) pc=\([0-9a-f]*\) at=\2$/\1/p" "$T/gdb")" = 8 ]'
	check "gdb: long mode at its label, EFER.LMA" \
		'[ $((0x$(gdb_val efer) & 0x400)) -ne 0 ] && [ "$(sed -n "s/^@long .*cs=\([0-9a-f]*\) pc=\([0-9a-f]*\) at=\2$/\1/p" "$T/gdb")" = 18 ]'
	# long_mode's first instruction: mov $answer, %ebx, 5 bytes
	check "gdb: stepi moves one instruction" \
		'[ $((0x$(gdb_val pc) - 0x$(sed -n "s/^@long .*at=//p" "$T/gdb"))) -eq 5 ]'
	gdb_saw "gdb: GDB saw the guest end" 'exited normally'
	expect_err "gdb: the guest's own check" '= 42, result register = 42: pass'

	# memory written by GDB changes what the guest computes
	gdb_run "gdb: write memory" 1 "--timeout 60 $ms" \
		-ex 'set var *(int *)&answer = 7' -ex continue "$ms"
	expect_err "gdb: the guest used GDB's value" '= 7, result register = 7: FAIL'

	# a write watchpoint stops right after the store
	gdb_run "gdb: watchpoint" 13 "--timeout 60 $ms" \
		-ex 'watch *(int *)0x400' -ex continue \
		-ex 'printf "@watch pc=%lx at=%lx\n", (long)$pc, (long)&stored' \
		-ex kill "$ms"
	gdb_saw "gdb: the watchpoint's values" 'Old value = 0$'
	gdb_saw "gdb: ... and new" 'New value = 42$'
	check "gdb: stopped after the store" \
		'sed -n "/^@watch/p" "$T/gdb" | grep -Eq "pc=([0-9a-f]+) at=\1$"'

	# the demo guest (kvmini without an image), broken into
	gdb_run "gdb: the demo guest" 0 "--timeout 60" \
		-ex 'break sv_handshake' -ex continue \
		-ex 'printf "@demo pc=%lx at=%lx\n", (long)$pc, (long)&sv_handshake' \
		-ex 'delete' -ex continue "$G/simvirtio64.elf"
	check "gdb: at the demo's sv_handshake" \
		'sed -n "/^@demo/p" "$T/gdb" | grep -Eq "pc=([0-9a-f]+) at=\1$"'
	expect_out "gdb: the demo's output" "Ana are mere${NL}rx: hello from kvmini"

	# two vCPUs, two threads
	gdb_run "gdb: two vCPUs" 0 "--cpus 2 --timeout 60 $G/hello64.elf" \
		-ex 'info threads' -ex 'thread 2' \
		-ex 'printf "@thread2 pc=%lx\n", (long)$pc' \
		-ex detach "$G/hello64.elf"
	gdb_saw "gdb: thread 2 listed" '^ +2 +Thread 2 '
	check "gdb: thread 2's registers" '[ -n "$(gdb_val pc)" ]'
	gdb_saw "gdb: detached" 'Detaching|detached'

	# --gdb-nowait: GDB stops a running guest when it attaches; kill
	gdb_run "gdb: attach to a running guest, kill" 13 \
		"--gdb-nowait --timeout 60 $G/spin64.elf" \
		-ex 'printf "@spin pc=%lx\n", (long)$pc' -ex kill "$G/spin64.elf"
	check "gdb: stopped somewhere in the guest" '[ -n "$(gdb_val pc)" ]'
	expect_err "gdb: the stub said where it listens" 'GDB stub on 127\.0\.0\.1:'
}

# What GDB never sends, from a small client (gdb_client.c, built beside
# kvmini): every architecture, with or without a GDB.
gdb_client_tests() {
	gdb_listen "gdb_client: hostile packets, Ctrl-C, kill" \
		"--timeout 60 $G/spin$S.elf" || return 1
	"$(dirname "$KVMINI")/gdb_client" "$gdb_port" >"$T/client" 2>&1
	_gc=$?
	wait_bg 13
	grep '^FAIL' "$T/client" | sed 's/^FAIL/FAIL gdb_client:/'
	check "gdb_client: every reply as expected" \
		'[ "$_gc" -eq 0 ] && [ "$(grep -c "^ok" "$T/client")" -ge 25 ]'
}

if [ -x "$(dirname "$KVMINI")/gdb_client" ]; then
	gdb_client_tests
else
	echo "skip gdb_client: not built beside kvmini"
fi
if [ "$arch" != x86 ]; then
	echo "skip gdb: the tests with GDB have x86 guests only"
elif ! command -v "$GDB" >/dev/null 2>&1; then
	echo "skip gdb: no $GDB here"
else
	gdb_tests
fi
