# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# A Linux guest loads virt_walker and its test program passes for
# 0x00, 0x01, 0x55, 0xAA and 0xFF.
KVMINI=kvmini RUN_TIMEOUT=400
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
run "Linux guest" 0 --mem 192M --initrd /lab/guests/initrd.gz --append "quiet run=virt-walker" \
	--timeout 400 /lab/guests/Image
check "the guest's test passed" 'grep -q "^GUEST-RESULT virt-walker 0" $T/out'
check "5 values" '[ "$(grep -c "^write 0x.. read 0x..: ok" $T/out)" = 5 ]'
summary virt-walker
