# SPDX-License-Identifier: GPL-2.0
# The user-mode CPUID 0x4FFFFFFF program inside a Linux guest of kvmini.
. /lab/lib.sh
run 0 --mem 256M --initrd /lab/guests/initrd.gz \
	--append "quiet run=cpuid-exits" --timeout 500 /lab/guests/Image
grep -q "^GUEST-RESULT cpuid-exits 0" /tmp/out || exit 1
[ "$(grep -c '^CPUID(0x4FFFFFFF), exits=[0-9]*, cycles spent in exit=[0-9]*$' /tmp/out)" = 2 ] || exit 1
