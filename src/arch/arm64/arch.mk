# SPDX-License-Identifier: GPL-2.0
# What the build and the test scripts need to know of arm64. The Makefile
# includes this file; scripts/arch.sh reads its ARCH_* lines for the
# scripts (each is one line of plain words, no make syntax).

# uname -m's name, and kvmini --version's
ARCH_UNAME        := aarch64
# the GNU triplet: a cross compiler's prefix, the libraries' directory
ARCH_TRIPLET      := aarch64-linux-gnu
# Debian's name: its packages, the sysroot ~/.cache/kvmini/sysroot-arm64
ARCH_DEBARCH      := arm64
# Linux's ARCH= (the lab's kernel and module builds)
ARCH_KERNEL       := arm64
# Debian packages: a cross compiler and libc (on other hosts), QEMU (the
# emulated KVM host, the lab), the libraries kvmini links beyond libc
# (-dev and runtime), the tools ARCH_TESTS use
ARCH_CROSS_PKGS   := gcc-aarch64-linux-gnu libc6-dev-arm64-cross
ARCH_QEMU_PKG     := qemu-system-arm
ARCH_LIB_PKGS     := libfdt-dev libfdt1
ARCH_TEST_PKGS    :=
# qemu-user: runs the unit tests on another host (make unit-arm64)
ARCH_QEMU_USER    := qemu-aarch64
# the hosts whose make test also runs these unit tests (qemu-user) and
# the integration suite (in this architecture's emulated KVM host)
ARCH_TEST_FROM    := x86
# make lint: sparse's architecture; cppcheck's defines (cppcheck checks
# src/, guest/ and include/ once for each architecture that has some)
ARCH_SPARSE       := --arch=arm64
ARCH_CPPCHECK     :=
# what make test also runs on the release build
ARCH_TESTS        :=
# make bench: none times a whole process (bench/rawkvm is x86 code)
ARCH_BENCH_RAWKVM :=

# libfdt builds the device trees. From another host it comes from the
# arm64 sysroot (SYSROOT) that lab/fetch-foreign.sh unpacks, linked
# statically with VARIANT=static, as the lab's initramfs, which has no
# libc, needs; dynamically otherwise, e.g. for the unit tests run by
# qemu-aarch64.
SYSROOT ?=
ifneq ($(SYSROOT),)
CPPFLAGS += -I$(SYSROOT)/usr/include
LDFLAGS  += -L$(SYSROOT)/usr/lib/$(ARCH_TRIPLET)
endif
LDLIBS   += -lfdt
