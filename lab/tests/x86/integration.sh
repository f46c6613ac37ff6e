# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# The integration suite (tests/integration/run.sh), the same one a host
# runs: every x86 guest, hostile ones included, on the lab's patched KVM.
KVM_HOST="the x86 lab (patched KVM, kvm_amd), Linux $(uname -r)" \
	sh /lab/suite/integration/run.sh /bin/kvmini /lab/guests integration-x86-lab
