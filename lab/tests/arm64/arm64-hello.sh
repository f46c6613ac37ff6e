# SPDX-License-Identifier: GPL-2.0
# Bare guest: "Hello, world!" on the PL011, 42 at RAM+0x400 and in x0.
. /lab/lib.sh
run 0 /lab/guests/hello.elf
expect "Hello, world!"
grep -q "result register = 42: pass" /tmp/err || exit 1
