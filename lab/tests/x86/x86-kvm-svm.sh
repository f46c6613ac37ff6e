# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# KVM for AMD initialised on the emulated EPYC (SVM with nested paging).
dmesg | grep -i -E "kvm|svm"
grep -q -w svm /proc/cpuinfo || { echo "no svm flag"; exit 1; }
dmesg | grep -q "$LAB_KVM_READY" || { echo "missing: $LAB_KVM_READY"; exit 1; }
[ -c /dev/kvm ] || { echo "no /dev/kvm"; exit 1; }
