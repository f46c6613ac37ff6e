# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# The lab host's timekeeping, for the wedge hunt.
cat /proc/cmdline
grep . /sys/devices/system/clocksource/clocksource0/available_clocksource \
	/sys/devices/system/clocksource/clocksource0/current_clocksource
grep -E "^Tick Device|^Clock Event Device|mode:|event_handler" /proc/timer_list | head -20
grep -E "LOC|TIM|^ *0:" /proc/interrupts
grep -o -w -E "tsc_deadline_timer|constant_tsc|nonstop_tsc|x2apic|vgif|npt" /proc/cpuinfo | sort -u | tr '\n' ' '; echo
dmesg | grep -i -E "clocksource|tsc|apic|hpet|clockevent" | head -30
