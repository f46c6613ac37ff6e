# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# <arch>-gdb-linux: GDB (Debian's gdb-minimal, packed into the lab)
# attaches to a Linux guest running under kvmini --gdb-nowait, breaks in
# a kernel function the guest's own /proc/kallsyms locates
# (account_process_tick, which every scheduler tick calls, with or
# without high-resolution timers), reads its first argument (the
# task_struct * of the task ticked, a kernel address) and kills the
# run: kvmini ends with status 13. The guest boots with kpti=0: arm64
# Linux with KASLR unmaps the kernel while user code runs (KPTI), and
# the stub translates through the tables of the code GDB stopped in.
# shellcheck disable=SC2016 # check evaluates its expressions itself
# shellcheck source=lab/tests/common/guest.sh
. /lab/suite/common/guest.sh
case $arch in
x86) arg0='$rdi' ;;
arm64) arg0='$x0' ;;
esac
# shellcheck disable=SC2086 # $guest: a list of options
run_bg "a Linux guest under --gdb-nowait" --gdb tcp:0 --gdb-nowait $guest \
	--append "quiet kpti=0 run=gdb-target" $image
if wait_out '^GDB-READY' 120; then
	sym=$(tr -d '\r' <"$T/bg.raw" | sed -n 's/^GDB-SYM \([0-9a-f]*\)$/\1/p')
	port=$(sed -n 's/.*GDB stub on [0-9.]*:\([0-9][0-9]*\)$/\1/p' "$T/bg.err")
	check "the guest named its account_process_tick" \
		'[ -n "$port" ] && echo "$sym" | grep -q "[1-9a-f]"'
	gdb -nx -batch -ex "target remote 127.0.0.1:$port" \
		-ex "break *0x$sym" -ex continue \
		-ex "printf \"@hit pc=%lx arg=%lx\\n\", \$pc, $arg0" -ex kill \
		</dev/null >"$T/gdb" 2>&1
	sed 's/^/  gdb: /' "$T/gdb" | tail -8
else
	kill "$bg_pid" 2>/dev/null
fi
wait_bg 13
check "GDB stopped at account_process_tick" 'grep -q "^@hit pc=$sym " "$T/gdb"'
# (the upper half: 0xfff0... with 52-bit VAs, 0xffff8... with 48)
check "its first argument is a kernel address" \
	'grep -Eq "^@hit pc=[0-9a-f]+ arg=[89a-f][0-9a-f]{15}$" "$T/gdb"'
summary "$arch-gdb-linux"
