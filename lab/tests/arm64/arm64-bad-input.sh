# SPDX-License-Identifier: GPL-2.0
# Bad input on arm64: one clear line and the documented status each.
. /lab/lib.sh
one_line() { [ "$(wc -l </tmp/err)" -eq 1 ] || { echo "not one error line"; exit 1; }; }
run 3 --mem 4M /lab/guests/Image			# kernel larger than RAM
one_line
# a 64-byte Image header ("ARMd" at 56): loads above RAM+2M, RAM is 1M
head -c 56 /dev/zero >/tmp/tiny.img && printf 'ARMd\0\0\0\0' >>/tmp/tiny.img
run 3 --mem 1M /tmp/tiny.img
one_line
grep -q "does not fit" /tmp/err || exit 1
run 3 --mem 64M --initrd /nonexistent /lab/guests/Image	# missing initrd
one_line
run 2 --initrd /lab/guests/initrd.gz /lab/guests/hello.elf	# not a kernel
one_line
run 2 --mode long /lab/guests/hello.elf			# x86 only
one_line
run 2 --cpus 9 /lab/guests/hello.elf
one_line
