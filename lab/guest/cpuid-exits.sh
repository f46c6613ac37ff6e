# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
/guest/cpuid_exits 1000
