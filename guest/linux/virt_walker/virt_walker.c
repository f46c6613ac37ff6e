// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/virt_walker: a byte written is sent to the HIDE register of KVM's
 * HIDE/SEEK device, a read returns the SEEK register (docs/kvm-extensions.md).
 */

#include <linux/fs.h>
#include <linux/io.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#define HIDE		0
#define SEEK		1
#define TARGET_IPA	0x40000000UL

static unsigned long base = 0x0b000000;
module_param(base, ulong, 0444);
MODULE_PARM_DESC(base, "guest physical address of the HIDE/SEEK page");

static void __iomem *regs;

static ssize_t vw_read(struct file *file, char __user *buf, size_t count,
		       loff_t *ppos)
{
	u8 val;

	/* read(2) of 0 bytes transfers nothing: no SEEK for a byte unreturned */
	if (!count)
		return 0;
	val = readb(regs + SEEK);
	if (put_user(val, buf))
		return -EFAULT;
	return 1;
}

static ssize_t vw_write(struct file *file, const char __user *buf,
			size_t count, loff_t *ppos)
{
	u8 val;

	/* write(2) of 0 bytes transfers nothing: no HIDE of a byte not given */
	if (!count)
		return 0;
	if (get_user(val, buf))
		return -EFAULT;
	writeb(val, regs + HIDE);
	return 1;
}

static const struct file_operations vw_fops = {
	.owner	= THIS_MODULE,
	.read	= vw_read,
	.write	= vw_write,
	.llseek	= noop_llseek,
};

static struct miscdevice vw_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "virt_walker",
	.fops	= &vw_fops,
	.mode	= 0600,
};

static int __init vw_init(void)
{
	int ret;

	if (!PAGE_ALIGNED(base))
		return -EINVAL;
	regs = ioremap(base, PAGE_SIZE);
	if (!regs)
		return -ENOMEM;
	/*
	 * The device keeps its byte in the stage-2 entry mapping TARGET_IPA,
	 * which exists only once this guest has touched that page.
	 */
	if (pfn_valid(PHYS_PFN(TARGET_IPA)))
		READ_ONCE(*(u8 *)phys_to_virt(TARGET_IPA));
	ret = misc_register(&vw_misc);
	if (ret) {
		iounmap(regs);
		return ret;
	}
	return 0;
}

static void __exit vw_exit(void)
{
	misc_deregister(&vw_misc);
	iounmap(regs);
}

module_init(vw_init);
module_exit(vw_exit);
MODULE_DESCRIPTION("HIDE/SEEK device access for user space");
MODULE_LICENSE("GPL");
