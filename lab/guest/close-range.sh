# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
/guest/close_range_test
