// SPDX-License-Identifier: GPL-2.0
/*
 * arm64 vCPUs: KVM_ARM_VCPU_INIT with PSCI 0.2, registers through
 * KVM_{GET,SET}_ONE_REG. Bare ELF guests start at their entry with the
 * MMU off; Linux Image kernels per Documentation/arch/arm64/booting.rst
 * (which images, and where they load: image.c).
 */
#include <inttypes.h>
#include <linux/kvm.h>
#include <stddef.h>
#include <string.h>
#include <sched.h>
#include <sys/ioctl.h>

#include "arch.h"
#include "arm64_internal.h"
#include "board.h"
#include "compiler.h"
#include "config.h"
#include "image.h"
#include "kvm_ext.h"
#include "loader.h"
#include "log.h"
#include "status.h"
#include "vcpu.h"
#include "vm.h"

#define CORE_REG(x)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
			 KVM_REG_ARM_CORE_REG(x))
#define REG_PC		CORE_REG(regs.pc)
#define REG_PSTATE	CORE_REG(regs.pstate)
#define REG_SP_EL1	CORE_REG(sp_el1)
#define REG_X(n)	CORE_REG(regs.regs[n])

#define PSR_EL1H	0x5
#define PSR_DAIF	(0xfu << 6)	/* all exceptions masked */

int arm64_set_reg(struct vcpu *vcpu, uint64_t id, uint64_t val)
{
	struct kvm_one_reg r = { .id = id, .addr = (uintptr_t)&val };

	if (ioctl(vcpu->fd, KVM_SET_ONE_REG, &r) < 0)
		return err_sys("KVM_SET_ONE_REG");
	return 0;
}

static int get_reg(struct vcpu *vcpu, uint64_t id, uint64_t *val)
{
	struct kvm_one_reg r = { .id = id, .addr = (uintptr_t)val };

	return ioctl(vcpu->fd, KVM_GET_ONE_REG, &r);
}

bool arch_elf_ok(uint16_t machine, int elf_class)
{
	return arm64_elf_ok(machine, elf_class);
}

bool arch_is_kernel(const struct image *img)
{
	return arm64_is_image(img);
}

int arch_image_check(struct image *img, uint64_t ram_size)
{
	return arm64_image_check(img, ram_size);
}

static bool has_cap(struct vm *vm, long cap)
{
	return ioctl(vm->fd, KVM_CHECK_EXTENSION, cap) > 0;
}

#define VENDOR_HYP_BMAP_2_HOST_CPUID	(1ULL << KVM_REG_ARM_VENDOR_HYP_BIT_HOST_CPUID)

/* host_cpuid in KVM, else forwarded to us by the SMCCC filter (6.4+). */
static int setup_host_cpuid(struct vm *vm, enum host_cpuid_mode mode)
{
	struct vcpu *v = vm->vcpus->v[0];
	struct kvm_smccc_filter f = {
		.base = KVMINI_HOST_CPUID_FUNC, .nr_functions = 1,
		.action = KVM_SMCCC_FILTER_FWD_TO_USER,
	};
	struct kvm_device_attr a = {
		.group = KVM_ARM_VM_SMCCC_CTRL, .attr = KVM_ARM_VM_SMCCC_FILTER,
		.addr = (uintptr_t)&f,
	};
	uint64_t bmap = 0;
	bool in_kvm;

	in_kvm = !get_reg(v, KVM_REG_ARM_VENDOR_HYP_BMAP_2, &bmap) &&
		 (bmap & VENDOR_HYP_BMAP_2_HOST_CPUID);
	vm->arch.host_cpuid = HOST_CPUID_OFF;
	if (mode == HOST_CPUID_OFF) {
		/* hide KVM's: the guest gets NOT_SUPPORTED, as from any KVM */
		if (in_kvm && arm64_set_reg(v, KVM_REG_ARM_VENDOR_HYP_BMAP_2,
					    bmap & ~VENDOR_HYP_BMAP_2_HOST_CPUID))
			return ST_HOST;
		return ST_OK;
	}
	if (mode != HOST_CPUID_USER && in_kvm) {
		vm->arch.host_cpuid = HOST_CPUID_KERNEL;
		return ST_OK;
	}
	if (mode == HOST_CPUID_KERNEL) {
		err_msg("--host-cpuid kernel: this KVM does not offer host_cpuid (kernel/patches)");
		return ST_HOST;
	}
	/* the filter takes precedence over KVM's own service */
	if (ioctl(vm->fd, KVM_SET_DEVICE_ATTR, &a) < 0) {
		if (mode == HOST_CPUID_USER) {
			err_sys("KVM_ARM_VM_SMCCC_FILTER (host_cpuid)");
			return ST_HOST;
		}
		return ST_OK;	/* auto on an old KVM: not offered */
	}
	vm->arch.host_cpuid = HOST_CPUID_USER;
	return ST_OK;
}

static int setup_hide_seek(struct vm *vm, bool want)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_ARM_HIDE_SEEK,
		/* its register page, and the entry that keeps the byte */
		.args = { KVMINI_HIDESEEK_BASE, KVMINI_HIDESEEK_TARGET },
	};

	if (!want || !has_cap(vm, KVM_CAP_ARM_HIDE_SEEK))
		return ST_OK;	/* its page stays unclaimed MMIO */
	if (ioctl(vm->fd, KVM_ENABLE_CAP, &cap) < 0) {
		err_sys("KVM_ENABLE_CAP (HIDE/SEEK)");
		return ST_HOST;
	}
	vm->arch.hide_seek = true;
	return ST_OK;
}

int arch_check_config(const struct config *cfg, const struct image *img)
{
	(void)cfg;
	(void)img;
	return ST_OK;	/* --mode: arch_image_check */
}

int arch_vm_init(struct vm *vm, const struct config *cfg,
		 const struct image *img)
{
	(void)img;
	if (cfg->pmu && !has_cap(vm, KVM_CAP_ARM_PMU_V3)) {
		err_msg("--pmu: this KVM has no PMU for its vCPUs (KVM_CAP_ARM_PMU_V3)");
		return ST_HOST;
	}
	vm->arch.pmu = cfg->pmu;
	vm->arch.gic_v2 = cfg->gic_v2;
	vm->arch.gic_its = cfg->gic_its;
	return setup_hide_seek(vm, cfg->hide_seek);
}

int arch_vcpu_init(struct vcpu *vcpu, const struct image *img)
{
	struct kvm_vcpu_init init;

	if (ioctl(vcpu->vm->fd, KVM_ARM_PREFERRED_TARGET, &init) < 0)
		return err_sys("KVM_ARM_PREFERRED_TARGET");
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	if (vcpu->vm->arch.pmu)
		init.features[0] |= 1u << KVM_ARM_VCPU_PMU_V3;
	/* secondaries wait for PSCI CPU_ON, which KVM handles */
	if (vcpu->id)
		init.features[0] |= 1u << KVM_ARM_VCPU_POWER_OFF;
	if (ioctl(vcpu->fd, KVM_ARM_VCPU_INIT, &init) < 0)
		return err_sys("KVM_ARM_VCPU_INIT");
	if (vcpu->id)
		return 0;
	if (arm64_set_reg(vcpu, REG_PSTATE, PSR_EL1H | PSR_DAIF) ||
	    arm64_set_reg(vcpu, REG_PC, img->entry))
		return -1;
	if (img->kernel)	/* x0 (the DTB) is set once the DTB is placed */
		return 0;
	return arm64_set_reg(vcpu, REG_SP_EL1, KVMINI_STACK_TOP);
}

int arch_vm_ready(struct vm *vm, const struct config *cfg,
		  const struct image *img, const struct devmgr *dm)
{
	int st;

	/* after KVM_ARM_VCPU_INIT, before the first run */
	st = setup_host_cpuid(vm, cfg->host_cpuid);
	if (st != ST_OK || !(img->kernel || cfg->irqchip || cfg->pmu))
		return st;	/* bare guests: no interrupt controller */
	if (arm64_gic_create(vm) < 0 || (vm->arch.pmu && arm64_pmu_init(vm) < 0))
		return ST_HOST;
	if (!img->kernel)
		return ST_OK;
	st = arm64_boot_linux(vm, cfg, img, dm);
	if (st != ST_OK)
		return st;
	if (arm64_set_reg(vm->vcpus->v[0], REG_X(0), vm->arch.dtb) < 0)
		return ST_HOST;
	return ST_OK;
}

/* host_cpuid, as KVM answers it: w1-w3 are reserved and must be zero */
static uint64_t host_cpuid(struct vcpu *vcpu)
{
	uint64_t x;
	int i, cpu;

	for (i = 1; i <= 3; i++)
		if (get_reg(vcpu, REG_X(i), &x) || (uint32_t)x)
			return (uint64_t)KVMINI_SMCCC_INVALID_PARAMETER;
	cpu = sched_getcpu();
	return cpu < 0 ? (uint64_t)KVMINI_SMCCC_NOT_SUPPORTED : (uint64_t)cpu;
}

/* SMCCC calls the filter forwards to us: host_cpuid only. */
static struct exit_action handle_hypercall(struct vcpu *vcpu)
{
	uint64_t ret = (uint64_t)KVMINI_SMCCC_NOT_SUPPORTED;

	if (vcpu->run->hypercall.nr == KVMINI_HOST_CPUID_FUNC) {
		ret = host_cpuid(vcpu);
		__atomic_fetch_add(&vcpu->vm->arch.user_cpuid_calls, 1,
				   __ATOMIC_RELAXED);
	}
	/* an HVC returns to the next instruction: only x0 to set */
	return arm64_set_reg(vcpu, REG_X(0), ret) ? exit_stop(ST_HOST) :
						     EXIT_ACTION_CONTINUE;
}

/* an arm64 guest sleeps through PSCI, which KVM answers */
int arch_acpi_s3(struct vm *vm, bool rtc_wake)
{
	(void)vm;
	(void)rtc_wake;
	return -1;
}

struct exit_action arch_handle_exit(struct vcpu *vcpu)
{
	if (vcpu->run->exit_reason == KVM_EXIT_HYPERCALL)
		return handle_hypercall(vcpu);
	return EXIT_ACTION_UNHANDLED;
}

void arch_report(struct vm *vm,
		 void (*emit)(void *ctx, const char *name, uint64_t val),
		 void *ctx)
{
	emit(ctx, "host_cpuid_in_kernel", vm->arch.host_cpuid == HOST_CPUID_KERNEL);
	emit(ctx, "host_cpuid_in_user", vm->arch.host_cpuid == HOST_CPUID_USER);
	emit(ctx, "host_cpuid_user_calls", vm->arch.user_cpuid_calls);
	emit(ctx, "hide_seek", vm->arch.hide_seek);
}

void arch_vm_save_wait(struct vm *vm)
{
	(void)vm;	/* the vGIC's state is not read back */
}

/*
 * KVM's mp_state, then the registers (PC, PSTATE with its I bit, x0-x7).
 * "finished": this vCPU ended its part (generic wording, shared with x86).
 */
void arch_vcpu_report_wait(struct vcpu *vcpu, FILE *out)
{
	const char *name;

	postmortem_mp_state(vcpu, &name);
	fprintf(out, "%smp_state %s\n",
		vcpu->halted ? "finished at a hlt, " : "", name);
	arch_dump_regs(vcpu, out);
}

void arch_dump_regs(struct vcpu *vcpu, FILE *out)
{
	uint64_t pc = 0, sp = 0, ps = 0, x[8] = { 0 };
	unsigned int i;

	if (get_reg(vcpu, REG_PC, &pc) < 0 || get_reg(vcpu, REG_SP_EL1, &sp) < 0 ||
	    get_reg(vcpu, REG_PSTATE, &ps) < 0) {
		err_sys("KVM_GET_ONE_REG");
		return;
	}
	for (i = 0; i < 8; i++)
		get_reg(vcpu, REG_X(i), &x[i]);
	fprintf(out,
		"  pc %016" PRIx64 "  sp_el1 %016" PRIx64 "  pstate %08" PRIx64 "\n"
		"  x0 %016" PRIx64 "  x1 %016" PRIx64 "  x2 %016" PRIx64 "  x3 %016" PRIx64 "\n"
		"  x4 %016" PRIx64 "  x5 %016" PRIx64 "  x6 %016" PRIx64 "  x7 %016" PRIx64 "\n",
		pc, sp, ps, x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]);
}

int arch_result_reg(struct vcpu *vcpu, uint64_t *val)
{
	if (get_reg(vcpu, REG_X(0), val) < 0)
		return err_sys("KVM_GET_ONE_REG");
	return 0;
}
