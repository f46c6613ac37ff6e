# SPDX-License-Identifier: GPL-2.0
#
# kvmini. `make run` and `make test` are the two commands in README.md;
# both install what they need first (scripts/install-deps.sh).
# Cross builds: make ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- SYSROOT=...

VERSION  := 0.1.0
.DEFAULT_GOAL := all
# The architectures: src/arch/<arch>/, whose arch.mk has what the build
# and the test scripts need to know of it (included below; the scripts
# read it through scripts/arch.sh). This machine's: by uname -m.
ARCHES    := $(sort $(notdir $(wildcard src/arch/*)))
UNAME_M   := $(shell uname -m)
HOST_ARCH := $(shell scripts/arch.sh machine $(UNAME_M))
ARCH      ?= $(HOST_ARCH)
ifeq ($(wildcard src/arch/$(ARCH)/arch.mk),)
$(error kvmini does not support ARCH '$(ARCH)' (host $(UNAME_M)))
endif
# arch_fact ARCH,NAME: another architecture's fact (this ARCH's are
# variables: its arch.mk is included)
arch_fact = $(shell scripts/arch.sh $(1) $(2))
CROSS_COMPILE ?=
CC       := $(CROSS_COMPILE)gcc
AR       := $(CROSS_COMPILE)ar

VARIANT ?= release
O       := build
B       := $(O)/$(ARCH)/$(VARIANT)
G       := $(O)/guest/$(ARCH)

CPPFLAGS := -Iinclude -Isrc -Isrc/arch/$(ARCH) -D_GNU_SOURCE \
	    -DKVMINI_VERSION='"$(VERSION)"'
CFLAGS   := -std=gnu11 -Wall -Wextra -Werror -g -pthread
CFLAGS_release := -O2
CFLAGS_static  := -O2
CFLAGS_asan    := -O1 -fno-omit-frame-pointer \
		  -fsanitize=address,undefined -fno-sanitize-recover=all
# gcc has no macro saying -fsanitize=undefined (src/compiler.h)
CPPFLAGS_asan  := -DKVMINI_UBSAN=1
# ThreadSanitizer: the unit tests (test_races drives devices from threads)
CFLAGS_tsan    := -O1 -fno-omit-frame-pointer -fsanitize=thread
CFLAGS   += $(CFLAGS_$(VARIANT))
CPPFLAGS += $(CPPFLAGS_$(VARIANT))
LDFLAGS  := -pthread $(filter -fsanitize=%,$(CFLAGS_$(VARIANT))) \
	    $(if $(filter static,$(VARIANT)),-static)
LDLIBS   :=

# per arch: its facts (ARCH_*), extra flags and libraries
include src/arch/$(ARCH)/arch.mk

CORE_SRCS := $(filter-out src/main.c,$(wildcard src/*.c)) \
	     $(wildcard src/devices/*.c src/virtio/*.c src/arch/$(ARCH)/*.c)
CORE_OBJS := $(CORE_SRCS:%.c=$(B)/%.o) $(B)/src/demo.o \
	     $(B)/gen/sandbox_filters.o
KVMINI    := $(B)/kvmini

# per arch: GUEST_ELFS, DEMO_GUEST and the rules that build them
include guest/$(ARCH)/guest.mk

.PHONY: all run test unit integration integration-emulated run-native lint bench deps lab lab-bench lab-kut lab-payload \
	print-srcs clean
# the integration suite's GDB remote-protocol client (gdb.sh)
GDB_CLIENT := $(B)/gdb_client

all: $(KVMINI) $(GDB_CLIENT) $(GUEST_ELFS)

$(KVMINI): $(B)/src/main.o $(CORE_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(GDB_CLIENT): $(B)/tests/integration/gdb_client.o
	$(CC) $(LDFLAGS) -o $@ $^

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/src/demo.o: src/demo.S $(DEMO_GUEST)
	@mkdir -p $(@D)
	$(CC) -c -DDEMO_IMAGE='"$(DEMO_GUEST)"' -o $@ $<

# The seccomp filters (src/sandbox_bpf.h), compiled from the allowlists
# of src/sandbox_lists.h by a tool of the build host, the only user of
# libseccomp (this ARCH's system call numbers), into C that every
# variant of this ARCH builds: kvmini only installs them.
HOSTCC          ?= cc
GEN             := $(O)/$(ARCH)/gen
SECCOMP_GEN     := $(GEN)/seccomp-gen
SANDBOX_FILTERS := $(GEN)/sandbox_filters.c
# the same programs with every jump of the search by JA (the unit tests)
SANDBOX_FAR     := $(GEN)/sandbox_filters_far.c

$(SECCOMP_GEN): tools/seccomp-gen.c
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -Wall -Wextra -Werror -O2 -D_GNU_SOURCE -Isrc \
		-Isrc/arch/$(ARCH) -MMD -MP -o $@ $< -lseccomp

# shared by every variant: a temporary file per make, should two run
$(SANDBOX_FILTERS): $(SECCOMP_GEN)
	$< $(ARCH_UNAME) >$@.tmp.$$$$ && \
		mv $@.tmp.$$$$ $@ || { rm -f $@.tmp.$$$$; exit 1; }

$(SANDBOX_FAR): $(SECCOMP_GEN)
	$< --far-jumps $(ARCH_UNAME) >$@.tmp.$$$$ && \
		mv $@.tmp.$$$$ $@ || { rm -f $@.tmp.$$$$; exit 1; }

$(B)/gen/%.o: $(GEN)/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# unit tests: UNIT_BINS and the unit target
include tests/unit/unit.mk
# fuzz targets: fuzz (long runs) and fuzz-smoke
include tests/fuzz/fuzz.mk

deps:
	@scripts/install-deps.sh host

# natively where /dev/kvm works, else in the emulated KVM host
# (KVMINI_HOST=native|emulated forces one; scripts/on-kvm.sh)
run: deps
	@$(MAKE) --no-print-directory all
	@scripts/on-kvm.sh $(KVMINI) ./$(KVMINI) $(ARGS)

# The integration suite: natively where /dev/kvm works, else in the
# emulated KVM host. Its last line: integration-ARCH-VARIANT: N passed, M failed
integration: all
	@scripts/on-kvm.sh $(KVMINI) tests/integration/run.sh $(KVMINI) $(G) \
		integration-$(ARCH)-$(VARIANT)

# Where the suite ran natively, the demo, the hostile guests, the KVM
# diagnoses and the GDB stub (whose breakpoints there work by single
# steps) also run in the emulated host: that path stays tested everywhere.
integration-emulated: all
	@if ./$(KVMINI) --check-kvm 2>/dev/null; then \
		KVMINI_HOST=emulated SUITE_GROUPS="demo hostile virtio-hostile kvm gdb" scripts/on-kvm.sh \
		$(KVMINI) tests/integration/run.sh $(KVMINI) $(G) \
		integration-$(ARCH)-$(VARIANT)-emulated; \
	else echo "integration-$(ARCH)-$(VARIANT)-emulated: the whole suite ran in the emulated host"; fi

# And where there is no usable /dev/kvm, `make run` also runs inside the
# emulated host, a machine where there is one (KVMINI_HOST cleared: its
# choice is to be automatic there): the native path (no on-kvm line; the
# demo's output and status) stays tested everywhere too.
run-native: all
	@if ./$(KVMINI) --check-kvm 2>/dev/null; then \
		echo "run-native: this machine's /dev/kvm works: make run is native here"; \
		exit 0; \
	fi; \
	out=$(B)/run-native; \
	env -u KVMINI_HOST lab/kvm-host.sh -- $(MAKE) --no-print-directory run \
		>$$out.out 2>$$out.err; \
	rc=$$?; \
	if [ $$rc -eq 0 ] && grep -qx 'Ana are mere' $$out.out && \
	   grep -q 'check: .* pass$$' $$out.err && ! grep -q '^on-kvm:' $$out.err; then \
		echo "run-native: make run on the emulated host's /dev/kvm ran natively: demo passed"; \
	else \
		cat $$out.out $$out.err; \
		echo "run-native: FAILED (status $$rc): expected the demo, natively"; \
		exit 1; \
	fi

# Any architecture from any host, e.g. arm64 from an x86 one: a static
# kvmini and the guests run the same suite in that architecture's
# emulated KVM host (busybox sh when it is not this machine's).
INTEGRATION_ARCHES := $(ARCHES:%=integration-%)
.PHONY: $(INTEGRATION_ARCHES)
$(INTEGRATION_ARCHES): integration-%:
	@lab/cross-build.sh $* static all
	@lab/kvm-host.sh --arch $* -- tests/integration/run.sh \
		$(O)/$*/static/kvmini $(O)/guest/$* integration-$*-static

# The README's test command: unit and integration tests of the release
# (and its ARCH_TESTS), ASan/UBSan and ThreadSanitizer builds (a
# sanitizer report makes kvmini exit 66 or abort: the test fails), the
# unit and integration tests of each other architecture whose
# ARCH_TEST_FROM names this host's (arm64's from an x86 host), lint.
OTHER_ARCHES = $(strip $(foreach a,$(filter-out $(HOST_ARCH),$(ARCHES)),\
	       $(if $(filter $(HOST_ARCH),$(call arch_fact,$(a),ARCH_TEST_FROM)),$(a))))
test:
	@scripts/install-deps.sh host lint
	$(MAKE) --no-print-directory VARIANT=release unit $(ARCH_TESTS) \
		integration integration-emulated run-native
	$(MAKE) --no-print-directory VARIANT=asan unit integration
	$(MAKE) --no-print-directory VARIANT=tsan unit integration
	$(MAKE) --no-print-directory fuzz-smoke
	$(if $(OTHER_ARCHES),$(MAKE) --no-print-directory $(foreach a,$(OTHER_ARCHES),unit-$(a) integration-$(a)))
	$(MAKE) --no-print-directory lint

lint: $(KVMINI)
	KVMINI=$(KVMINI) scripts/lint.sh

# natively where /dev/kvm works, else in the emulated KVM host. Where
# the architecture names a guest for it (ARCH_BENCH_RAWKVM: x86's
# hello16, the smallest) it also measures whole processes (start to
# exit, peak RSS, first KVM_RUN, churn; --stats and --trace on
# bench_pio): kvmini against bench/rawkvm, the smallest KVM program,
# both on that guest as a flat binary, built alike.
BENCH_START := $(if $(ARCH_BENCH_RAWKVM),$(B)/bench/rawkvm \
	       $(B)/bench/$(ARCH_BENCH_RAWKVM).bin)
bench: deps all $(B)/bench/bench $(BENCH_START)
	@scripts/on-kvm.sh $(KVMINI) ./$(B)/bench/bench $(G) ./$(KVMINI) $(BENCH_START)

$(B)/bench/bench: bench/bench.c $(CORE_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Iguest/common $(CFLAGS) -MMD -MP -o $@ \
		$(filter %.c %.o,$^) $(LDFLAGS) $(LDLIBS)

# A start's seccomp set-up, without KVM (docs/performance.md)
.PHONY: bench-sandbox
bench-sandbox: $(B)/bench/sandbox
	@$<

$(B)/bench/sandbox: bench/sandbox.c $(CORE_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -o $@ $(filter %.c %.o,$^) \
		$(LDFLAGS) $(LDLIBS)

$(B)/bench/rawkvm: bench/rawkvm.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< $(LDFLAGS)

$(B)/bench/%.bin: $(G)/%.elf
	@mkdir -p $(@D)
	$(CROSS_COMPILE)objcopy -O binary $< $@

# The lab (docs/lab.md): builds a KVM host kernel and boots it under QEMU.
LAB_ARCHES ?= $(patsubst lab/%.conf,%,$(sort $(wildcard lab/*.conf)))
lab:
	lab/lab.sh $(LAB_ARCHES)

# The lab's benchmarks (lab/bench/*.sh), e.g. host_cpuid in KVM vs kvmini.
lab-bench:
	LAB_SUITE=bench lab/lab.sh $(LAB_ARCHES)

# kvm-unit-tests in the lab, kvmini beside QEMU (docs/kvm-unit-tests.md):
# LAB_KUT=DIR, DIR/<arch> the suite built for each architecture.
lab-kut:
	LAB_SUITE=kut lab/lab.sh $(LAB_ARCHES)

# What the lab puts in its initramfs (called by lab/lab.sh, cross-built).
lab-payload: $(KVMINI) $(GDB_CLIENT) $(GUEST_ELFS)

# For scripts/lint.sh: the C sources of this ARCH's kvmini.
print-srcs:
	@echo src/main.c $(CORE_SRCS)

clean:
	rm -rf $(O)

-include $(shell find $(O) -name '*.d' 2>/dev/null)
