// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 lab's stand-in for CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES, which
 * Debian's kernels do not set: one "virtio-mmio" platform device per
 * device=<size>@<base>:<irq> parameter (the syntax of the kernel's
 * virtio_mmio.device=, without its optional :<id>), for the virtio_mmio
 * driver to bind. lab/guest-init.sh passes it the virtio_mmio.device=
 * words of the kernel command line. A stopgap until kvmini describes its
 * devices in ACPI (LNRO0005), which a stock kernel reads by itself.
 */
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/platform_device.h>

#define MAX_DEVICES	8

static char *device[MAX_DEVICES];
static int nr_device;
module_param_array(device, charp, &nr_device, 0444);
MODULE_PARM_DESC(device, "<size>@<base>:<irq>, comma-separated");

static struct platform_device *pdevs[MAX_DEVICES];

static int __init vmc_parse(const char *spec, struct resource *res)
{
	unsigned long long size, base;
	unsigned int irq;
	char *end;

	size = memparse(spec, &end);
	if (*end != '@' || !size)
		return -EINVAL;
	base = memparse(end + 1, &end);
	if (*end != ':' || kstrtouint(end + 1, 0, &irq))
		return -EINVAL;
	res[0] = (struct resource)DEFINE_RES_MEM(base, size);
	res[1] = (struct resource)DEFINE_RES_IRQ(irq);
	return 0;
}

static void vmc_remove_all(void)
{
	int i;

	for (i = 0; i < MAX_DEVICES; i++) {
		if (pdevs[i])
			platform_device_unregister(pdevs[i]);
		pdevs[i] = NULL;
	}
}

static int __init vmc_init(void)
{
	struct resource res[2];
	int i, err;

	for (i = 0; i < nr_device; i++) {
		err = vmc_parse(device[i], res);
		if (err) {
			pr_err("virtio_mmio_cmdline: bad device '%s'\n", device[i]);
			goto fail;
		}
		pdevs[i] = platform_device_register_resndata(NULL,
				"virtio-mmio", PLATFORM_DEVID_AUTO, res, 2,
				NULL, 0);
		if (IS_ERR(pdevs[i])) {
			err = PTR_ERR(pdevs[i]);
			pdevs[i] = NULL;
			goto fail;
		}
		pr_info("virtio_mmio_cmdline: %pR, irq %llu\n", &res[0],
			(unsigned long long)res[1].start);
	}
	return 0;
fail:
	vmc_remove_all();
	return err;
}

static void __exit vmc_exit(void)
{
	vmc_remove_all();
}

module_init(vmc_init);
module_exit(vmc_exit);
MODULE_DESCRIPTION("virtio-mmio devices from a module parameter (kvmini's x86 lab)");
MODULE_LICENSE("GPL");
