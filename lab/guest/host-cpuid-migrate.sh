# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# The boot's word on 436 (host_cpuid_436), then 1000 calls at least, and
# on until two host CPUs have answered: the test runs kvmini with
# --migrate, so it waits for the move instead of guessing how long one
# takes
dmesg | grep "host_cpuid:"
/guest/host_cpuid_test 1000 2
