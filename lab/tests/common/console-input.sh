# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# <arch>-console-input: commands written into the guest's console through
# a pipe run in the guest and print their output; the pipe's end (EOF)
# changes nothing.
#  1. streamed: the commands go in once the guest says it reads;
#  2. all at once, before the guest boots, then EOF: kvmini holds input
#     back (and hides it) until the guest's driver has turned the
#     receiver interrupt on (8250 IER, PL011 IMSC): Linux reads stale
#     characters away when it opens the port.
# shellcheck source=lab/tests/common/guest.sh
. /lab/suite/common/guest.sh
cmds() {
	# shellcheck disable=SC2016 # commands the guest's shell expands
	printf '%s\n' 'echo CI-$((6 * 7))' 'uname -s' \
		'echo "CI-CPUS $(grep -c ^processor /proc/cpuinfo)"' 'echo CI-$(cat /proc/sys/kernel/ostype)' END
}
# shellcheck disable=SC2016 # check evaluates its expressions itself
outputs() {
	# what the guest printed from CONSOLE-READY on (its echo included)
	sed -n '/CONSOLE-READY/,/GUEST-RESULT/p' "$T/out" | head -20
	check "$1: arithmetic" 'grep -qx "CI-42" $T/out'
	check "$1: uname" 'grep -qx "Linux" $T/out'
	check "$1: command substitution" 'grep -qx "CI-CPUS 1" $T/out'
	check "$1: four lines ran" 'grep -qx "CONSOLE-LINES 4" $T/out'
	check "$1: the guest's script ended" 'grep -q "^GUEST-RESULT console-input 0" $T/out'
}

mkfifo "$T/in"
RUN_STDIN=$T/in
# shellcheck disable=SC2086 # $guest: a list of options
run_bg "streamed through a pipe" $guest --append "quiet run=console-input" $image
exec 3>"$T/in"
wait_out '^CONSOLE-READY' 120 && cmds >&3
exec 3>&-
wait_bg 0
outputs streamed

rm -f "$T/in" && mkfifo "$T/in"
# shellcheck disable=SC2086 # $guest: a list of options
run_bg "all at once, then EOF" $guest --append "quiet run=console-input" $image
cmds >"$T/in"
wait_bg 0
outputs "all at once"
RUN_STDIN=
summary "$arch-console-input"
