// SPDX-License-Identifier: GPL-2.0
/*
 * Booting a Linux Image: the device tree kvmini writes at the top of RAM,
 * read back with libfdt as the guest kernel would, and the initrd below
 * it; RAM too small for kernel, initrd and device tree is refused.
 */
#include <libfdt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "arch.h"
#include "arm64_internal.h"
#include "board.h"
#include "config.h"
#include "devmgr.h"
#include "devmgr_create.h"
#include "loader.h"
#include "status.h"
#include "vm.h"

#define MIB		(1ULL << 20)
#define RAM		(16 * MIB)
#define KERNEL		(KVMINI_RAM_BASE + 2 * MIB)
#define DTB_ROOM	(2 * MIB)		/* the DTB's, at the top */

struct fx {
	struct vm vm;
	struct config cfg;
	struct devmgr dm;
	struct image img;
	uint8_t *ram;
	char initrd[32];
};

/*
 * The machine's devices but SIMVIRTIO (its queue pages would need KVM; it
 * has no node), or those of rows.
 */
static void fx_devices(struct fx *f, const struct device_row *rows)
{
	struct device_row mine[16];
	unsigned int n = 0;
	const struct device_row *r;

	if (!rows) {
		for (r = machine_devices; r->class_name && n < 15; r++)
			if (strcmp(r->class_name, "simvirtio"))
				mine[n++] = *r;
		mine[n] = (struct device_row){ NULL };
		rows = mine;
	}
	devmgr_destroy(&f->dm);
	memset(&f->vm.bus, 0, sizeof(f->vm.bus));
	assert_int_equal(devmgr_create(&f->dm, rows, &f->vm,
				       &(struct device_env){ 0 }), 0);
}

/* ram bytes of RAM and a kernel of kernel_size bytes at 2 MiB */
static struct fx *fx_new(uint64_t ram, uint64_t kernel_size)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->ram = calloc(1, ram);
	assert_non_null(f->ram);
	f->vm.slots[0] = (struct vm_slot){ KVMINI_RAM_BASE, ram, f->ram };
	f->vm.nr_slots = 1;
	config_defaults(&f->cfg);
	f->img.kernel = true;
	f->img.nr_segs = 1;
	f->img.segs[0].gpa = KERNEL;
	f->img.segs[0].memsz = kernel_size;
	f->img.entry = KERNEL;
	fx_devices(f, NULL);
	return f;
}

/* an initrd file of size bytes, byte i being i * 7 */
static void fx_initrd(struct fx *f, size_t size)
{
	uint8_t *b = malloc(size);
	size_t i;
	int fd;

	assert_non_null(b);
	for (i = 0; i < size; i++)
		b[i] = (uint8_t)(i * 7);
	snprintf(f->initrd, sizeof(f->initrd), "/tmp/kvmini-initrd-XXXXXX");
	fd = mkstemp(f->initrd);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b, size), size);
	close(fd);
	free(b);
	f->cfg.initrd = f->initrd;
}

static void fx_free(struct fx *f)
{
	if (f->initrd[0])
		unlink(f->initrd);
	devmgr_destroy(&f->dm);
	free(f->ram);
	free(f);
}

static const void *fx_fdt(struct fx *f)
{
	const void *fdt;

	assert_int_equal(f->vm.arch.dtb,
			 KVMINI_RAM_BASE + f->vm.slots[0].size - DTB_ROOM);
	fdt = f->ram + (f->vm.arch.dtb - KVMINI_RAM_BASE);
	assert_int_equal(fdt_check_header(fdt), 0);
	assert_true(fdt_totalsize(fdt) <= DTB_ROOM);
	return fdt;
}

static int node(const void *fdt, const char *path)
{
	int off = fdt_path_offset(fdt, path);

	if (off < 0)
		fail_msg("%s: %s", path, fdt_strerror(off));
	return off;
}

/* property name of node path, which must be len bytes long (-1: any) */
static const void *prop(const void *fdt, const char *path, const char *name,
			int len)
{
	const void *p;
	int l;

	p = fdt_getprop(fdt, node(fdt, path), name, &l);
	if (!p)
		fail_msg("%s: no property %s", path, name);
	if (len >= 0)
		assert_int_equal(l, len);
	return p;
}

/* cell i of a property (properties are only 4-byte aligned) */
static uint32_t cell(const void *fdt, const char *path, const char *name,
		     int i)
{
	const fdt32_t *c = prop(fdt, path, name, -1);

	return fdt32_ld(&c[i]);
}

/* 64-bit value i of a property (address and size with 2 cells each) */
static uint64_t dcell(const void *fdt, const char *path, const char *name,
		      int i)
{
	const fdt64_t *c = prop(fdt, path, name, -1);

	return fdt64_ld(&c[i]);
}

static void test_device_tree(void **state)
{
	struct fx *f = fx_new(RAM, MIB);
	const void *fdt;
	uint32_t gic, clk;
	int off, n = 0;

	(void)state;
	f->cfg.cpus = 2;
	f->cfg.append = "quiet";
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm), ST_OK);
	fdt = fx_fdt(f);

	assert_int_equal(fdt_node_check_compatible(fdt, 0, "linux,dummy-virt"),
			 0);
	assert_int_equal(fdt_address_cells(fdt, 0), 2);
	assert_int_equal(fdt_size_cells(fdt, 0), 2);
	gic = fdt_get_phandle(fdt, node(fdt, "/intc@8000000"));
	assert_true(gic != 0);
	assert_int_equal(cell(fdt, "/", "interrupt-parent", 0), gic);

	assert_string_equal(prop(fdt, "/chosen", "bootargs", -1),
			    "console=ttyAMA0 panic=-1 quiet");
	assert_null(fdt_getprop(fdt, node(fdt, "/chosen"),
				"linux,initrd-start", NULL));
	/* the console is a node that exists */
	node(fdt, prop(fdt, "/chosen", "stdout-path", -1));

	assert_string_equal(prop(fdt, "/memory@40000000", "device_type", -1),
			    "memory");
	prop(fdt, "/memory@40000000", "reg", 16);
	assert_int_equal(dcell(fdt, "/memory@40000000", "reg", 0),
			 KVMINI_RAM_BASE);
	assert_int_equal(dcell(fdt, "/memory@40000000", "reg", 1), RAM);

	fdt_for_each_subnode(off, fdt, node(fdt, "/cpus"))
		n++;
	assert_int_equal(n, 2);
	assert_int_equal(cell(fdt, "/cpus/cpu@1", "reg", 0), 1);
	assert_string_equal(prop(fdt, "/cpus/cpu@1", "enable-method", -1),
			    "psci");
	assert_string_equal(prop(fdt, "/psci", "method", -1), "hvc");
	assert_int_equal(fdt_node_check_compatible(fdt, node(fdt, "/psci"),
						   "arm,psci-0.2"), 0);

	/* distributor, then one redistributor frame pair per vCPU */
	prop(fdt, "/intc@8000000", "interrupt-controller", 0);
	prop(fdt, "/intc@8000000", "reg", 32);
	assert_int_equal(dcell(fdt, "/intc@8000000", "reg", 0),
			 KVMINI_GICD_BASE);
	assert_int_equal(dcell(fdt, "/intc@8000000", "reg", 2),
			 KVMINI_GICR_BASE);
	assert_int_equal(dcell(fdt, "/intc@8000000", "reg", 3), 2 * 0x20000);
	assert_int_equal(cell(fdt, "/intc@8000000", "#interrupt-cells", 0), 3);

	/* secure, non-secure, virtual and hypervisor timer PPIs */
	prop(fdt, "/timer", "interrupts", 48);
	assert_int_equal(cell(fdt, "/timer", "interrupts", 1), 13);
	assert_int_equal(cell(fdt, "/timer", "interrupts", 4), 14);
	assert_int_equal(cell(fdt, "/timer", "interrupts", 7), 11);
	assert_int_equal(cell(fdt, "/timer", "interrupts", 10), 10);

	off = node(fdt, "/pl011@9000000");
	assert_int_equal(fdt_node_check_compatible(fdt, off, "arm,pl011"), 0);
	assert_int_equal(fdt_node_check_compatible(fdt, off, "arm,primecell"),
			 0);
	assert_int_equal(dcell(fdt, "/pl011@9000000", "reg", 0),
			 KVMINI_UART_BASE);
	prop(fdt, "/pl011@9000000", "interrupts", 12);
	assert_int_equal(cell(fdt, "/pl011@9000000", "interrupts", 0), 0);
	assert_int_equal(cell(fdt, "/pl011@9000000", "interrupts", 1),
			 KVMINI_UART_SPI);
	clk = fdt_get_phandle(fdt, node(fdt, "/apb-pclk"));
	assert_true(clk != 0 && clk != gic);
	assert_int_equal(cell(fdt, "/pl011@9000000", "clocks", 0), clk);
	assert_int_equal(cell(fdt, "/pl011@9000000", "clocks", 1), clk);
	fx_free(f);
}

/*
 * Nodes come from the table: a 16550 placed on this machine gets its node
 * named from its address, its interrupt wired as an SPI, its own
 * properties, and becomes the console (the first row with one).
 */
static void test_nodes_follow_table(void **state)
{
	static const struct device_row rows[] = {
		{ "exit", .at = { BUS_MMIO, 0x0a000000, 8, DEV_NO_IRQ } },
		{ "serial8250", .at = { BUS_MMIO, 0x0d000000, 8, 7 } },
		{ "pl011", .at = { BUS_MMIO, 0x0e000000, 0x1000, 8 } },
		{ NULL },
	};
	struct fx *f = fx_new(RAM, MIB);
	const void *fdt;

	(void)state;
	fx_devices(f, rows);
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm),
			 ST_OK);
	fdt = fx_fdt(f);
	assert_int_equal(fdt_node_check_compatible(fdt,
			 node(fdt, "/serial8250@d000000"), "ns16550a"), 0);
	assert_int_equal(dcell(fdt, "/serial8250@d000000", "reg", 0),
			 0x0d000000);
	assert_int_equal(dcell(fdt, "/serial8250@d000000", "reg", 1), 8);
	prop(fdt, "/serial8250@d000000", "interrupts", 12);
	assert_int_equal(cell(fdt, "/serial8250@d000000", "interrupts", 0), 0);
	assert_int_equal(cell(fdt, "/serial8250@d000000", "interrupts", 1), 7);
	assert_int_equal(cell(fdt, "/serial8250@d000000", "interrupts", 2), 4);
	prop(fdt, "/serial8250@d000000", "clock-frequency", 4);
	assert_int_equal(cell(fdt, "/pl011@e000000", "interrupts", 1), 8);
	/* the exit register has no node */
	assert_true(fdt_path_offset(fdt, "/exit@a000000") < 0);
	assert_string_equal(prop(fdt, "/chosen", "stdout-path", -1),
			    "/serial8250@d000000");
	assert_string_equal(prop(fdt, "/chosen", "bootargs", -1),
			    "console=ttyS0 panic=-1");
	fx_free(f);
}

static void test_cpus_follow_config(void **state)
{
	struct fx *f = fx_new(RAM, MIB);
	const void *fdt;
	int off, n = 0;

	(void)state;
	f->cfg.cpus = 8;
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm), ST_OK);
	fdt = fx_fdt(f);
	fdt_for_each_subnode(off, fdt, node(fdt, "/cpus"))
		n++;
	assert_int_equal(n, 8);
	assert_int_equal(cell(fdt, "/cpus/cpu@7", "reg", 0), 7);
	assert_int_equal(dcell(fdt, "/intc@8000000", "reg", 3), 8 * 0x20000);
	assert_string_equal(prop(fdt, "/chosen", "bootargs", -1),
			    "console=ttyAMA0 panic=-1");
	fx_free(f);
}

/* --pmu: a PMUv3 node with the overflow interrupt KVM is given */
static void test_pmu_node(void **state)
{
	struct fx *f = fx_new(RAM, MIB);
	const void *fdt;

	(void)state;
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm), ST_OK);
	assert_true(fdt_path_offset(fx_fdt(f), "/pmu") < 0);
	f->cfg.pmu = true;
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm), ST_OK);
	fdt = fx_fdt(f);
	assert_string_equal(prop(fdt, "/pmu", "compatible", -1), "arm,armv8-pmuv3");
	assert_int_equal(cell(fdt, "/pmu", "interrupts", 0), 1);	/* PPI */
	assert_int_equal(cell(fdt, "/pmu", "interrupts", 1) + 16, KVMINI_PMU_INTID);
	assert_int_equal(cell(fdt, "/pmu", "interrupts", 2), 4);	/* level */
	fx_free(f);
}

/* --gic v2: its node, and the timer's PPIs reach every CPU */
static void test_gic_v2_node(void **state)
{
	struct fx *f = fx_new(RAM, MIB);
	const void *fdt;

	(void)state;
	f->cfg.gic_v2 = true;
	f->cfg.cpus = 2;
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm), ST_OK);
	fdt = fx_fdt(f);
	assert_string_equal(prop(fdt, "/intc@8000000", "compatible", -1),
			    "arm,cortex-a15-gic");
	assert_int_equal(dcell(fdt, "/intc@8000000", "reg", 2), KVMINI_GICC_BASE);
	assert_int_equal(dcell(fdt, "/intc@8000000", "reg", 3), 0x10000);
	assert_int_equal(cell(fdt, "/timer", "interrupts", 2), 0x304);
	fx_free(f);
}

/* --gic v3-its: the ITS as the GIC node's child; none without it */
static void test_its_node(void **state)
{
	static const char its[] = "/intc@8000000/msi-controller@8080000";
	struct fx *f = fx_new(RAM, MIB);
	const void *fdt;

	(void)state;
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm), ST_OK);
	assert_true(fdt_path_offset(fx_fdt(f), its) < 0);
	fx_free(f);

	f = fx_new(RAM, MIB);
	f->cfg.gic_its = true;
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm), ST_OK);
	fdt = fx_fdt(f);
	assert_string_equal(prop(fdt, its, "compatible", -1), "arm,gic-v3-its");
	prop(fdt, its, "msi-controller", 0);
	assert_int_equal(cell(fdt, its, "#msi-cells", 0), 1);
	assert_int_equal(dcell(fdt, its, "reg", 0), KVMINI_GITS_BASE);
	assert_int_equal(dcell(fdt, its, "reg", 1), 0x20000);
	/* the GIC's children in its parent's address space */
	assert_int_equal(cell(fdt, "/intc@8000000", "#address-cells", 0), 2);
	assert_int_equal(cell(fdt, "/intc@8000000", "#size-cells", 0), 2);
	prop(fdt, "/intc@8000000", "ranges", 0);
	fx_free(f);
}

/* --flat-kernel: the command line is --append's, untouched */
static void test_flat_kernel_cmdline(void **state)
{
	struct fx *f = fx_new(RAM, MIB);

	(void)state;
	f->cfg.flat_kernel = true;
	f->cfg.append = "setup smp=2 mem=256";
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm), ST_OK);
	assert_string_equal(prop(fx_fdt(f), "/chosen", "bootargs", -1),
			    "setup smp=2 mem=256");
	f->cfg.append = NULL;
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm), ST_OK);
	assert_string_equal(prop(fx_fdt(f), "/chosen", "bootargs", -1), "");
	fx_free(f);
}

static void test_initrd_below_device_tree(void **state)
{
	struct fx *f = fx_new(RAM, MIB);
	const uint64_t size = 5000, dtb = KVMINI_RAM_BASE + RAM - DTB_ROOM;
	uint64_t start, end, i;
	const void *fdt;

	(void)state;
	fx_initrd(f, size);
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm), ST_OK);
	fdt = fx_fdt(f);
	prop(fdt, "/chosen", "linux,initrd-start", 8);
	prop(fdt, "/chosen", "linux,initrd-end", 8);
	start = dcell(fdt, "/chosen", "linux,initrd-start", 0);
	end = dcell(fdt, "/chosen", "linux,initrd-end", 0);
	assert_int_equal(start, (dtb - size) & ~0xfffULL);	/* page aligned */
	assert_int_equal(end - start, size);
	assert_true(end <= dtb);
	for (i = 0; i < size; i++)
		if (f->ram[start - KVMINI_RAM_BASE + i] != (uint8_t)(i * 7))
			fail_msg("initrd byte %llu differs",
				 (unsigned long long)i);
	fx_free(f);
}

static void test_ram_too_small(void **state)
{
	struct fx *f;

	(void)state;
	/* 4 MiB: the device tree's 2 MiB would overlap the kernel */
	f = fx_new(4 * MIB, MIB);
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm), ST_IMAGE);
	assert_int_equal(f->vm.arch.dtb, 0);
	fx_free(f);

	/* exactly enough: the kernel ends where the device tree starts */
	f = fx_new(6 * MIB, 2 * MIB);
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm), ST_OK);
	fx_free(f);
	f = fx_new(6 * MIB, 2 * MIB + 1);
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm), ST_IMAGE);
	fx_free(f);

	/* room for a 3 MiB initrd between kernel and device tree, or not */
	f = fx_new(RAM, 9 * MIB);
	fx_initrd(f, 3 * MIB);
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm), ST_OK);
	fx_free(f);
	f = fx_new(RAM, 9 * MIB + 1);
	fx_initrd(f, 3 * MIB);
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm), ST_IMAGE);
	assert_int_equal(f->vm.arch.dtb, 0);
	fx_free(f);

	f = fx_new(RAM, MIB);
	f->cfg.initrd = "/nonexistent/kvmini-initrd";
	assert_int_equal(arm64_boot_linux(&f->vm, &f->cfg, &f->img, &f->dm), ST_IMAGE);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_device_tree),
		cmocka_unit_test(test_nodes_follow_table),
		cmocka_unit_test(test_cpus_follow_config),
		cmocka_unit_test(test_flat_kernel_cmdline),
		cmocka_unit_test(test_pmu_node),
		cmocka_unit_test(test_gic_v2_node),
		cmocka_unit_test(test_its_node),
		cmocka_unit_test(test_initrd_below_device_tree),
		cmocka_unit_test(test_ram_too_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
