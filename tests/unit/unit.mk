# SPDX-License-Identifier: GPL-2.0
# Unit tests (cmocka), per architecture: tests/unit/test_*.c for every
# ARCH plus tests/unit/$(ARCH)/test_*.c for that one. `unit` prints each
# program's results and fails when any test failed.
#
#   make unit          this ARCH's tests (default: the host's), run natively
#                      (also VARIANT=asan)
#   make unit-ARCH     ARCH's tests, from any host (also VARIANT=asan),
#                      e.g. unit-arm64. On a host of ARCH it is
#                      `make ARCH=ARCH unit`. Else it installs qemu-user
#                      and the cross compiler (scripts/install-deps.sh
#                      unit-ARCH), unpacks ARCH's cmocka and libraries
#                      into the lab's sysroot (fetch_sysroot in
#                      lab/common.sh), cross-builds the tests against it
#                      (dynamically linked) and runs each under qemu-user
#                      (ARCH_QEMU_USER in its src/arch/ARCH/arch.mk).
#
# Any cross build runs its tests under qemu-user, e.g.
#   make ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
#        SYSROOT=~/.cache/kvmini/sysroot-arm64 unit
# test_sandbox loads the seccomp filters, which qemu-user refuses (they
# would filter QEMU's own calls): it runs natively only, and another
# architecture's filters are loaded on its own kernel by the integration
# suite in its emulated KVM host (integration-arm64). test_sandbox_bpf,
# which runs the programs in an interpreter, runs everywhere.
UNIT_NATIVE_ONLY := $(if $(filter-out $(HOST_ARCH),$(ARCH)),\
		    tests/unit/test_sandbox.c)
UNIT_SRCS := $(filter-out $(UNIT_NATIVE_ONLY),\
	     $(wildcard tests/unit/test_*.c tests/unit/$(ARCH)/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)

# Tests of another architecture run under its qemu-user (ARCH_QEMU_USER):
# its libc from the cross toolchain, its other libraries from SYSROOT.
# LeakSanitizer cannot work there (ASan reads its options from
# /proc/self/environ: qemu's).
ifneq ($(ARCH),$(HOST_ARCH))
UNIT_RUN = $(if $(ARCH_QEMU_USER),,$(error no way to run $(ARCH) unit \
	   tests on $(UNAME_M)))ASAN_OPTIONS=detect_leaks=0 \
	   $(ARCH_QEMU_USER) -L /usr/$(ARCH_TRIPLET) \
	   $(if $(SYSROOT),-E LD_LIBRARY_PATH=$(SYSROOT)/usr/lib/$(ARCH_TRIPLET))
endif

UNIT_OBJS := $(UNIT_SRCS:%.c=$(B)/%.o)

# objects by the generic rule, so that each has its own .d; only objects
# are linked (stale .d files once named headers as the binaries' inputs)
$(UNIT_OBJS): CPPFLAGS += -Itests/unit -Itests
$(UNIT_BINS): $(B)/tests/%: $(B)/tests/unit/%.o $(CORE_OBJS)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(LDLIBS) -lcmocka

# the programs also with every jump of their search by JA
$(B)/tests/test_sandbox_bpf: $(B)/gen/sandbox_filters_far.o

# the loader's read errors, the watch's CPU set and clocks are injected
$(B)/tests/test_loader: LDFLAGS += -Wl,--wrap=read
$(B)/tests/test_watch: LDFLAGS += -Wl,--wrap=sched_getaffinity,--wrap=clock_gettime
# the timeline's clock; the RTC's and the PM timer's
$(B)/tests/x86/test_x86_devices: LDFLAGS += -Wl,--wrap=clock_gettime
$(B)/tests/test_timeline: LDFLAGS += -Wl,--wrap=clock_gettime
# which interrupt line a device raises
$(B)/tests/test_devmgr $(B)/tests/test_virtio: LDFLAGS += -Wl,--wrap=arch_set_irq
# KVM's ioeventfd and irqfd calls, for the virtio poller without KVM; a
# stuck vCPU's state for the --timeout report
$(B)/tests/test_virtio $(B)/tests/x86/test_x86_postmortem: LDFLAGS += -Wl,--wrap=ioctl
# the GDB back ends' calls on a vCPU, answered by a pretend KVM
$(B)/tests/x86/test_x86_gdb $(B)/tests/arm64/test_arm64_gdb: \
	LDFLAGS += -Wl,--wrap=ioctl
# virtio-net's receive thread on its tap: its reads and polls
$(B)/tests/test_virtio: LDFLAGS += -Wl,--wrap=read,--wrap=poll
# a tap's TUNGETIFF answer, for --net fd=N of every kind
$(B)/tests/test_config: LDFLAGS += -Wl,--wrap=ioctl
# SIMVIRTIO's queue pages as guest memory of a VM without KVM
$(B)/tests/test_simvirtio $(B)/tests/test_races: $(B)/tests/ioctl_slot.o
$(B)/tests/test_simvirtio $(B)/tests/test_races: LDFLAGS += -Wl,--wrap=ioctl
# a guest that refills TX as the device prints it
$(B)/tests/test_simvirtio: LDFLAGS += -Wl,--wrap=console_write

unit: $(UNIT_BINS)
	@failed=""; \
	for t in $(UNIT_BINS); do \
		echo "== $$t"; \
		$(UNIT_RUN) ./$$t || failed="$$failed $${t#$(B)/tests/}"; \
	done; \
	if [ -n "$$failed" ]; then \
		echo "unit ($(ARCH) $(VARIANT)): FAILED:$$failed"; \
		exit 1; \
	fi; \
	echo "unit ($(ARCH) $(VARIANT)): all $(words $(UNIT_BINS)) test programs passed"

UNIT_CACHE := $(or $(KVMINI_CACHE),$(HOME)/.cache/kvmini)

UNIT_ARCHES := $(ARCHES:%=unit-%)
.PHONY: $(UNIT_ARCHES)
$(UNIT_ARCHES): unit-%:
	@scripts/install-deps.sh unit-$*
	@if [ "$*" = "$(HOST_ARCH)" ]; then \
		$(MAKE) --no-print-directory ARCH=$* unit; \
	else \
		top=$$PWD cache=$(UNIT_CACHE) bash -c \
			'. lab/common.sh && load_arch $* && fetch_sysroot' && \
		$(MAKE) --no-print-directory ARCH=$* \
			CROSS_COMPILE=$(call arch_fact,$*,ARCH_TRIPLET)- \
			SYSROOT=$(UNIT_CACHE)/sysroot-$(call arch_fact,$*,ARCH_DEBARCH) unit; \
	fi

# x86: the tables test_x86_acpi builds, checked by ACPICA's own tools
# (acpica-tools): iasl disassembles each (a bad checksum or table fails
# it), and the DSDT's ASL, compiled again without optimisations, gives
# back kvmini's AML byte for byte (the header names the compiler, so the
# body is compared).
ACPI_DIR := $(B)/tests/acpi
.PHONY: acpi-iasl
acpi-iasl: $(B)/tests/x86/test_x86_acpi
	@rm -rf $(ACPI_DIR) && mkdir -p $(ACPI_DIR)
	@ACPI_DUMP=$(ACPI_DIR) ./$< >$(ACPI_DIR)/test.log 2>&1 || \
		{ cat $(ACPI_DIR)/test.log; exit 1; }
	@cd $(ACPI_DIR) && for t in xsdt facp apic dsdt; do \
		iasl -d $$t.dat >$$t.log 2>&1 && \
		! grep -Ei 'error|warning' $$t.log || { cat $$t.log; exit 1; }; \
	done; \
	iasl -oa -p again dsdt.dsl >again.log 2>&1 || { cat again.log; exit 1; }; \
	tail -c +37 dsdt.dat >dsdt.body && tail -c +37 again.aml >again.body && \
	cmp dsdt.body again.body || { echo "acpi-iasl: the DSDT's AML differs from iasl's"; exit 1; }
	@echo "acpi-iasl: XSDT, FADT, MADT and DSDT parsed by iasl; the DSDT compiles back to the same AML"
