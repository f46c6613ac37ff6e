# SPDX-License-Identifier: GPL-2.0
# arm64 bare guests: freestanding, general registers only (FP/SIMD traps
# at boot), strictly aligned (the MMU is off: all memory is Device).
GUEST_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -O2 -ffreestanding \
	-fno-pic -fno-pie -fno-stack-protector -fno-builtin \
	-fno-asynchronous-unwind-tables -mgeneral-regs-only -mstrict-align \
	--param=min-pagesize=0 -Iinclude -Iguest/arm64 -Iguest/common
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-T,guest/arm64/guest.ld -Wl,-z,noexecstack \
	-Wl,--no-warn-rwx-segments
GUEST_LIB := lib sv_driver virtio_drv
GUESTS := hello simvirtio host_cpuid hide_seek hide_seek_guards hide_seek_stress \
	  hostile_txhead hostile_rxtail hostile_devtable hostile_regs \
	  hostile_virtio hostile_rng_flood hostile_blk_table hostile_blk_loop \
	  echo spin boot_marks pmu gic \
	  bench_mmio bench_sv
# flat_kernel.bin: a flat binary for --flat-kernel, linked at 0 (it is
# position-independent)
GUEST_ELFS := $(GUESTS:%=$(G)/%.elf) $(G)/flat_kernel.bin
DEMO_GUEST := $(G)/simvirtio.elf

$(G)/obj/%.o: guest/arm64/%.S
	@mkdir -p $(@D)
	$(CC) -Iinclude -MMD -MP -c -o $@ $<
$(G)/obj/%.o: guest/arm64/%.c
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) -MMD -MP -c -o $@ $<
$(G)/obj/%.o: guest/common/%.c
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) -MMD -MP -c -o $@ $<
$(G)/obj/%.o: guest/demo/%.c
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) -MMD -MP -c -o $@ $<
$(G)/obj/libguest.a: $(GUEST_LIB:%=$(G)/obj/%.o)
	rm -f $@ && $(AR) rcs $@ $^
$(G)/%.elf: $(G)/obj/start.o $(G)/obj/%.o $(G)/obj/libguest.a \
		guest/arm64/guest.ld
	$(CC) $(GUEST_LDFLAGS) -o $@ $(filter %.o %.a,$^)
$(G)/flat_kernel.bin: $(G)/obj/flat_kernel.o
	$(CC) -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-Ttext=0 \
		-Wl,-z,noexecstack -o $(@:.bin=.flat.elf) $<
	$(CROSS_COMPILE)objcopy -O binary $(@:.bin=.flat.elf) $@
.SECONDARY:
