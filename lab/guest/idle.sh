# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# x86-timeout-report: the guest says it is up (its console open, COM1's
# interrupt unmasked), then idles until kvmini's --timeout.
echo IDLE-READY
exec sleep 1000
