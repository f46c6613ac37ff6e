# SPDX-License-Identifier: GPL-2.0
# What the build and the test scripts need to know of x86. The Makefile
# includes this file; scripts/arch.sh reads its ARCH_* lines for the
# scripts (each is one line of plain words, no make syntax).

# uname -m's name, and kvmini --version's
ARCH_UNAME        := x86_64
# the GNU triplet: a cross compiler's prefix, the libraries' directory
ARCH_TRIPLET      := x86_64-linux-gnu
# Debian's name: its packages, the sysroot ~/.cache/kvmini/sysroot-amd64
ARCH_DEBARCH      := amd64
# Linux's ARCH= (the lab's kernel and module builds)
ARCH_KERNEL       := x86_64
# Debian packages: a cross compiler and libc (on other hosts), QEMU (the
# emulated KVM host, the lab), the libraries kvmini links beyond libc
# (-dev and runtime), the tools ARCH_TESTS use
ARCH_CROSS_PKGS   := gcc-x86-64-linux-gnu libc6-dev-amd64-cross
ARCH_QEMU_PKG     := qemu-system-x86
ARCH_LIB_PKGS     :=
ARCH_TEST_PKGS    := acpica-tools
# qemu-user: runs the unit tests on another host (make unit-x86)
ARCH_QEMU_USER    := qemu-x86_64
# the hosts whose make test also runs these unit tests (qemu-user) and
# the integration suite (in this architecture's emulated KVM host)
ARCH_TEST_FROM    :=
# make lint: sparse's architecture; cppcheck's defines (cppcheck checks
# src/, guest/ and include/ once for each architecture that has some)
ARCH_SPARSE       := --arch=x86_64
ARCH_CPPCHECK     := -D__x86_64__ -DMODE=64
# what make test also runs on the release build (tests/unit/unit.mk)
ARCH_TESTS        := acpi-iasl
# make bench: bench/rawkvm, the smallest KVM program, also times a whole
# process on this guest (a flat binary), and kvmini on it
ARCH_BENCH_RAWKVM := hello16

# and nothing beyond the common build flags
