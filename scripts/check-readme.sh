#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# README.md's option and exit-status tables against the lists kvmini's
# --help is made from (the option rows, status_text): an option or a
# status in one and not the other is a finding. Usage: check-readme.sh
# KVMINI (a built kvmini of this tree).
set -eu
cd "$(dirname "$0")/.."
kvmini=$1
help=$("$kvmini" --help)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "-m, --mem SIZE": a synopsis ends where two spaces (or the line) do
printf '%s\n' "$help" | grep -E '^ +-' | sed -E 's/^ +//; s/  .*//' |
	sort >"$tmp/help-options"
# the first cell of each row whose first cell is `-...` (a | in a table
# cell is written \|)
# shellcheck disable=SC2016 # the backticks are Markdown's, not the shell's
grep -E '^\| `-' README.md | sed -E 's/^\| `([^`]*)`.*/\1/; s/\\\|/|/g' |
	sort >"$tmp/readme-options"
# "Exit status: 0 ok, 1 check failed, ...": the numbers after each comma
printf '%s\n' "$help" | sed -n '/^Exit status:/,$p' |
	tr '\n' ' ' | sed -E 's/^Exit status://' | tr ',' '\n' |
	sed -nE 's/^ *([0-9]+) .*/\1/p' | sort -n >"$tmp/help-statuses"
grep -E '^\| [0-9]+ \|' README.md | sed -E 's/^\| ([0-9]+) .*/\1/' |
	sort -n >"$tmp/readme-statuses"

status=0
for what in options statuses; do
	if ! diff -u --label "kvmini --help" --label README.md \
		"$tmp/help-$what" "$tmp/readme-$what"; then
		echo "check-readme: README.md's $what differ from kvmini --help's (above)"
		status=1
	fi
done
exit $status
