// SPDX-License-Identifier: GPL-2.0
/*
 * Where a stuck x86 guest waits (--timeout): per vCPU its mode, RIP and
 * interrupt flag, KVM's mp_state, its registers and stack words, the
 * events KVM holds for it and, with the in-kernel irqchip, its LAPIC
 * (IRR, ISR, timer); once per VM the PIC, IOAPIC and PIT, as they were
 * at the timeout. A guest waiting with IF=1 and nothing in any IRR waits
 * for an interrupt no device raises; one with an interrupt requested and
 * unmasked all the way was not given it.
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "arch.h"
#include "vcpu.h"
#include "vm.h"
#include "x86_internal.h"

#define X86_RFLAGS_IF	(1u << 9)
#define X86_EFER_LMA	(1u << 10)
#define APIC_BASE_EXTD	(1u << 10)	/* x2APIC mode */
#define APIC_BASE_EN	(1u << 11)

#define APIC_TPR	0x80
#define APIC_SVR	0xf0
#define APIC_ISR	0x100
#define APIC_IRR	0x200
#define APIC_LVTT	0x320
#define APIC_LVT0	0x350
#define APIC_LVT1	0x360
#define APIC_TMICT	0x380
#define APIC_TMCCT	0x390
#define APIC_TDCR	0x3e0
#define APIC_SVR_ENABLE	(1u << 8)
#define LVT_MASKED	(1u << 16)

#define MSR_IA32_TSC		0x10
#define MSR_IA32_TSC_DEADLINE	0x6e0

#define MAX_LISTED	6	/* vectors or pins listed before "..." */

static uint32_t lapic_reg(const struct kvm_lapic_state *l, unsigned int off)
{
	uint32_t v;

	memcpy(&v, l->regs + off, sizeof(v));
	return v;
}

void x86_lapic_vectors(const struct kvm_lapic_state *l, unsigned int reg,
		       char *buf, size_t len)
{
	unsigned int vec, n = 0;
	size_t used = 0;
	int w;

	snprintf(buf, len, "-");
	/* eight 32-bit words, 16 bytes apart; the highest vector first */
	for (vec = 256; vec-- > 0 && used < len;) {
		if (!(lapic_reg(l, reg + (vec / 32) * 16) & (1u << (vec % 32))))
			continue;
		if (n++ == MAX_LISTED) {
			snprintf(buf + used, len - used, ",...");
			return;
		}
		w = snprintf(buf + used, len - used, "%s0x%02x", n > 1 ? "," : "",
			     vec);
		if (w < 0)
			return;
		used += (size_t)w;
	}
}

static const char *lvt_mode(uint32_t lvt)
{
	static const char * const names[8] = {
		"fixed", "lowest", "SMI", "?", "NMI", "INIT", "?", "ExtINT",
	};

	return lvt & LVT_MASKED ? "masked" : names[(lvt >> 8) & 7];
}

void x86_report_lapic(FILE *out, const struct kvm_lapic_state *l,
		      uint64_t apic_base, const int64_t *deadline_in)
{
	static const char * const timer_modes[4] = {
		"one-shot", "periodic", "TSC-deadline", "reserved",
	};
	uint32_t svr = lapic_reg(l, APIC_SVR), lvtt = lapic_reg(l, APIC_LVTT);
	uint32_t tdcr = lapic_reg(l, APIC_TDCR);
	/* TDCR bits 0, 1 and 3: divide by 2^(n + 1), 0b111 by 1 */
	unsigned int div_code = (tdcr & 3) | ((tdcr >> 1) & 4);
	char irr[64], isr[64];

	if (!(apic_base & APIC_BASE_EN)) {
		fprintf(out, "    lapic: disabled (APIC_BASE 0x%" PRIx64 ")\n",
			apic_base);
		return;
	}
	x86_lapic_vectors(l, APIC_IRR, irr, sizeof(irr));
	x86_lapic_vectors(l, APIC_ISR, isr, sizeof(isr));
	fprintf(out, "    lapic%s: irr %s, isr %s, tpr 0x%02x, %s, lvt0 %s, lvt1 %s\n",
		apic_base & APIC_BASE_EXTD ? " (x2APIC)" : "", irr, isr,
		lapic_reg(l, APIC_TPR) & 0xff,
		svr & APIC_SVR_ENABLE ? "enabled" : "software-disabled",
		lvt_mode(lapic_reg(l, APIC_LVT0)),
		lvt_mode(lapic_reg(l, APIC_LVT1)));
	fprintf(out, "    lapic timer: %s%s, vector 0x%02x", timer_modes[(lvtt >> 17) & 3],
		lvtt & LVT_MASKED ? " (masked)" : "", lvtt & 0xff);
	if (((lvtt >> 17) & 3) == 2) {
		if (!deadline_in)
			fprintf(out, ", deadline unknown\n");
		else if (!*deadline_in)
			fprintf(out, ", not armed\n");
		else
			fprintf(out, ", deadline in %" PRId64 " TSC cycles\n",
				*deadline_in);
		return;
	}
	fprintf(out, ", initial count 0x%x, current 0x%x, divide %u\n",
		lapic_reg(l, APIC_TMICT), lapic_reg(l, APIC_TMCCT),
		div_code == 7 ? 1 : 2u << div_code);
}

void x86_report_events(FILE *out, const struct kvm_vcpu_events *ev)
{
	const char *sep = " ";

	fprintf(out, "    events:");
	if (ev->exception.injected || ev->exception.pending) {
		fprintf(out, "%sexception %u %s", sep, ev->exception.nr,
			ev->exception.injected ? "injected" : "pending");
		if (ev->exception.has_error_code)
			fprintf(out, " (error 0x%x)", ev->exception.error_code);
		sep = ", ";
	}
	if (ev->interrupt.injected) {
		fprintf(out, "%s%sinterrupt 0x%02x injected", sep,
			ev->interrupt.soft ? "soft " : "", ev->interrupt.nr);
		sep = ", ";
	}
	if (ev->nmi.injected || ev->nmi.pending) {
		fprintf(out, "%snmi %s", sep, ev->nmi.injected ? "injected" : "pending");
		sep = ", ";
	}
	if (ev->nmi.masked) {
		fprintf(out, "%snmis masked", sep);
		sep = ", ";
	}
	if (ev->interrupt.shadow) {
		fprintf(out, "%sinterrupt shadow (%s)", sep,
			ev->interrupt.shadow & KVM_X86_SHADOW_INT_STI ? "sti" : "mov ss");
		sep = ", ";
	}
	fprintf(out, "%s\n", sep[0] == ' ' ? " none" : "");
}

void x86_report_pic(FILE *out, const struct kvm_pic_state *m,
		    const struct kvm_pic_state *s)
{
	fprintf(out, "    pic: irr 0x%02x imr 0x%02x isr 0x%02x base 0x%02x; slave irr 0x%02x imr 0x%02x isr 0x%02x\n",
		m->irr, m->imr, m->isr, m->irq_base, s->irr, s->imr, s->isr);
}

void x86_report_ioapic(FILE *out, const struct kvm_ioapic_state *io)
{
	unsigned int pin, n = 0;

	fprintf(out, "    ioapic: irr 0x%06x", io->irr);
	for (pin = 0; pin < KVM_IOAPIC_NUM_PINS; pin++) {
		if (io->redirtbl[pin].fields.mask)
			continue;
		if (n++ == MAX_LISTED) {
			fprintf(out, ", ...");
			break;
		}
		fprintf(out, "%s %u->0x%02x %s%s", n == 1 ? ", unmasked:" : ",",
			pin, io->redirtbl[pin].fields.vector,
			io->redirtbl[pin].fields.trig_mode ? "level" : "edge",
			io->redirtbl[pin].fields.remote_irr ? " remote-irr" : "");
	}
	fprintf(out, "%s\n", n ? "" : ", all pins masked");
}

void x86_report_pit(FILE *out, const struct kvm_pit_state2 *pit)
{
	const struct kvm_pit_channel_state *c = &pit->channels[0];

	/* KVM resets channel 0 to mode 0xff: never programmed */
	if (c->mode > 5)
		fprintf(out, "    pit: channel 0 not programmed\n");
	else
		fprintf(out, "    pit: channel 0 mode %u, count %u\n", c->mode,
			c->count);
}

/* Reports "what: unavailable (CALL: error)" in place of a line. */
static void no_state(FILE *out, const char *what, const char *call)
{
	fprintf(out, "    %s: unavailable (%s: %s)\n", what, call, strerror(errno));
}

static const char *cpu_mode(const struct kvm_sregs *s)
{
	if (!(s->cr0 & X86_CR0_PE))
		return "real mode";
	if (s->efer & X86_EFER_LMA)
		return s->cs.l ? "long mode" : "compatibility mode";
	return "protected mode";
}

/* TSC-deadline timer: cycles from now to the deadline; 0 if not armed. */
static int deadline_in(struct vcpu *vcpu, int64_t *in)
{
	struct {
		struct kvm_msrs hdr;
		struct kvm_msr_entry e[2];
	} m = { .hdr.nmsrs = 2,
		.e = { { .index = MSR_IA32_TSC_DEADLINE },
		       { .index = MSR_IA32_TSC } } };

	if (ioctl(vcpu->fd, KVM_GET_MSRS, &m) != 2)
		return -1;
	*in = m.e[0].data ? (int64_t)(m.e[0].data - m.e[1].data) : 0;
	return 0;
}

/* The VM's interrupt controllers and PIT, as KVM_GET_IRQCHIP/PIT2 give them. */
struct x86_wait {
	struct kvm_irqchip chip[KVM_NR_IRQCHIPS];
	struct kvm_pit_state2 pit;
	int chip_err, pit_err;	/* errno of a failed ioctl, or 0 */
};

static void read_wait(struct vm *vm, struct x86_wait *w)
{
	int i;

	memset(w, 0, sizeof(*w));
	for (i = 0; i < KVM_NR_IRQCHIPS && !w->chip_err; i++) {
		w->chip[i].chip_id = (uint32_t)i;
		if (ioctl(vm->fd, KVM_GET_IRQCHIP, &w->chip[i]) < 0)
			w->chip_err = errno;
	}
	if (vm->arch.pit && ioctl(vm->fd, KVM_GET_PIT2, &w->pit) < 0)
		w->pit_err = errno;
}

/*
 * KVM_GET_IRQCHIP and KVM_GET_PIT2 are VM ioctls: unlike the vCPU's own
 * state they can be read while the vCPUs still run, before the PIT goes
 * on raising IRQ 0 with nobody to take it.
 */
void arch_vm_save_wait(struct vm *vm)
{
	if (!vm->irqchip || vm->arch.wait)
		return;
	vm->arch.wait = malloc(sizeof(struct x86_wait));
	if (vm->arch.wait)
		read_wait(vm, vm->arch.wait);
}

static void report_irqchip(struct vcpu *vcpu, FILE *out)
{
	struct x86_wait *w = vcpu->vm->arch.wait, now;
	struct kvm_lapic_state lapic;
	struct kvm_sregs s;
	bool tscdeadline;
	int64_t in;

	if (ioctl(vcpu->fd, KVM_GET_SREGS, &s) < 0) {
		no_state(out, "lapic", "KVM_GET_SREGS");
	} else if (ioctl(vcpu->fd, KVM_GET_LAPIC, &lapic) < 0) {
		no_state(out, "lapic", "KVM_GET_LAPIC");
	} else {
		tscdeadline = ((lapic_reg(&lapic, APIC_LVTT) >> 17) & 3) == 2;
		x86_report_lapic(out, &lapic, s.apic_base,
				 tscdeadline && !deadline_in(vcpu, &in) ? &in : NULL);
	}
	if (vcpu->id)
		return;		/* the rest is the VM's: once, with vCPU 0 */
	if (!w) {
		read_wait(vcpu->vm, &now);
		w = &now;
	}
	errno = w->chip_err;
	if (w->chip_err) {
		no_state(out, "pic, ioapic", "KVM_GET_IRQCHIP");
	} else {
		x86_report_pic(out, &w->chip[KVM_IRQCHIP_PIC_MASTER].chip.pic,
			       &w->chip[KVM_IRQCHIP_PIC_SLAVE].chip.pic);
		x86_report_ioapic(out, &w->chip[KVM_IRQCHIP_IOAPIC].chip.ioapic);
	}
	errno = w->pit_err;
	if (!vcpu->vm->arch.pit)
		fprintf(out, "    pit: none (--no-pit)\n");
	else if (w->pit_err)
		no_state(out, "pit", "KVM_GET_PIT2");
	else
		x86_report_pit(out, &w->pit);
}

#define STACK_WORDS	48	/* enough for a Linux interrupt frame or two */

/* A guest virtual address's bytes in kvmini's mapping, or NULL. */
static const void *guest_va(struct vcpu *vcpu, uint64_t va, uint64_t len)
{
	struct kvm_translation t = { .linear_address = va };

	if (ioctl(vcpu->fd, KVM_TRANSLATE, &t) < 0 || !t.valid ||
	    (t.physical_address & 0xfff) + len > 0x1000)
		return NULL;
	return vm_gpa(vcpu->vm, t.physical_address, len);
}

/*
 * The general registers and the words from the stack pointer up, as far
 * as the guest's page tables map them: with a kernel started with
 * nokaslr, the return addresses in them, looked up in its symbols, show
 * the call path of a vCPU that spins (x86 Linux keeps no frame pointers).
 */
static void report_stack(struct vcpu *vcpu, FILE *out, const struct kvm_regs *r)
{
	const void *p;
	uint64_t w;
	int i;

	fprintf(out, "    rax %llx rbx %llx rcx %llx rdx %llx rsi %llx rdi %llx\n"
		"    rsp %llx rbp %llx r8 %llx r9 %llx r10 %llx r11 %llx\n"
		"    r12 %llx r13 %llx r14 %llx r15 %llx\n",
		r->rax, r->rbx, r->rcx, r->rdx, r->rsi, r->rdi, r->rsp, r->rbp,
		r->r8, r->r9, r->r10, r->r11, r->r12, r->r13, r->r14, r->r15);
	fprintf(out, "    stack:");
	for (i = 0; i < STACK_WORDS; i++) {
		p = guest_va(vcpu, r->rsp + (uint64_t)i * 8, 8);
		if (!p)
			break;
		memcpy(&w, p, sizeof(w));	/* the guest's rsp: any alignment */
		fprintf(out, "%s %016" PRIx64, i % 4 ? "" : "\n     ", w);
	}
	fprintf(out, "%s\n", i ? "" : " unmapped");
}

void arch_vcpu_report_wait(struct vcpu *vcpu, FILE *out)
{
	struct kvm_vcpu_events ev;
	struct kvm_regs r;
	struct kvm_sregs s;
	const char *mp_name, *what;
	int mp = postmortem_mp_state(vcpu, &mp_name);

	if (vcpu->halted)
		what = "finished at a hlt";	/* no irqchip: hlt ended it */
	else if (mp == KVM_MP_STATE_HALTED)
		what = "halted";		/* in KVM, for an interrupt */
	else if (mp == KVM_MP_STATE_RUNNABLE)
		what = "running";
	else
		what = "not running";
	fprintf(out, "%s (mp_state %s), ", what, mp_name);
	if (ioctl(vcpu->fd, KVM_GET_REGS, &r) < 0 ||
	    ioctl(vcpu->fd, KVM_GET_SREGS, &s) < 0) {
		fprintf(out, "registers unavailable (%s)\n", strerror(errno));
		return;
	}
	fprintf(out, "rip %016llx, rflags 0x%llx IF=%d, %s cpl %u\n",
		r.rip, r.rflags, !!(r.rflags & X86_RFLAGS_IF), cpu_mode(&s),
		s.cs.dpl);
	report_stack(vcpu, out, &r);
	if (ioctl(vcpu->fd, KVM_GET_VCPU_EVENTS, &ev) < 0)
		no_state(out, "events", "KVM_GET_VCPU_EVENTS");
	else
		x86_report_events(out, &ev);
	if (vcpu->vm->irqchip)
		report_irqchip(vcpu, out);
}
