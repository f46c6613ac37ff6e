# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# KVM initialised in the mode this lab asks for (nVHE on arm64).
dmesg | grep -i kvm
dmesg | grep -q "$LAB_KVM_READY" || { echo "missing: $LAB_KVM_READY"; exit 1; }
[ -c /dev/kvm ] || { echo "no /dev/kvm"; exit 1; }
