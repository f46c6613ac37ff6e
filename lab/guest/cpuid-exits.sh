# SPDX-License-Identifier: GPL-2.0
/guest/cpuid_exits 1000
