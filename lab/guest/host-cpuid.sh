# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
/guest/host_cpuid_test 4000
