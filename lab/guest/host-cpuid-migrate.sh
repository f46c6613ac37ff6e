# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# 400 calls at least, and on until two host CPUs have answered: the test
# runs kvmini with --migrate, so it waits for the move instead of
# guessing how long one takes
/guest/host_cpuid_test 400 2
