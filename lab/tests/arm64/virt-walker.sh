# SPDX-License-Identifier: GPL-2.0
# A Linux guest loads virt_walker and its test program passes for
# 0x00, 0x01, 0x55, 0xAA and 0xFF.
. /lab/lib.sh
run 0 --mem 192M --initrd /lab/guests/initrd.gz --append "quiet run=virt-walker" \
	--timeout 400 /lab/guests/Image
grep -q "^GUEST-RESULT virt-walker 0" /tmp/out || exit 1
[ "$(grep -c '^write 0x.. read 0x..: ok' /tmp/out)" = 5 ] || exit 1
