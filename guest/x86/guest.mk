# SPDX-License-Identifier: GPL-2.0
# x86 bare guests: each program in real (16), protected (32) and/or long
# (64) mode builds, freestanding and emulator-friendly (docs/guest-abi.md).
GUEST_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -O2 -ffreestanding \
	-fno-pic -fno-pie -fno-stack-protector -fno-builtin \
	-fno-asynchronous-unwind-tables -mno-sse -mno-sse2 -mno-mmx \
	-mno-80387 -mno-red-zone --param=min-pagesize=0 \
	-Iinclude -Iguest/x86 -Iguest/common
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-T,guest/x86/guest.ld -Wl,-z,noexecstack \
	-Wl,--no-warn-rwx-segments
GUEST_LIB := lib sv_driver virtio_drv
GUESTS := hello16 hello32 hello64 simvirtio64 hostile_txhead64 \
	  hostile_rxtail64 hostile_devtable64 hostile_regs64 hostile_virtio64 \
	  hostile_rng_flood64 hostile_blk_table64 hostile_blk_loop64 \
	  echo64 boot_marks64 \
	  spin64 triple64 \
	  bench_pio64 bench_mmio64 bench_sv64 cpuid_exits64 multiboot32 \
	  fw_cfg_smp32 pc_testdev64 timers32 s332 modeswitch16
GUEST_ELFS := $(GUESTS:%=$(G)/%.elf)
DEMO_GUEST := $(G)/simvirtio64.elf

define guest_mode
$(G)/$(1)/%.o: guest/x86/%.c
	@mkdir -p $$(@D)
	$$(CC) -m$(1) $$(GUEST_CFLAGS) -MMD -MP -c -o $$@ $$<
$(G)/$(1)/%.o: guest/common/%.c
	@mkdir -p $$(@D)
	$$(CC) -m$(1) $$(GUEST_CFLAGS) -MMD -MP -c -o $$@ $$<
$(G)/$(1)/%.o: guest/demo/%.c
	@mkdir -p $$(@D)
	$$(CC) -m$(1) $$(GUEST_CFLAGS) -MMD -MP -c -o $$@ $$<
$(G)/$(1)/%.o: guest/x86/%.S
	@mkdir -p $$(@D)
	$$(CC) -m$(1) -DMODE=$(1) -Iinclude -MMD -MP -c -o $$@ $$<
$(G)/$(1)/libguest.a: $(GUEST_LIB:%=$(G)/$(1)/%.o)
	rm -f $$@ && $$(AR) rcs $$@ $$^
$(G)/%$(1).elf: $(G)/$(1)/start.o $(G)/$(1)/%.o $(G)/$(1)/libguest.a \
		guest/x86/guest.ld
	$$(CC) -m$(1) $$(GUEST_LDFLAGS) -o $$@ $$(filter %.o %.a,$$^)
endef
$(foreach m,16 32 64,$(eval $(call guest_mode,$(m))))
.SECONDARY:
