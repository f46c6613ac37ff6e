# SPDX-License-Identifier: GPL-2.0
# libfdt comes from the arm64 sysroot that lab/fetch-foreign.sh unpacks
# when cross-building (linked statically with VARIANT=static, as the lab's
# initramfs, which has no libc, needs; dynamically otherwise, e.g. for the
# unit tests run by qemu-aarch64).
SYSROOT ?=
ifneq ($(SYSROOT),)
CPPFLAGS += -I$(SYSROOT)/usr/include
LDFLAGS  += -L$(SYSROOT)/usr/lib/aarch64-linux-gnu
endif
LDLIBS   += -lfdt
