# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# The boot's word on 436 (none without host_cpuid_436), then close_range()
echo "host_cpuid lines in the kernel log: $(dmesg | grep -c "host_cpuid:")"
/guest/close_range_test
