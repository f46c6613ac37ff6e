# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
insmod /guest/virt_walker.ko || exit 1
/guest/virt_walker_test 0x00 0x01 0x55 0xAA 0xFF || exit 1
rmmod virt_walker
