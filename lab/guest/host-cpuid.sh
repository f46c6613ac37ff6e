# SPDX-License-Identifier: GPL-2.0
/guest/host_cpuid_test 4000
