# SPDX-License-Identifier: GPL-2.0
# The lab's initramfs has no libc: link statically. libfdt comes from the
# arm64 sysroot that lab/fetch-foreign.sh unpacks when cross-building.
ARCH_DEVICES := pl011 simvirtio exitdev
SYSROOT ?=
ifneq ($(SYSROOT),)
CPPFLAGS += -I$(SYSROOT)/usr/include
LDFLAGS  += -L$(SYSROOT)/usr/lib/aarch64-linux-gnu
endif
LDFLAGS  += -static
LDLIBS   += -lfdt
