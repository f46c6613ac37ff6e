# SPDX-License-Identifier: GPL-2.0
#
# kvmini. `make run` and `make test` are the two commands in README.md;
# both install what they need first (scripts/install-deps.sh).

VERSION  := 0.1.0
HOSTARCH := $(shell uname -m)
ifeq ($(HOSTARCH),x86_64)
ARCH := x86
else
$(error kvmini does not support $(HOSTARCH) yet)
endif

VARIANT ?= release
O       := build
B       := $(O)/$(VARIANT)
G       := $(O)/guest/$(ARCH)

CC       ?= gcc
CPPFLAGS := -Iinclude -Isrc -Isrc/arch/$(ARCH) -D_GNU_SOURCE \
	    -DKVMINI_VERSION='"$(VERSION)"'
CFLAGS   := -std=gnu11 -Wall -Wextra -Werror -g -pthread
CFLAGS_release := -O2
CFLAGS_asan    := -O1 -fno-omit-frame-pointer \
		  -fsanitize=address,undefined -fno-sanitize-recover=all
CFLAGS   += $(CFLAGS_$(VARIANT))
LDFLAGS  := -pthread $(filter -fsanitize=%,$(CFLAGS_$(VARIANT)))

CORE_SRCS := $(filter-out src/main.c,$(wildcard src/*.c)) \
	     $(wildcard src/devices/*.c) $(wildcard src/arch/$(ARCH)/*.c)
CORE_OBJS := $(CORE_SRCS:%.c=$(B)/%.o) $(B)/src/demo.o
KVMINI    := $(B)/kvmini

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)

# ---- guests: freestanding, emulator-friendly (see docs/design.md) ----
GUEST_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -O2 -ffreestanding \
	-fno-pic -fno-pie -fno-stack-protector -fno-builtin \
	-fno-asynchronous-unwind-tables -mno-sse -mno-sse2 -mno-mmx \
	-mno-80387 -mno-red-zone --param=min-pagesize=0 \
	-Iinclude -Iguest/$(ARCH)
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-T,guest/$(ARCH)/guest.ld -Wl,-z,noexecstack \
	-Wl,--no-warn-rwx-segments
GUEST_LIB := lib sv_driver
GUESTS := hello16 hello32 hello64 simvirtio64 hostile_txhead64 \
	  hostile_rxtail64 hostile_devtable64 hostile_regs64 spin64 triple64 \
	  bench_pio64 bench_mmio64 bench_sv64
GUEST_ELFS := $(GUESTS:%=$(G)/%.elf)

.PHONY: all run test unit integration asan lint bench deps clean
all: $(KVMINI) $(GUEST_ELFS)

$(KVMINI): $(B)/src/main.o $(CORE_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/src/demo.o: src/demo.S $(G)/simvirtio64.elf
	@mkdir -p $(@D)
	$(CC) -c -DDEMO_IMAGE='"$(G)/simvirtio64.elf"' -o $@ $<

define guest_mode
$(G)/$(1)/%.o: guest/$(ARCH)/%.c
	@mkdir -p $$(@D)
	$$(CC) -m$(1) $$(GUEST_CFLAGS) -MMD -MP -c -o $$@ $$<
$(G)/$(1)/%.o: guest/$(ARCH)/%.S
	@mkdir -p $$(@D)
	$$(CC) -m$(1) -DMODE=$(1) -Iinclude -MMD -MP -c -o $$@ $$<
$(G)/$(1)/libguest.a: $(GUEST_LIB:%=$(G)/$(1)/%.o)
	rm -f $$@ && ar rcs $$@ $$^
$(G)/%$(1).elf: $(G)/$(1)/start.o $(G)/$(1)/%.o $(G)/$(1)/libguest.a \
		guest/$(ARCH)/guest.ld
	$$(CC) -m$(1) $$(GUEST_LDFLAGS) -o $$@ $$(filter %.o %.a,$$^)
endef
$(foreach m,16 32 64,$(eval $(call guest_mode,$(m))))
.SECONDARY:

# ---- tests ----
$(B)/tests/%: tests/unit/%.c $(CORE_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -o $@ $^ $(LDFLAGS) -lcmocka

deps:
	@scripts/install-deps.sh host

run: deps
	@$(MAKE) --no-print-directory all
	./$(KVMINI) $(ARGS)

unit: $(UNIT_BINS)
	@for t in $(UNIT_BINS); do echo "== $$t"; ./$$t || exit 1; done

integration: all
	tests/integration/run.sh $(KVMINI) $(G)

# The README's test command: both builds, unit + integration, then lint.
test:
	@scripts/install-deps.sh host lint
	$(MAKE) --no-print-directory VARIANT=release unit integration
	$(MAKE) --no-print-directory VARIANT=asan unit integration
	$(MAKE) --no-print-directory lint

lint:
	scripts/lint.sh

bench: deps all $(B)/bench/bench
	./$(B)/bench/bench $(G)

$(B)/bench/bench: bench/bench.c $(CORE_OBJS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Iguest/$(ARCH) $(CFLAGS) -MMD -MP -o $@ $^ $(LDFLAGS)

clean:
	rm -rf $(O)

-include $(shell find $(O) -name '*.d' 2>/dev/null)
