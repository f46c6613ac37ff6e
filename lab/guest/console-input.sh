# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Console input: run each line read from the console (kvmini's stdin) as
# a command until a line END or end of input; say how many ran.
stty -echo 2>/dev/null
echo CONSOLE-READY
n=0
while IFS= read -r line; do
	[ "$line" = END ] && break
	n=$((n + 1))
	eval "$line"
done
echo "CONSOLE-LINES $n"
