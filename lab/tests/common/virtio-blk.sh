# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2016 # check evaluates its expressions itself
# <arch>-virtio-blk: the ext4 image lab/initramfs.sh makes with mke2fs -d (no
# root) on virtio-blk, over four boots of one copy:
#   1. mount, read mke2fs's file, write 1 MiB, sync, unmount, power off;
#   2. with ,ro: the kernel sees a read-only disk, boot 1's data reads
#      back (sha256), every write is refused, the file is unchanged;
#   3. write and sync a second file, then kvmini gets SIGKILL: what the
#      guest flushed must be in the file; meanwhile a second kvmini on
#      the same image is refused (the lock);
#   4. mount read-write (journal replay), both files read back.
# And before any guest runs: a missing image is one line and status 3.
# shellcheck source=lab/tests/common/guest.sh
. /lab/suite/common/guest.sh
disk=$T/disk.img
cp /lab/disks/test.ext4 "$disk"
# shellcheck disable=SC2034 # for the checks below
pristine=$(sha_of "$disk")

# shellcheck disable=SC2086 # $guest: a list of options
run "missing image" 3 $guest --disk /nonexistent.img $image &&
	one_error_line "missing image"

# shellcheck disable=SC2086 # $guest: a list of options
run "boot 1: write" 0 $guest --disk "$disk" --append "quiet run=blk-write" $image
grep "^BLK-" "$T/out"
check "boot 1: the guest's script passed" 'grep -q "^GUEST-RESULT blk-write 0" $T/out'
check "boot 1: mke2fs -d's file" \
	'grep -qx "BLK-HELLO written by mke2fs -d on the build host" $T/out'
# shellcheck disable=SC2034 # for the checks below
sha1=$(sed -n 's/^BLK-SHA256 //p' "$T/out")
check "boot 1: the image file changed" '[ "$(sha_of "$disk")" != "$pristine" ]'
# shellcheck disable=SC2034 # for the checks below
after1=$(sha_of "$disk")

# shellcheck disable=SC2086 # $guest: a list of options
run "boot 2: read-only" 0 $guest --disk "$disk,ro" --append "quiet run=blk-ro" $image
grep "^BLK-" "$T/out"
check "boot 2: every write refused" 'grep -q "^GUEST-RESULT blk-ro 0" $T/out'
check "boot 2: the kernel sees a read-only disk" 'grep -qx "BLK-RO sysfs ro=1" $T/out'
check "boot 2: boot 1's data read back" '[ -n "$sha1" ] && grep -qx "BLK-SHA256 $sha1" $T/out'
check "boot 2: the image file is unchanged" '[ "$(sha_of "$disk")" = "$after1" ]'

# shellcheck disable=SC2086 # $guest: a list of options
run_bg "boot 3: sync, then SIGKILL" $guest --disk "$disk" \
	--append "quiet run=blk-sync-kill" $image
sha2=
if wait_out '^BLK-SYNCED ' 120; then
	# shellcheck disable=SC2034 # for the checks below
	sha2=$(tr -d '\r' <"$T/bg.raw" | sed -n 's/^BLK-SYNCED //p')
	# the image's flock is held for the whole run and checked before
	# any guest runs
	# shellcheck disable=SC2086 # $guest: a list of options
	run "a second kvmini on the image" 3 $guest --disk "$disk" $image &&
		one_error_line "a second kvmini on the image"
	kill -KILL "$bg_pid"	# busybox timeout execs kvmini: this is kvmini
fi
wait_bg 137

# shellcheck disable=SC2086 # $guest: a list of options
run "boot 4: read back" 0 $guest --disk "$disk" --append "quiet run=blk-check" $image
grep "^BLK-" "$T/out"
check "boot 4: boot 1's data" '[ -n "$sha1" ] && grep -qx "BLK-CHECK data $sha1" $T/out'
check "boot 4: data flushed before SIGKILL" \
	'[ -n "$sha2" ] && grep -qx "BLK-CHECK data2 $sha2" $T/out'
summary "$arch-virtio-blk"
