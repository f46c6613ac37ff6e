// SPDX-License-Identifier: GPL-2.0
/*
 * Booting a Linux Image: the initrd below the device tree at the top of
 * RAM, and a device tree (libfdt) describing memory, PSCI CPUs, the
 * vGICv3, the architected timer and the PL011 console.
 */
#include <inttypes.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "arm64.h"
#include "config.h"
#include "loader.h"
#include "status.h"
#include "vm.h"

#define FDT_MAX		0x10000
#define DTB_ROOM	0x200000	/* top 2 MiB of RAM hold the DTB */
#define PH_GIC		1
#define PH_CLK		2
#define GIC_SPI		0
#define GIC_PPI		1
#define IRQ_LEVEL_HIGH	4
#define UART_CLOCK_HZ	24000000

static uint64_t ram_size(const struct vm *vm)
{
	return vm->slots[0].size;	/* slot 0 is RAM */
}

/* fdt_* sequential-write calls return <0 on error; remember the first. */
struct fdt_w {
	void *buf;
	int err;
};

static void chk(struct fdt_w *w, int ret)
{
	if (ret < 0 && !w->err)
		w->err = ret;
}

static void prop_reg(struct fdt_w *w, uint64_t a, uint64_t s)
{
	fdt64_t reg[2] = { cpu_to_fdt64(a), cpu_to_fdt64(s) };

	chk(w, fdt_property(w->buf, "reg", reg, sizeof(reg)));
}

static void prop_cells(struct fdt_w *w, const char *name, const uint32_t *v,
		       int n)
{
	fdt32_t c[12];
	int i;

	for (i = 0; i < n && i < 12; i++)
		c[i] = cpu_to_fdt32(v[i]);
	chk(w, fdt_property(w->buf, name, c, i * sizeof(c[0])));
}

static void cpus_node(struct fdt_w *w, unsigned int n)
{
	char name[16];
	unsigned int i;

	chk(w, fdt_begin_node(w->buf, "cpus"));
	chk(w, fdt_property_u32(w->buf, "#address-cells", 1));
	chk(w, fdt_property_u32(w->buf, "#size-cells", 0));
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "cpu@%u", i);
		chk(w, fdt_begin_node(w->buf, name));
		chk(w, fdt_property_string(w->buf, "device_type", "cpu"));
		chk(w, fdt_property_string(w->buf, "compatible", "arm,arm-v8"));
		chk(w, fdt_property_string(w->buf, "enable-method", "psci"));
		chk(w, fdt_property_u32(w->buf, "reg", i));	/* MPIDR Aff0 */
		chk(w, fdt_end_node(w->buf));
	}
	chk(w, fdt_end_node(w->buf));
}

static void devices(struct fdt_w *w, unsigned int ncpus)
{
	static const uint32_t timer[] = {
		GIC_PPI, 13, IRQ_LEVEL_HIGH, GIC_PPI, 14, IRQ_LEVEL_HIGH,
		GIC_PPI, 11, IRQ_LEVEL_HIGH, GIC_PPI, 10, IRQ_LEVEL_HIGH,
	};
	static const uint32_t uart_irq[] = {
		GIC_SPI, KVMINI_UART_SPI, IRQ_LEVEL_HIGH,
	};
	static const uint32_t clocks[] = { PH_CLK, PH_CLK };
	fdt64_t gic_reg[4] = {
		cpu_to_fdt64(KVMINI_GICD_BASE), cpu_to_fdt64(0x10000),
		cpu_to_fdt64(KVMINI_GICR_BASE), cpu_to_fdt64(0x20000ULL * ncpus),
	};

	chk(w, fdt_begin_node(w->buf, "psci"));
	chk(w, fdt_property_string(w->buf, "compatible", "arm,psci-0.2"));
	chk(w, fdt_property_string(w->buf, "method", "hvc"));
	chk(w, fdt_end_node(w->buf));

	chk(w, fdt_begin_node(w->buf, "intc@8000000"));
	chk(w, fdt_property_string(w->buf, "compatible", "arm,gic-v3"));
	chk(w, fdt_property_u32(w->buf, "#interrupt-cells", 3));
	chk(w, fdt_property(w->buf, "interrupt-controller", NULL, 0));
	chk(w, fdt_property(w->buf, "reg", gic_reg, sizeof(gic_reg)));
	chk(w, fdt_property_u32(w->buf, "phandle", PH_GIC));
	chk(w, fdt_end_node(w->buf));

	chk(w, fdt_begin_node(w->buf, "timer"));
	chk(w, fdt_property_string(w->buf, "compatible", "arm,armv8-timer"));
	prop_cells(w, "interrupts", timer, 12);
	chk(w, fdt_property(w->buf, "always-on", NULL, 0));
	chk(w, fdt_end_node(w->buf));

	chk(w, fdt_begin_node(w->buf, "apb-pclk"));
	chk(w, fdt_property_string(w->buf, "compatible", "fixed-clock"));
	chk(w, fdt_property_u32(w->buf, "#clock-cells", 0));
	chk(w, fdt_property_u32(w->buf, "clock-frequency", UART_CLOCK_HZ));
	chk(w, fdt_property_u32(w->buf, "phandle", PH_CLK));
	chk(w, fdt_end_node(w->buf));

	chk(w, fdt_begin_node(w->buf, "pl011@9000000"));
	chk(w, fdt_property(w->buf, "compatible", "arm,pl011\0arm,primecell",
			    sizeof("arm,pl011\0arm,primecell")));
	prop_reg(w, KVMINI_UART_BASE, 0x1000);
	prop_cells(w, "interrupts", uart_irq, 3);
	prop_cells(w, "clocks", clocks, 2);
	chk(w, fdt_property(w->buf, "clock-names", "uartclk\0apb_pclk",
			    sizeof("uartclk\0apb_pclk")));
	chk(w, fdt_end_node(w->buf));
}

static int build_fdt(void *buf, const struct config *cfg, uint64_t mem,
		     uint64_t initrd, uint64_t initrd_size)
{
	struct fdt_w w = { .buf = buf };
	char *args;

	if (asprintf(&args, "console=ttyAMA0 panic=-1%s%s",
		     cfg->append ? " " : "", cfg->append ? cfg->append : "") < 0)
		return err_sys("asprintf");
	chk(&w, fdt_create(buf, FDT_MAX));
	chk(&w, fdt_finish_reservemap(buf));
	chk(&w, fdt_begin_node(buf, ""));
	chk(&w, fdt_property_string(buf, "compatible", "linux,dummy-virt"));
	chk(&w, fdt_property_u32(buf, "#address-cells", 2));
	chk(&w, fdt_property_u32(buf, "#size-cells", 2));
	chk(&w, fdt_property_u32(buf, "interrupt-parent", PH_GIC));

	chk(&w, fdt_begin_node(buf, "chosen"));
	chk(&w, fdt_property_string(buf, "bootargs", args));
	chk(&w, fdt_property_string(buf, "stdout-path", "/pl011@9000000"));
	if (initrd_size) {
		chk(&w, fdt_property_u64(buf, "linux,initrd-start", initrd));
		chk(&w, fdt_property_u64(buf, "linux,initrd-end",
					 initrd + initrd_size));
	}
	chk(&w, fdt_end_node(buf));

	chk(&w, fdt_begin_node(buf, "memory@40000000"));
	chk(&w, fdt_property_string(buf, "device_type", "memory"));
	prop_reg(&w, KVMINI_RAM_BASE, mem);
	chk(&w, fdt_end_node(buf));

	cpus_node(&w, cfg->cpus);
	devices(&w, cfg->cpus);
	chk(&w, fdt_end_node(buf));
	chk(&w, fdt_finish(buf));
	free(args);
	if (w.err) {
		err_msg("device tree: %s", fdt_strerror(w.err));
		return -1;
	}
	return 0;
}

int arm64_boot_linux(struct vm *vm, const struct config *cfg,
		     const struct image *img)
{
	uint64_t mem = ram_size(vm), dtb = KVMINI_RAM_BASE + mem - DTB_ROOM;
	uint64_t kernel_end = img->segs[0].gpa + img->segs[0].memsz;
	uint64_t initrd = dtb, initrd_size = 0;
	struct image rd = { 0 };
	void *fdt, *dst;
	int ret = ST_IMAGE;

	if (cfg->initrd) {
		if (image_read(cfg->initrd, mem, &rd) != ST_OK)
			return ST_IMAGE;
		initrd_size = rd.size;
		initrd = (dtb - initrd_size) & ~0xfffULL;
		if (dtb < initrd_size || initrd < kernel_end) {
			err_msg("%s: %" PRIu64 " MiB of RAM cannot hold kernel, initrd and device tree",
				cfg->initrd, mem >> 20);
			goto out;
		}
		memcpy(vm_gpa(vm, initrd, initrd_size), rd.data, initrd_size);
	} else if (dtb < kernel_end) {
		err_msg("%" PRIu64 " MiB of RAM cannot hold the kernel and device tree",
			mem >> 20);
		goto out;
	}
	ret = ST_HOST;
	fdt = calloc(1, FDT_MAX);
	if (!fdt) {
		err_sys("calloc");
		goto out;
	}
	if (build_fdt(fdt, cfg, mem, initrd, initrd_size) == 0) {
		dst = vm_gpa(vm, dtb, fdt_totalsize(fdt));
		memcpy(dst, fdt, fdt_totalsize(fdt));
		vm->arch.dtb = dtb;
		ret = ST_OK;
	}
	free(fdt);
out:
	image_free(&rd);
	return ret;
}
