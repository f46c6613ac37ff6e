# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# <arch>-integration: the integration suite (tests/integration/run.sh),
# the same one a host runs: every guest of this architecture, hostile
# ones included, on the lab's patched KVM.
case $(uname -m) in
x86_64) arch=x86 kvm="patched KVM, kvm_amd" ;;
aarch64) arch=arm64 kvm="patched KVM, nVHE" ;;
*) echo "no lab for $(uname -m)"; exit 1 ;;
esac
# (the suite is here without the tree, whose arch.mk would name $arch)
KVMINI_ARCH=$arch KVM_HOST="the $arch lab ($kvm), Linux $(uname -r)" \
	sh /lab/suite/integration/run.sh /bin/kvmini /lab/guests "integration-$arch-lab"
