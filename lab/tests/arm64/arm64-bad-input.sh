# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# Bad input that needs a Linux kernel image (the suite has the rest): one
# clear line and the documented status each.
KVMINI=kvmini
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
run "kernel larger than RAM" 3 --mem 4M /lab/guests/Image &&
	one_error_line "kernel larger than RAM"
# a 64-byte Image header ("ARMd" at 56): loads above RAM+2M, RAM is 1M
head -c 56 /dev/zero >"$T/tiny.img" && printf 'ARMd\0\0\0\0' >>"$T/tiny.img"
run "Image above RAM" 3 --mem 1M "$T/tiny.img" && one_error_line "Image above RAM"
expect_err "Image above RAM: does not fit" "does not fit"
run "missing initrd" 3 --mem 64M --initrd /nonexistent /lab/guests/Image &&
	one_error_line "missing initrd"
summary arm64-bad-input
