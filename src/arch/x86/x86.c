// SPDX-License-Identifier: GPL-2.0
/*
 * x86 guests: real, protected (flat GDT) and long mode (identity map of
 * the low 4 GiB with 2 MiB pages, so MMIO windows below 4 GiB are mapped).
 */
#include <elf.h>
#include <inttypes.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "arch.h"
#include "board.h"
#include "compiler.h"
#include "config.h"
#include "kvm_ext.h"
#include "loader.h"
#include "log.h"
#include "status.h"
#include "vcpu.h"
#include "vm.h"
#include "x86_internal.h"

#define X86_CR0_MP	(1u << 1)
#define X86_CR0_ET	(1u << 4)
#define X86_CR0_NE	(1u << 5)
#define X86_CR0_PG	(1u << 31)
#define X86_CR4_PAE	(1u << 5)
#define X86_EFER_LME	(1u << 8)
#define X86_EFER_LMA	(1u << 10)
#define CPUID1_ECX_TSC_DEADLINE	(1u << 24)
#define CPUID1_ECX_HYPERVISOR	(1u << 31)

#define PTE_P		(1ull << 0)
#define PTE_RW		(1ull << 1)
#define PTE_PS		(1ull << 7)

#define TSS_ADDR	0xfffbd000	/* Intel needs 3 pages below 4 GiB */
#define PT_PDS		4		/* page directories: 4 GiB mapped */
#define REAL_MODE_LIMIT	0x10000

/*
 * Every line goes to the IOAPIC pin of its number and nowhere else. KVM's
 * default routing also sends lines 0-15 to the 8259 PIC, and the boot
 * CPU's LINT0 comes out of reset in ExtINT mode, unmasked, which Linux
 * keeps as it finds it; on the hardware-reduced platform the ACPI tables
 * describe, Linux never programs the PIC, so a device's interrupt would
 * also arrive through LINT0 on the PIC's reset vector base: vector 4 for
 * COM1, an exception vector. Left without input, the PIC stays quiet.
 */
static int route_to_ioapic(struct vm *vm)
{
	struct kvm_irq_routing *r;
	unsigned int i;
	int ret = 0;

	r = calloc(1, sizeof(*r) + KVM_IOAPIC_NUM_PINS * sizeof(r->entries[0]));
	if (!r)
		return err_sys("calloc");
	r->nr = KVM_IOAPIC_NUM_PINS;
	for (i = 0; i < KVM_IOAPIC_NUM_PINS; i++)
		r->entries[i] = (struct kvm_irq_routing_entry){
			.gsi = i, .type = KVM_IRQ_ROUTING_IRQCHIP,
			.u.irqchip = { .irqchip = KVM_IRQCHIP_IOAPIC, .pin = i },
		};
	if (ioctl(vm->fd, KVM_SET_GSI_ROUTING, r) < 0)
		ret = err_sys("KVM_SET_GSI_ROUTING");
	free(r);
	return ret;
}

/*
 * What a PC's BIOS leaves to the boot loader's OS (SeaBIOS, under which
 * QEMU boots Multiboot images): the 8259s programmed, the timer and the
 * cascade unmasked, the PIT's channel 0 ticking at 18.2 Hz (mode 3,
 * count 65536). An OS that wants no interrupt from them masks the 8259s
 * first, as on a PC; multiboot.c writes the matching vector table.
 */
#define PIC_UNMASKED	0xfa	/* IRQ 0 (the PIT) and 2 (the slave) */

static int bios_irq_state(struct vm *vm)
{
	struct kvm_irqchip pic[2] = {
		{ .chip_id = KVM_IRQCHIP_PIC_MASTER },
		{ .chip_id = KVM_IRQCHIP_PIC_SLAVE },
	};
	struct kvm_pit_state2 pit;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct kvm_pic_state *s = &pic[i].chip.pic;

		if (ioctl(vm->fd, KVM_GET_IRQCHIP, &pic[i]) < 0)
			return err_sys("KVM_GET_IRQCHIP");
		s->irq_base = i ? X86_PIC_VECTORS_SLAVE : X86_PIC_VECTORS_MASTER;
		s->imr = i ? 0xff : PIC_UNMASKED;
		s->init4 = 1;		/* ICW4 given: 8086 mode */
		if (ioctl(vm->fd, KVM_SET_IRQCHIP, &pic[i]) < 0)
			return err_sys("KVM_SET_IRQCHIP");
	}
	if (!vm->arch.pit)
		return 0;
	if (ioctl(vm->fd, KVM_GET_PIT2, &pit) < 0)
		return err_sys("KVM_GET_PIT2");
	pit.channels[0].count = 0;	/* 65536 */
	pit.channels[0].mode = 3;
	pit.channels[0].rw_mode = 3;	/* low byte, then high */
	pit.channels[0].read_state = 3;
	pit.channels[0].write_state = 3;
	if (ioctl(vm->fd, KVM_SET_PIT2, &pit) < 0)
		return err_sys("KVM_SET_PIT2");
	return 0;
}

/*
 * Interrupts for Linux guests: PIC, IOAPIC and LAPICs, and the PIT
 * unless asked not to (a PIT inhibits AMD's AVIC, which some guests
 * measure without). A PC's OS (a Multiboot image) keeps KVM's routing,
 * a PC's: lines 0-15 to the PIC too, the PIT's line 0 to IOAPIC pin 2;
 * and finds them as a BIOS leaves them.
 */
static int create_irqchip(struct vm *vm, bool want_pit, bool pc)
{
	/* the dummy speaker puts port 0x61 (channel 2 gate and output),
	 * which Linux's PIT calibration polls, in the kernel too
	 */
	struct kvm_pit_config pit = { .flags = KVM_PIT_SPEAKER_DUMMY };

	if (ioctl(vm->fd, KVM_CREATE_IRQCHIP, 0) < 0) {
		err_sys("KVM_CREATE_IRQCHIP");
		return ST_HOST;
	}
	if (!pc && route_to_ioapic(vm) < 0)
		return ST_HOST;
	if (want_pit && ioctl(vm->fd, KVM_CREATE_PIT2, &pit) < 0) {
		err_sys("KVM_CREATE_PIT2");
		return ST_HOST;
	}
	vm->irqchip = true;
	vm->arch.pit = want_pit;
	return pc && bios_irq_state(vm) < 0 ? ST_HOST : ST_OK;
}

int arch_check_config(const struct config *cfg, const struct image *img)
{
	uint32_t mask;

	/*
	 * A kernel finds its CPUs in the ACPI MADT (acpi.c) and a
	 * Multiboot image starts them as on a PC, by INIT and SIPI
	 */
	if (cfg->cpus > 1 && img->mode != 64 && !img->multiboot) {
		err_msg("x86: more than one vCPU needs a long-mode (64-bit) or a Multiboot guest");
		return ST_USAGE;
	}
	return x86_cpuid_clear_parse(cfg->cpuid_clear, &mask);
}

/*
 * KVM's CPUID 0x4fffffff (kernel/patches/x86-exit-stats), which must be
 * enabled before the first vCPU. Without the capability (stock KVM) the
 * leaf stays an ordinary one and kvmini says nothing: the guest's own
 * reading tells.
 */
static int enable_exit_stats_leaf(struct vm *vm, bool want)
{
	struct kvm_enable_cap cap = { .cap = KVM_CAP_X86_CPUID_EXIT_STATS };

	if (!want ||
	    ioctl(vm->fd, KVM_CHECK_EXTENSION, KVM_CAP_X86_CPUID_EXIT_STATS) <= 0)
		return ST_OK;
	if (ioctl(vm->fd, KVM_ENABLE_CAP, &cap) < 0) {
		err_sys("KVM_ENABLE_CAP (CPUID 0x4fffffff)");
		return ST_HOST;
	}
	vm->arch.exit_stats_leaf = true;
	return ST_OK;
}

int arch_vm_init(struct vm *vm, const struct config *cfg,
		 const struct image *img)
{
	int st;

	if (ioctl(vm->fd, KVM_SET_TSS_ADDR, TSS_ADDR) < 0) {
		err_sys("KVM_SET_TSS_ADDR");
		return ST_HOST;
	}
	/* checked already (arch_check_config) */
	x86_cpuid_clear_parse(cfg->cpuid_clear, &vm->arch.cpuid_clear);
	st = enable_exit_stats_leaf(vm, cfg->exit_stats_leaf);
	if (st != ST_OK)
		return st;
	/* a Multiboot image is an OS for a PC: it gets its LAPIC and PIC */
	if (!img->kernel && !img->multiboot && !cfg->irqchip)
		return ST_OK;
	st = create_irqchip(vm, cfg->pit, img->multiboot);
	if (st == ST_OK && img->multiboot && x86_s3_prepare(vm) < 0)
		st = ST_HOST;
	return st;
}

int arch_vm_ready(struct vm *vm, const struct config *cfg,
		  const struct image *img, const struct devmgr *dm)
{
	if (img->multiboot)
		return x86_boot_multiboot(vm, cfg, dm);
	if (!img->kernel)
		return ST_OK;	/* bare guests need no boot data */
	return x86_boot_linux(vm, cfg, img, dm);
}

void arch_vm_destroy(struct vm *vm)
{
	x86_s3_destroy(vm);
	free(vm->arch.wait);
	vm->arch.wait = NULL;
}

void arch_report(struct vm *vm,
		 void (*emit)(void *ctx, const char *name, uint64_t val),
		 void *ctx)
{
	emit(ctx, "exit_stats_leaf", vm->arch.exit_stats_leaf);
}

/* irq is an ISA/GSI line; the in-kernel PIC and IOAPIC both see it. */
int arch_set_irq(struct vm *vm, unsigned int irq, int level)
{
	struct kvm_irq_level l = { .irq = irq, .level = level };

	if (!vm->irqchip)
		return 0;
	if (ioctl(vm->fd, KVM_IRQ_LINE, &l) < 0)
		return err_sys("KVM_IRQ_LINE");
	return 0;
}

bool arch_elf_ok(uint16_t machine, int elf_class)
{
	return (machine == EM_X86_64 && elf_class == ELFCLASS64) ||
	       (machine == EM_386 && elf_class == ELFCLASS32);
}

int arch_image_check(struct image *img, uint64_t ram_size)
{
	unsigned int i;
	int st;

	if (arch_is_kernel(img)) {
		if (img->mode && img->mode != 64) {
			err_msg("%s: a bzImage starts in long mode", img->name);
			return ST_USAGE;
		}
		return x86_bzimage_check(img, ram_size);
	}
	st = x86_multiboot_check(img);
	if (st != ST_OK)
		return st;
	if (!img->mode)
		img->mode = img->note_mode;
	if (!img->mode)
		img->mode = img->elf_class == ELFCLASS64 ? 64 :
			    img->elf_class == ELFCLASS32 ? 32 : 16;
	if (img->mode != 16 && img->mode != 32 && img->mode != 64) {
		err_msg("%s: unknown start mode %d", img->name, img->mode);
		return ST_IMAGE;
	}
	if (img->mode == 64 && img->elf_class == ELFCLASS32) {
		err_msg("%s: a 32-bit ELF image cannot start in long mode",
			img->name);
		return ST_IMAGE;
	}
	for (i = 0; i < img->nr_segs; i++) {
		if (img->segs[i].gpa < KVMINI_BOOT_END) {
			err_msg("%s: segment at 0x%" PRIx64
				" overlaps kvmini's boot area (below 0x%x)",
				img->name, img->segs[i].gpa, KVMINI_BOOT_END);
			return ST_IMAGE;
		}
	}
	if (img->mode == 16 && img->entry >= REAL_MODE_LIMIT) {
		err_msg("%s: real-mode entry 0x%" PRIx64 " is above 64 KiB",
			img->name, img->entry);
		return ST_IMAGE;
	}
	return ST_OK;
}

#define GDT_CODE32	0x00cf9a000000ffffull
#define GDT_CODE64	0x00af9a000000ffffull
#define GDT_DATA	0x00cf92000000ffffull
/* Linux's 64-bit boot protocol wants __BOOT_CS 0x10 and __BOOT_DS 0x18 */
#define LINUX_SEL_CODE	0x10
#define LINUX_SEL_DATA	0x18

/* kvmini's boot area: below 1 MiB, the least RAM config.c allows */
static void *boot_area(struct vm *vm, uint64_t gpa, uint64_t len)
{
	void *p = vm_gpa(vm, gpa, len);

	if (!p)
		err_msg("guest RAM does not hold kvmini's boot area at 0x%" PRIx64,
			gpa);
	return p;
}

static int set_gdt(struct vm *vm, bool kernel)
{
	uint64_t *gdt = boot_area(vm, KVMINI_GDT_ADDR, 4 * sizeof(uint64_t));

	if (!gdt)
		return -1;
	gdt[0] = 0;
	gdt[1] = GDT_CODE32;
	if (kernel) {
		gdt[LINUX_SEL_CODE / 8] = GDT_CODE64;
		gdt[LINUX_SEL_DATA / 8] = GDT_DATA;
	} else {
		gdt[KVMINI_SEL_DATA / 8] = GDT_DATA;
		gdt[KVMINI_SEL_CODE64 / 8] = GDT_CODE64;
	}
	return 0;
}

/*
 * KVM reports the APIC ID of the host CPU it ran on; each vCPU's CPUID
 * must carry its own (leaf 1 EBX[31:24], leaves 0xb and 0x1f EDX), which
 * is its LAPIC ID, the vCPU index, as the MADT says (acpi.c).
 */
static void set_apic_id(struct kvm_cpuid2 *c, uint32_t id)
{
	struct kvm_cpuid_entry2 *e;
	uint32_t i;

	for (i = 0; i < c->nent; i++) {
		e = &c->entries[i];
		if (e->function == 1)
			e->ebx = (e->ebx & 0x00ffffff) | (id << 24);
		else if (e->function == 0xb || e->function == 0x1f)
			e->edx = id;
	}
}

/*
 * What KVM_GET_SUPPORTED_CPUID leaves to the VMM: the hypervisor bit,
 * without which Linux does not look for KVM's leaves (0x40000000) and so
 * has no kvmclock to tell it the TSC's frequency (on a hardware-reduced
 * ACPI platform it has no PIT ticks to measure it by either, and waits
 * for jiffies in calibrate_delay for ever), and the TSC-deadline timer,
 * which KVM's LAPIC emulates when it says so: Linux then needs no LAPIC
 * timer calibration.
 */
static void set_features(struct vcpu *vcpu, struct kvm_cpuid2 *c)
{
	bool deadline = ioctl(vcpu->vm->kvm_fd, KVM_CHECK_EXTENSION,
			      KVM_CAP_TSC_DEADLINE_TIMER) > 0;
	uint32_t i;

	for (i = 0; i < c->nent; i++) {
		if (c->entries[i].function != 1)
			continue;
		c->entries[i].ecx |= CPUID1_ECX_HYPERVISOR;
		if (deadline)
			c->entries[i].ecx |= CPUID1_ECX_TSC_DEADLINE;
	}
}

/* The guest's CPUID: what KVM supports on this host, less --cpuid-clear. */
static int set_cpuid(struct vcpu *vcpu)
{
	const int max = 256;
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + max * sizeof(c->entries[0]));
	int ret = -1;

	if (!c)
		return err_sys("calloc");
	c->nent = max;
	if (ioctl(vcpu->vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, c) < 0) {
		err_sys("KVM_GET_SUPPORTED_CPUID");
		goto out;
	}
	set_apic_id(c, (uint32_t)vcpu->id);
	set_features(vcpu, c);
	x86_cpuid_clear(c, vcpu->vm->arch.cpuid_clear);
	if (ioctl(vcpu->fd, KVM_SET_CPUID2, c) < 0)
		err_sys("KVM_SET_CPUID2");
	else
		ret = 0;
out:
	free(c);
	return ret;
}

static int set_page_tables(struct vm *vm)
{
	uint64_t *pml4 = boot_area(vm, KVMINI_PT_ADDR, (2 + PT_PDS) * 0x1000);
	uint64_t *pdpt, *pd, i;

	if (!pml4)
		return -1;
	pdpt = pml4 + 512;
	pd = pdpt + 512;
	memset(pml4, 0, 0x1000);
	memset(pdpt, 0, 0x1000);
	pml4[0] = (KVMINI_PT_ADDR + 0x1000) | PTE_P | PTE_RW;
	for (i = 0; i < PT_PDS; i++)
		pdpt[i] = (KVMINI_PT_ADDR + 0x2000 + i * 0x1000) | PTE_P | PTE_RW;
	for (i = 0; i < PT_PDS * 512; i++)
		pd[i] = (i << 21) | PTE_P | PTE_RW | PTE_PS;
	return 0;
}

void x86_flat_segment(struct kvm_segment *s, uint16_t sel, uint8_t type)
{
	*s = (struct kvm_segment){
		.base = 0, .limit = 0xffffffff, .selector = sel, .type = type,
		.present = 1, .dpl = 0, .db = 1, .s = 1, .l = 0, .g = 1,
	};
}

static void real_segment(struct kvm_segment *s)
{
	s->base = 0;
	s->selector = 0;
}

int arch_vcpu_init(struct vcpu *vcpu, const struct image *img)
{
	struct kvm_sregs sregs;
	/* all vCPUs start at the entry: rdi = index, rsi = count (SysV) */
	struct kvm_regs regs = {
		.rflags = 2, .rip = img->entry, .rdi = (uint64_t)vcpu->id,
		.rsi = vcpu->vm->vcpus->planned,
	};

	if (x86_s3_save_vcpu(vcpu) < 0)
		return -1;

	/*
	 * A kernel's (or a Multiboot image's) other CPUs wait for the INIT
	 * and startup IPIs its boot CPU sends them, as on a PC: with the
	 * in-kernel irqchip KVM creates every vCPU but the first in that
	 * state, so they keep their reset state; they need only their CPUID.
	 */
	if ((img->kernel || img->multiboot) && vcpu->id > 0)
		return set_cpuid(vcpu);
	/* a bare guest's (--irqchip) all start at the entry, as without */
	if (vcpu->vm->irqchip && vcpu->id > 0 &&
	    ioctl(vcpu->fd, KVM_SET_MP_STATE,
		  &(struct kvm_mp_state){ KVM_MP_STATE_RUNNABLE }) < 0)
		return err_sys("KVM_SET_MP_STATE");
	if (ioctl(vcpu->fd, KVM_GET_SREGS, &sregs) < 0)
		return err_sys("KVM_GET_SREGS");
	if (img->mode == 16) {
		real_segment(&sregs.cs);
		real_segment(&sregs.ds);
		real_segment(&sregs.es);
		real_segment(&sregs.fs);
		real_segment(&sregs.gs);
		real_segment(&sregs.ss);
		regs.rsp = KVMINI_REAL_STACK_TOP;
	} else {
		if (set_gdt(vcpu->vm, img->kernel) < 0)
			return -1;
		sregs.gdt.base = KVMINI_GDT_ADDR;
		sregs.gdt.limit = 4 * 8 - 1;
		x86_flat_segment(&sregs.cs, KVMINI_SEL_CODE32, 11);
		x86_flat_segment(&sregs.ds, img->kernel ? LINUX_SEL_DATA : KVMINI_SEL_DATA, 3);
		sregs.es = sregs.ds;
		sregs.fs = sregs.ds;
		sregs.gs = sregs.ds;
		sregs.ss = sregs.ds;
		sregs.cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE;
		regs.rsp = KVMINI_STACK_TOP - (uint64_t)vcpu->id * KVMINI_STACK_SIZE;
	}
	if (img->mode == 64) {
		if (set_page_tables(vcpu->vm) < 0)
			return -1;
		sregs.cs.selector = img->kernel ? LINUX_SEL_CODE : KVMINI_SEL_CODE64;
		sregs.cs.db = 0;
		sregs.cs.l = 1;
		sregs.cr3 = KVMINI_PT_ADDR;
		sregs.cr4 = X86_CR4_PAE;
		sregs.cr0 |= X86_CR0_PG;
		sregs.efer = X86_EFER_LME | X86_EFER_LMA;
	}
	/* before SREGS: KVM checks EFER.LME against the guest's CPUID */
	if (set_cpuid(vcpu) < 0)
		return -1;
	if (img->multiboot) {
		regs.rax = X86_MB_BOOT_MAGIC;
		regs.rbx = KVMINI_MB_INFO;
	}
	if (img->kernel) {
		regs.rsi = KVMINI_ZERO_PAGE;	/* boot_params */
		regs.rdi = 0;
		/*
		 * The LAPIC stays enabled (KVM's reset state) and the guest
		 * uses it and the IOAPIC, never the 8259 PIC and its LINT0
		 * virtual wire: the ACPI tables describe a hardware-reduced
		 * platform (acpi.c). Through LINT0, with the PIT ticking
		 * while Linux masked LINT0 to set the LAPIC up, a tick could
		 * stay pending in the PIC for ever (KVM does not look at the
		 * PIC again on unmask, the PIT waits for the acknowledgement)
		 * and the guest hung in calibrate_delay.
		 */
	}
	if (ioctl(vcpu->fd, KVM_SET_SREGS, &sregs) < 0)
		return err_sys("KVM_SET_SREGS");
	if (ioctl(vcpu->fd, KVM_SET_REGS, &regs) < 0)
		return err_sys("KVM_SET_REGS");
	return 0;
}

struct exit_action arch_handle_exit(struct vcpu *vcpu)
{
	(void)vcpu;
	return EXIT_ACTION_UNHANDLED;
}

void arch_dump_regs(struct vcpu *vcpu, FILE *out)
{
	struct kvm_regs r;
	struct kvm_sregs s;

	if (ioctl(vcpu->fd, KVM_GET_REGS, &r) < 0 ||
	    ioctl(vcpu->fd, KVM_GET_SREGS, &s) < 0) {
		err_sys("KVM_GET_REGS");
		return;
	}
	fprintf(out,
		"  rip %016llx  rsp %016llx  rflags %08llx\n"
		"  rax %016llx  rbx %016llx  rcx %016llx\n"
		"  rdx %016llx  rsi %016llx  rdi %016llx\n"
		"  cs %04x/%016llx  cr0 %08llx  cr3 %08llx  cr4 %08llx  efer %llx\n",
		r.rip, r.rsp, r.rflags, r.rax, r.rbx, r.rcx, r.rdx, r.rsi, r.rdi,
		s.cs.selector, s.cs.base, s.cr0, s.cr3, s.cr4, s.efer);
}

int arch_result_reg(struct vcpu *vcpu, uint64_t *val)
{
	struct kvm_regs r;

	if (ioctl(vcpu->fd, KVM_GET_REGS, &r) < 0)
		return err_sys("KVM_GET_REGS");
	*val = r.rax;
	return 0;
}
