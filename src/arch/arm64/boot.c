// SPDX-License-Identifier: GPL-2.0
/*
 * Booting a Linux Image: the initrd below the device tree at the top of
 * RAM, and a device tree (libfdt) describing memory, PSCI CPUs, the
 * vGICv3, the architected timer and the machine's devices (a node each,
 * from the device manager).
 */
#include <inttypes.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "arm64_internal.h"
#include "config.h"
#include "devmgr.h"
#include "kboot.h"
#include "loader.h"
#include "log.h"
#include "status.h"
#include "vm.h"

#define FDT_MAX		0x10000
#define DTB_ROOM	0x200000	/* top 2 MiB of RAM hold the DTB */
#define PH_GIC		1
#define PH_CLK		2
#define GIC_SPI		0
#define GIC_PPI		1
#define IRQ_EDGE_RISING	1
#define IRQ_LEVEL_HIGH	4
#define APB_CLOCK_HZ	24000000

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

/* dt_writer calls, for the devices' own properties */
static void dt_u32s(void *ctx, const char *name, const uint32_t *v, int n)
{
	prop_cells(ctx, name, v, n);
}

static void dt_strs(void *ctx, const char *name, const char *s, size_t len)
{
	struct fdt_w *w = ctx;

	chk(w, fdt_property(w->buf, name, s, (int)len));
}

/* A node per device that has one: name and "reg" from where it sits. */
static void device_nodes(struct fdt_w *w, const struct devmgr *dm)
{
	const struct dt_writer dw = {
		.ctx = w, .u32s = dt_u32s, .strs = dt_strs, .clock = PH_CLK,
	};
	const struct device *d;
	unsigned int i;
	uint32_t irq[3];
	char name[48];

	for (i = 0; i < dm->nr; i++) {
		d = &dm->dev[i];
		if (!d->cls->dt_node)
			continue;
		devmgr_node_name(d, name, sizeof(name));
		chk(w, fdt_begin_node(w->buf, name));
		chk(w, fdt_property(w->buf, "compatible", d->cls->dt_compatible,
				    (int)d->cls->dt_compatible_len));
		prop_reg(w, d->at.base, d->at.size);
		if (d->at.irq != DEV_NO_IRQ) {
			irq[0] = GIC_SPI;
			irq[1] = (uint32_t)d->at.irq;
			irq[2] = d->cls->irq_edge ? IRQ_EDGE_RISING :
						    IRQ_LEVEL_HIGH;
			prop_cells(w, "interrupts", irq, 3);
		}
		if (d->cls->dt_props)
			d->cls->dt_props(&dw);
		chk(w, fdt_end_node(w->buf));
	}
}

/* --gic v3-its: the ITS, a child of the GIC node as Linux's binding has */
static void its_node(struct fdt_w *w)
{
	fdt64_t reg[2] = {
		cpu_to_fdt64(KVMINI_GITS_BASE), cpu_to_fdt64(0x20000),
	};

	chk(w, fdt_property_u32(w->buf, "#address-cells", 2));
	chk(w, fdt_property_u32(w->buf, "#size-cells", 2));
	chk(w, fdt_property(w->buf, "ranges", NULL, 0));
	chk(w, fdt_begin_node(w->buf, "msi-controller@8080000"));
	chk(w, fdt_property_string(w->buf, "compatible", "arm,gic-v3-its"));
	chk(w, fdt_property(w->buf, "msi-controller", NULL, 0));
	chk(w, fdt_property_u32(w->buf, "#msi-cells", 1));
	chk(w, fdt_property(w->buf, "reg", reg, sizeof(reg)));
	chk(w, fdt_end_node(w->buf));
}

/* What is the machine's, not a device's: PSCI, GIC, timer, clock. */
static void machine_nodes(struct fdt_w *w, const struct config *cfg)
{
	unsigned int ncpus = cfg->cpus;
	/* a GICv2's PPIs name the CPUs they reach (bits 15:8) */
	uint32_t ppi = IRQ_LEVEL_HIGH |
		       (cfg->gic_v2 ? ((1u << ncpus) - 1) << 8 : 0);
	const uint32_t timer[] = {
		GIC_PPI, 13, ppi, GIC_PPI, 14, ppi,
		GIC_PPI, 11, ppi, GIC_PPI, 10, ppi,
	};
	fdt64_t gic_reg[4] = {
		cpu_to_fdt64(KVMINI_GICD_BASE), cpu_to_fdt64(0x10000),
		cpu_to_fdt64(cfg->gic_v2 ? KVMINI_GICC_BASE : KVMINI_GICR_BASE),
		cpu_to_fdt64(cfg->gic_v2 ? 0x10000 : 0x20000ULL * ncpus),
	};

	chk(w, fdt_begin_node(w->buf, "psci"));
	chk(w, fdt_property_string(w->buf, "compatible", "arm,psci-0.2"));
	chk(w, fdt_property_string(w->buf, "method", "hvc"));
	chk(w, fdt_end_node(w->buf));

	chk(w, fdt_begin_node(w->buf, "intc@8000000"));
	chk(w, fdt_property_string(w->buf, "compatible",
				   cfg->gic_v2 ? "arm,cortex-a15-gic" : "arm,gic-v3"));
	chk(w, fdt_property_u32(w->buf, "#interrupt-cells", 3));
	chk(w, fdt_property(w->buf, "interrupt-controller", NULL, 0));
	chk(w, fdt_property(w->buf, "reg", gic_reg, sizeof(gic_reg)));
	chk(w, fdt_property_u32(w->buf, "phandle", PH_GIC));
	if (cfg->gic_its)
		its_node(w);
	chk(w, fdt_end_node(w->buf));

	chk(w, fdt_begin_node(w->buf, "timer"));
	chk(w, fdt_property_string(w->buf, "compatible", "arm,armv8-timer"));
	prop_cells(w, "interrupts", timer, 12);
	chk(w, fdt_property(w->buf, "always-on", NULL, 0));
	chk(w, fdt_end_node(w->buf));

	if (cfg->pmu) {
		const uint32_t irq[] = { GIC_PPI, KVMINI_PMU_INTID - 16, ppi };

		chk(w, fdt_begin_node(w->buf, "pmu"));
		chk(w, fdt_property_string(w->buf, "compatible", "arm,armv8-pmuv3"));
		prop_cells(w, "interrupts", irq, 3);
		chk(w, fdt_end_node(w->buf));
	}

	chk(w, fdt_begin_node(w->buf, "apb-pclk"));
	chk(w, fdt_property_string(w->buf, "compatible", "fixed-clock"));
	chk(w, fdt_property_u32(w->buf, "#clock-cells", 0));
	chk(w, fdt_property_u32(w->buf, "clock-frequency", APB_CLOCK_HZ));
	chk(w, fdt_property_u32(w->buf, "phandle", PH_CLK));
	chk(w, fdt_end_node(w->buf));

}

static int build_fdt(void *buf, const struct config *cfg,
		     const struct devmgr *dm, uint64_t mem, uint64_t initrd,
		     uint64_t initrd_size)
{
	const struct device *con = devmgr_console(dm);
	struct fdt_w w = { .buf = buf };
	char args[KVMINI_CMDLINE_MAX], path[48] = "/";

	if (cfg->flat_kernel) {	/* its arguments as given, nothing more */
		if (snprintf(args, sizeof(args), "%s",
			     cfg->append ? cfg->append : "") >= (int)sizeof(args)) {
			err_msg("--append: the command line would exceed %zu bytes",
				sizeof(args) - 1);
			return -1;
		}
	} else if (kboot_cmdline(args, sizeof(args), dm, NULL, cfg->append) < 0) {
		return -1;
	}
	chk(&w, fdt_create(buf, FDT_MAX));
	chk(&w, fdt_finish_reservemap(buf));
	chk(&w, fdt_begin_node(buf, ""));
	chk(&w, fdt_property_string(buf, "compatible", "linux,dummy-virt"));
	chk(&w, fdt_property_u32(buf, "#address-cells", 2));
	chk(&w, fdt_property_u32(buf, "#size-cells", 2));
	chk(&w, fdt_property_u32(buf, "interrupt-parent", PH_GIC));

	chk(&w, fdt_begin_node(buf, "chosen"));
	chk(&w, fdt_property_string(buf, "bootargs", args));
	if (con) {
		devmgr_node_name(con, path + 1, sizeof(path) - 1);
		chk(&w, fdt_property_string(buf, "stdout-path", path));
	}
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
	machine_nodes(&w, cfg);
	device_nodes(&w, dm);
	chk(&w, fdt_end_node(buf));
	chk(&w, fdt_finish(buf));
	if (w.err) {
		err_msg("device tree: %s", fdt_strerror(w.err));
		return -1;
	}
	return 0;
}

int arm64_boot_linux(struct vm *vm, const struct config *cfg,
		     const struct image *img, const struct devmgr *dm)
{
	uint64_t mem = ram_size(vm), dtb = KVMINI_RAM_BASE + mem - DTB_ROOM;
	uint64_t kernel_end = img->segs[0].gpa + img->segs[0].memsz;
	uint64_t initrd = dtb, initrd_size = 0;
	void *fdt, *dst;
	int ret;

	if (mem < DTB_ROOM || dtb < kernel_end) {
		err_msg("%" PRIu64 " MiB of RAM cannot hold the kernel and device tree",
			mem >> 20);
		return ST_IMAGE;
	}
	if (cfg->initrd) {
		ret = kboot_initrd(vm, cfg->initrd, kernel_end, dtb, &initrd,
				   &initrd_size);
		if (ret != ST_OK)
			return ret;
	}
	fdt = calloc(1, FDT_MAX);
	if (!fdt) {
		err_sys("calloc");
		return ST_HOST;
	}
	ret = ST_HOST;
	if (build_fdt(fdt, cfg, dm, mem, initrd, initrd_size) == 0) {
		dst = vm_gpa(vm, dtb, fdt_totalsize(fdt));
		if (dst) {
			memcpy(dst, fdt, fdt_totalsize(fdt));
			vm->arch.dtb = dtb;
			ret = ST_OK;
		} else {
			err_msg("device tree: outside guest RAM");
		}
	}
	free(fdt);
	return ret;
}
