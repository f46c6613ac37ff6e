# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# The integration suite (tests/integration/run.sh), the same one a host
# runs: every arm64 guest, hostile ones included, on the lab's KVM.
KVM_HOST="the arm64 lab (patched KVM, nVHE), Linux $(uname -r)" \
	sh /lab/suite/integration/run.sh /bin/kvmini /lab/guests integration-arm64-lab
