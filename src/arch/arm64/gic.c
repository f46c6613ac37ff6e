// SPDX-License-Identifier: GPL-2.0
/* The in-kernel vGICv3 for Linux guests, its interrupt lines, the PMU's. */
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "arch.h"
#include "arm64_internal.h"
#include "board.h"
#include "log.h"
#include "vcpu.h"
#include "vm.h"

#define GIC_NR_IRQS	128	/* SGIs, PPIs and 96 SPIs */
#define GIC_SPI_BASE	32

static int set_attr(int fd, uint32_t group, uint64_t attr, void *val)
{
	struct kvm_device_attr a = {
		.group = group, .attr = attr, .addr = (uintptr_t)val,
	};

	return ioctl(fd, KVM_SET_DEVICE_ATTR, &a);
}

/*
 * --gic v3-its: KVM's ITS beside the vGICv3, which turns a device's MSI
 * writes into LPIs; the guest finds it in the device tree.
 */
static int its_create(struct vm *vm)
{
	struct kvm_create_device cd = { .type = KVM_DEV_TYPE_ARM_VGIC_ITS };
	uint64_t base = KVMINI_GITS_BASE;

	if (ioctl(vm->fd, KVM_CREATE_DEVICE, &cd) < 0)
		return err_sys("KVM_CREATE_DEVICE (ITS)");
	vm->arch.its_fd = (int)cd.fd;
	vm->arch.has_its = true;
	if (set_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_ITS_ADDR_TYPE,
		     &base) < 0 ||
	    set_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_CTRL,
		     KVM_DEV_ARM_VGIC_CTRL_INIT, NULL) < 0)
		return err_sys("KVM_SET_DEVICE_ATTR (ITS)");
	return 0;
}

/*
 * A vGICv3 (distributor, then the redistributors), or with --gic v2 a
 * vGICv2 (distributor, CPU interface), which only a host GIC that can
 * emulate one offers.
 */
int arm64_gic_create(struct vm *vm)
{
	bool v2 = vm->arch.gic_v2;
	struct kvm_create_device cd = {
		.type = v2 ? KVM_DEV_TYPE_ARM_VGIC_V2 : KVM_DEV_TYPE_ARM_VGIC_V3,
	};
	uint64_t dist = KVMINI_GICD_BASE;
	uint64_t cpu = v2 ? KVMINI_GICC_BASE : KVMINI_GICR_BASE;
	uint32_t nr_irqs = GIC_NR_IRQS;

	if (ioctl(vm->fd, KVM_CREATE_DEVICE, &cd) < 0)
		return err_sys(v2 ? "KVM_CREATE_DEVICE (vGICv2)" :
				    "KVM_CREATE_DEVICE (vGICv3)");
	vm->arch.gic_fd = (int)cd.fd;
	vm->arch.has_gic = true;
	if (set_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
		     v2 ? KVM_VGIC_V2_ADDR_TYPE_DIST : KVM_VGIC_V3_ADDR_TYPE_DIST,
		     &dist) < 0 ||
	    set_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_ADDR,
		     v2 ? KVM_VGIC_V2_ADDR_TYPE_CPU : KVM_VGIC_V3_ADDR_TYPE_REDIST,
		     &cpu) < 0)
		return err_sys("KVM_SET_DEVICE_ATTR (vGIC addresses)");
	if (set_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr_irqs) < 0)
		return err_sys("KVM_SET_DEVICE_ATTR (vGIC IRQs)");
	if (set_attr(cd.fd, KVM_DEV_ARM_VGIC_GRP_CTRL,
		     KVM_DEV_ARM_VGIC_CTRL_INIT, NULL) < 0)
		return err_sys("KVM_SET_DEVICE_ATTR (vGIC init)");
	vm->irqchip = true;
	return vm->arch.gic_its ? its_create(vm) : 0;
}

/*
 * Each vCPU's PMUv3 (KVM_ARM_VCPU_PMU_V3 at KVM_ARM_VCPU_INIT): its
 * overflow interrupt, a PPI the same on every vCPU, then its
 * initialisation, which KVM takes only once the vGIC is initialised.
 */
int arm64_pmu_init(struct vm *vm)
{
	int irq = KVMINI_PMU_INTID;
	unsigned int i;

	for (i = 0; i < vm->vcpus->nr; i++) {
		int fd = vm->vcpus->v[i]->fd;

		if (set_attr(fd, KVM_ARM_VCPU_PMU_V3_CTRL,
			     KVM_ARM_VCPU_PMU_V3_IRQ, &irq) < 0 ||
		    set_attr(fd, KVM_ARM_VCPU_PMU_V3_CTRL,
			     KVM_ARM_VCPU_PMU_V3_INIT, NULL) < 0)
			return err_sys("KVM_SET_DEVICE_ATTR (vCPU PMUv3)");
	}
	return 0;
}

void arch_vm_destroy(struct vm *vm)
{
	if (vm->arch.has_gic)
		close(vm->arch.gic_fd);
	vm->arch.has_gic = false;
	if (vm->arch.has_its)
		close(vm->arch.its_fd);
	vm->arch.has_its = false;
}

/* irq is an SPI number; KVM wants type, vCPU and GIC interrupt ID. */
int arch_set_irq(struct vm *vm, unsigned int irq, int level)
{
	struct kvm_irq_level l = {
		.irq = (KVM_ARM_IRQ_TYPE_SPI << KVM_ARM_IRQ_TYPE_SHIFT) |
		       (irq + GIC_SPI_BASE),
		.level = level,
	};

	if (!vm->irqchip)
		return 0;
	if (ioctl(vm->fd, KVM_IRQ_LINE, &l) < 0)
		return err_sys("KVM_IRQ_LINE");
	return 0;
}
