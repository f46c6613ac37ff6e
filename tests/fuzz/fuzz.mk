# SPDX-License-Identifier: GPL-2.0
# libFuzzer targets (tests/fuzz/fuzz_<target>.c): each links kvmini's own
# objects, built again with clang for coverage and ASan + UBSan (in
# $(FZ), apart from the gcc builds), around a harness that decodes an
# input into what a guest or a user can do.
#
#   make fuzz         builds every target and runs each for FUZZ_SECONDS,
#                     growing a working corpus in $(FZ)/corpus/<target>
#                     from the seeds in tests/fuzz/corpus/<target>; a crash
#                     lands in $(FZ)/crashes/<target>/
#   make fuzz-smoke   replays tests/fuzz/regressions/<target>/ (inputs that
#                     once crashed, kept after their fix), then runs each
#                     target for FUZZ_SMOKE_SECONDS from its seeds; fails
#                     on any crash, leak, timeout or sanitizer report
#
# One fuzzer process at a time (no -jobs/-workers); FUZZ_TARGETS picks
# some, FUZZ_FLAGS adds libFuzzer options.
FUZZ_TARGETS ?= simvirtio virtio legacy loader config exits gdbpkt gdbstub
FUZZ_SECONDS ?= 300
FUZZ_SMOKE_SECONDS ?= 20
FUZZ_FLAGS ?=

FZ        := $(O)/$(ARCH)/fuzz
FUZZ_CC   := clang
FUZZ_SAN  := -fsanitize=address,undefined -fno-sanitize-recover=all
# clang warns of two things gcc's -Wall -Wextra accept and kvmini uses:
# `{ NULL }` ending a table, and a GNU flexible struct inside another
FUZZ_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -g -pthread -O1 \
	       -fno-omit-frame-pointer -Wno-missing-field-initializers \
	       -Wno-gnu-variable-sized-type-not-at-end \
	       $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_OBJS := $(CORE_SRCS:%.c=$(FZ)/%.o) $(FZ)/src/demo.o \
	     $(FZ)/gen/sandbox_filters.o
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FZ)/fuzz_%)

$(FZ)/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FZ)/src/demo.o: src/demo.S $(DEMO_GUEST)
	@mkdir -p $(@D)
	$(FUZZ_CC) -c -DDEMO_IMAGE='"$(DEMO_GUEST)"' -o $@ $<

$(FZ)/gen/sandbox_filters.o: $(SANDBOX_FILTERS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FZ)/tests/fuzz/%.o: CPPFLAGS += -Itests/fuzz -Itests

# the loader harness also checks images as arm64 kvmini does
$(FZ)/fuzz_loader: $(FZ)/tests/fuzz/loader_arm64.o $(FZ)/src/arch/arm64/image.o
$(FZ)/fuzz_loader: FUZZ_LDFLAGS += -Wl,--wrap=arch_elf_ok,--wrap=arch_is_kernel

# the virtio harness includes virtio_net.c, virtio/mmio.c and
# virtio/notifier.c (their receive path and notifier steps are static)
$(FZ)/fuzz_virtio: FUZZ_LINK_OUT := $(FZ)/src/devices/virtio_net.o \
	$(FZ)/src/virtio/mmio.o $(FZ)/src/virtio/notifier.o
# the interrupt lines devices raise go to the harness
$(FZ)/fuzz_virtio $(FZ)/fuzz_legacy $(FZ)/fuzz_exits: \
	FUZZ_LDFLAGS += -Wl,--wrap=arch_set_irq
# and it decides when the VM stops (a self-feeding ring is served until then)
$(FZ)/fuzz_virtio: FUZZ_LDFLAGS += -Wl,--wrap=vm_stopping
# so does KVM's state of a stuck guest, read for the --timeout report
$(FZ)/fuzz_exits: FUZZ_LDFLAGS += -Wl,--wrap=ioctl
# SIMVIRTIO's queue pages as guest memory of a VM without KVM
$(FZ)/fuzz_simvirtio: $(FZ)/tests/ioctl_slot.o
$(FZ)/fuzz_simvirtio: FUZZ_LDFLAGS += -Wl,--wrap=ioctl

$(FZ)/fuzz_%: $(FZ)/tests/fuzz/fuzz_%.o $(FUZZ_OBJS)
	$(FUZZ_CC) -pthread $(FUZZ_SAN) -fsanitize=fuzzer $(FUZZ_LDFLAGS) \
		-o $@ $(filter-out $(FUZZ_LINK_OUT),$(filter %.o,$^)) $(LDLIBS)

.PHONY: fuzz fuzz-build fuzz-smoke
fuzz-build:
	@scripts/install-deps.sh host fuzz
	@$(MAKE) --no-print-directory -q $(FUZZ_BINS) || \
		$(MAKE) --no-print-directory $(FUZZ_BINS)

# -close_fd_mask=3: the devices' and kvmini's own messages go nowhere;
# libFuzzer and the sanitizers still report on their own copy of stderr.
# -timeout: an input that runs 10 s is a hang, reported as a crash.
FUZZ_RUN := -close_fd_mask=3 -timeout=10 -print_final_stats=1 $(FUZZ_FLAGS)
# one line from the log of a run: executions, exec/s, corpus growth
FUZZ_STATS = sed -n 's/^stat::number_of_executed_units: *//p; \
	s/^stat::average_exec_per_sec: *//p; s/^stat::new_units_added: *//p' \
	$(1) | tr '\n' ' ' | \
	awk '{ printf "%s runs, %s exec/s, %s new units", $$1, $$2, $$3 }'

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FZ)/corpus/$$t $(FZ)/crashes/$$t; \
		echo "== fuzz_$$t: $(FUZZ_SECONDS) s (log: $(FZ)/fuzz_$$t.log)"; \
		if ! ./$(FZ)/fuzz_$$t $(FUZZ_RUN) -max_total_time=$(FUZZ_SECONDS) \
			-artifact_prefix=$(FZ)/crashes/$$t/ \
			$(FZ)/corpus/$$t tests/fuzz/corpus/$$t \
			>$(FZ)/fuzz_$$t.log 2>&1; then \
			tail -n 60 $(FZ)/fuzz_$$t.log; \
			echo "fuzz_$$t: crash input in $(FZ)/crashes/$$t/: once fixed, keep it in tests/fuzz/regressions/$$t/"; \
			exit 1; \
		fi; \
		echo "fuzz_$$t: $$($(call FUZZ_STATS,$(FZ)/fuzz_$$t.log))"; \
	done

fuzz-smoke: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
		log=$(FZ)/smoke/$$t.log; \
		rm -rf $(FZ)/smoke/$$t && mkdir -p $(FZ)/smoke/$$t $(FZ)/crashes/$$t; \
		reg=$$(find tests/fuzz/regressions/$$t -type f 2>/dev/null | sort); \
		if [ -n "$$reg" ] && ! ./$(FZ)/fuzz_$$t $(FUZZ_RUN) $$reg >$$log 2>&1; then \
			tail -n 60 $$log; \
			echo "fuzz-smoke: fuzz_$$t: a regression input fails again"; \
			exit 1; \
		fi; \
		if ! ./$(FZ)/fuzz_$$t $(FUZZ_RUN) -max_total_time=$(FUZZ_SMOKE_SECONDS) \
			-artifact_prefix=$(FZ)/crashes/$$t/ \
			$(FZ)/smoke/$$t tests/fuzz/corpus/$$t >$$log 2>&1; then \
			tail -n 60 $$log; \
			echo "fuzz-smoke: fuzz_$$t: crash input in $(FZ)/crashes/$$t/"; \
			exit 1; \
		fi; \
		echo "fuzz_$$t: $$(echo $$reg | wc -w) regressions, $$($(call FUZZ_STATS,$$log))"; \
	done; \
	echo "fuzz-smoke: $(words $(FUZZ_TARGETS)) targets ran $(FUZZ_SMOKE_SECONDS) s each, and their regressions, clean"
