# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# shellcheck disable=SC2034 # its variables are for the test bodies
# Sourced by the test bodies of lab/tests/common: the helpers,
# this lab's architecture and the options every Linux guest gets. A
# Linux guest boots in 1 to 6 s in either lab; the limits are 20 times
# that, and the whole lab must end within LAB_BOOT_TIMEOUT (600 s).
KVMINI=kvmini RUN_TIMEOUT=150
# shellcheck source=tests/lib.sh
. /lab/suite/lib.sh
case $(uname -m) in
x86_64) arch=x86 mem=256M ;;
aarch64) arch=arm64 mem=192M ;;
*) echo "no lab for $(uname -m)"; exit 1 ;;
esac
guest="--mem $mem --initrd /lab/guests/initrd.gz --timeout 120"
image=/lab/guests/Image
sha_of() { sha256sum <"$1" | cut -d' ' -f1; }
