// SPDX-License-Identifier: GPL-2.0
/*
 * The x86 part of the --timeout report, from hand-made KVM state: the
 * LAPIC's pending and in-service vectors and timer, the events KVM holds
 * for a vCPU, the PIC, IOAPIC and PIT, each as one line; and a vCPU's
 * registers and stack words, its KVM calls answered by the test (the
 * link wraps ioctl).
 */
#include <linux/kvm.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../ioctl_wrap.h"

#include "arch.h"
#include "vcpu.h"
#include "vm.h"
#include "x86_internal.h"

#define APIC_BASE	0xfee00900ull	/* enabled, BSP */
#define VCPU_FD		1000	/* answered by __wrap_ioctl, never opened */
#define RAM_SIZE	0x2000

static struct kvm_regs regs;	/* the stuck vCPU's, for KVM_GET_REGS */

struct out {
	char *buf;
	size_t len;
	FILE *f;
};

static void out_open(struct out *o)
{
	o->buf = NULL;
	o->f = open_memstream(&o->buf, &o->len);
	assert_non_null(o->f);
}

/* Closes the stream and checks what was written. */
static void out_expect(struct out *o, const char *want)
{
	fclose(o->f);
	assert_string_equal(o->buf, want);
	free(o->buf);
}

static void set_reg(struct kvm_lapic_state *l, unsigned int off, uint32_t v)
{
	memcpy(l->regs + off, &v, sizeof(v));
}

static void set_vector(struct kvm_lapic_state *l, unsigned int reg,
		       unsigned int vec)
{
	uint32_t v;

	memcpy(&v, l->regs + reg + (vec / 32) * 16, sizeof(v));
	set_reg(l, reg + (vec / 32) * 16, v | 1u << (vec % 32));
}

static void test_lapic_vectors(void **state)
{
	struct kvm_lapic_state l = { 0 };
	char buf[64];
	unsigned int v;

	(void)state;
	x86_lapic_vectors(&l, 0x200, buf, sizeof(buf));
	assert_string_equal(buf, "-");
	set_vector(&l, 0x200, 0x30);
	set_vector(&l, 0x200, 0xec);
	set_vector(&l, 0x200, 0xff);
	x86_lapic_vectors(&l, 0x200, buf, sizeof(buf));
	assert_string_equal(buf, "0xff,0xec,0x30");
	for (v = 0x40; v < 0x48; v++)
		set_vector(&l, 0x200, v);
	x86_lapic_vectors(&l, 0x200, buf, sizeof(buf));
	assert_string_equal(buf, "0xff,0xec,0x47,0x46,0x45,0x44,...");
	x86_lapic_vectors(&l, 0x200, buf, 8);	/* truncated, terminated */
	assert_int_equal(strlen(buf), 7);
}

static void test_lapic_periodic(void **state)
{
	struct kvm_lapic_state l = { 0 };
	struct out o;

	(void)state;
	set_reg(&l, 0xf0, 0x1ff);		/* SVR: enabled */
	set_reg(&l, 0x350, 0x700);		/* LVT0: ExtINT */
	set_reg(&l, 0x360, 0x10400);		/* LVT1: NMI, masked */
	set_reg(&l, 0x320, 0x200ec);		/* periodic, vector 0xec */
	set_reg(&l, 0x380, 0x3d090);
	set_reg(&l, 0x390, 0x1234);
	set_reg(&l, 0x3e0, 0x3);		/* divide by 16 */
	set_vector(&l, 0x200, 0xec);
	set_vector(&l, 0x100, 0x30);
	out_open(&o);
	x86_report_lapic(o.f, &l, APIC_BASE, NULL);
	out_expect(&o,
		"    lapic: irr 0xec, isr 0x30, tpr 0x00, enabled, lvt0 ExtINT, lvt1 masked\n"
		"    lapic timer: periodic, vector 0xec, initial count 0x3d090, current 0x1234, divide 16\n");
}

static void test_lapic_deadline_and_disabled(void **state)
{
	struct kvm_lapic_state l = { 0 };
	int64_t in = 5000, zero = 0;
	struct out o;

	(void)state;
	set_reg(&l, 0x320, 0x400ec);		/* TSC-deadline */
	set_reg(&l, 0x3e0, 0xb);		/* divide by 1 */
	out_open(&o);
	x86_report_lapic(o.f, &l, APIC_BASE, &in);
	x86_report_lapic(o.f, &l, APIC_BASE, &zero);
	x86_report_lapic(o.f, &l, APIC_BASE, NULL);
	x86_report_lapic(o.f, &l, 0xfee00000, NULL);
	out_expect(&o,
		"    lapic: irr -, isr -, tpr 0x00, software-disabled, lvt0 fixed, lvt1 fixed\n"
		"    lapic timer: TSC-deadline, vector 0xec, deadline in 5000 TSC cycles\n"
		"    lapic: irr -, isr -, tpr 0x00, software-disabled, lvt0 fixed, lvt1 fixed\n"
		"    lapic timer: TSC-deadline, vector 0xec, not armed\n"
		"    lapic: irr -, isr -, tpr 0x00, software-disabled, lvt0 fixed, lvt1 fixed\n"
		"    lapic timer: TSC-deadline, vector 0xec, deadline unknown\n"
		"    lapic: disabled (APIC_BASE 0xfee00000)\n");
}

static void test_events(void **state)
{
	struct kvm_vcpu_events ev = { 0 };
	struct out o;

	(void)state;
	out_open(&o);
	x86_report_events(o.f, &ev);
	ev.interrupt.injected = 1;
	ev.interrupt.nr = 0x30;
	ev.interrupt.shadow = KVM_X86_SHADOW_INT_STI;
	ev.nmi.masked = 1;
	ev.exception.pending = 1;
	ev.exception.nr = 14;
	ev.exception.has_error_code = 1;
	ev.exception.error_code = 2;
	x86_report_events(o.f, &ev);
	out_expect(&o,
		"    events: none\n"
		"    events: exception 14 pending (error 0x2), interrupt 0x30 injected, nmis masked, interrupt shadow (sti)\n");
}

static void test_pic_ioapic_pit(void **state)
{
	struct kvm_pic_state m = { .irr = 0x11, .imr = 0xfa, .irq_base = 0x30 };
	struct kvm_pic_state s = { .imr = 0xff, .irq_base = 0x38 };
	struct kvm_ioapic_state io = { 0 };
	struct kvm_pit_state2 pit = { 0 };
	struct out o;
	unsigned int pin;

	(void)state;
	for (pin = 0; pin < KVM_IOAPIC_NUM_PINS; pin++)
		io.redirtbl[pin].fields.mask = 1;
	out_open(&o);
	x86_report_pic(o.f, &m, &s);
	x86_report_ioapic(o.f, &io);
	io.irr = 0x10;
	io.redirtbl[4].fields.mask = 0;
	io.redirtbl[4].fields.vector = 0x24;
	io.redirtbl[9].fields.mask = 0;
	io.redirtbl[9].fields.vector = 0x29;
	io.redirtbl[9].fields.trig_mode = 1;
	io.redirtbl[9].fields.remote_irr = 1;
	x86_report_ioapic(o.f, &io);
	pit.channels[0].mode = 0xff;
	x86_report_pit(o.f, &pit);
	pit.channels[0].mode = 2;
	pit.channels[0].count = 4972;
	x86_report_pit(o.f, &pit);
	out_expect(&o,
		"    pic: irr 0x11 imr 0xfa isr 0x00 base 0x30; slave irr 0x00 imr 0xff isr 0x00\n"
		"    ioapic: irr 0x000000, all pins masked\n"
		"    ioapic: irr 0x000010, unmasked: 4->0x24 edge, 9->0x29 level remote-irr\n"
		"    pit: channel 0 not programmed\n"
		"    pit: channel 0 mode 2, count 4972\n");
}

/* a runnable 64-bit vCPU whose page tables map every address to itself */
int __wrap_ioctl(int fd, unsigned long req, ...)
{
	struct kvm_translation *t;
	struct kvm_sregs *s;
	void *arg;

	IOCTL_ARG(req, arg);
	if (fd != VCPU_FD)
		return __real_ioctl(fd, req, arg);
	switch (req) {
	case KVM_GET_MP_STATE:
		((struct kvm_mp_state *)arg)->mp_state = KVM_MP_STATE_RUNNABLE;
		return 0;
	case KVM_GET_REGS:
		*(struct kvm_regs *)arg = regs;
		return 0;
	case KVM_GET_SREGS:
		s = arg;
		memset(s, 0, sizeof(*s));
		s->cr0 = 0x80000001;
		s->efer = 0x500;
		s->cs.l = 1;
		return 0;
	case KVM_TRANSLATE:
		t = arg;
		t->physical_address = t->linear_address;
		t->valid = 1;
		return 0;
	case KVM_GET_VCPU_EVENTS:
		memset(arg, 0, sizeof(struct kvm_vcpu_events));
		return 0;
	}
	return -1;
}

/*
 * The stack words from rsp up, whatever rsp's alignment, as far as the
 * page rsp is in: a word across its end or outside RAM ends the list.
 */
static void test_stack_words(void **state)
{
	static uint8_t ram[RAM_SIZE];
	struct vm vm = { .fd = -1 };
	struct vcpu vcpu = { .vm = &vm, .fd = VCPU_FD };
	uint64_t w = 0x1122334455667788ull;
	struct out o;

	(void)state;
	vm.slots[0] = (struct vm_slot){ 0, sizeof(ram), ram };
	vm.nr_slots = 1;
	memset(&regs, 0, sizeof(regs));
	regs.rip = 0xffffffff81000a9d;
	regs.rflags = 0x246;
	/* three words from an odd rsp, the fourth would cross the page */
	regs.rsp = 0x1fe3;
	memcpy(ram + 0x1fe3, &w, sizeof(w));
	w = 0xdeadbeefcafef00dull;
	memcpy(ram + 0x1ff3, &w, sizeof(w));
	out_open(&o);
	arch_vcpu_report_wait(&vcpu, o.f);
	regs.rsp = RAM_SIZE;		/* above RAM */
	arch_vcpu_report_wait(&vcpu, o.f);
	out_expect(&o,
		"running (mp_state RUNNABLE), rip ffffffff81000a9d, rflags 0x246 IF=1, long mode cpl 0\n"
		"    rax 0 rbx 0 rcx 0 rdx 0 rsi 0 rdi 0\n"
		"    rsp 1fe3 rbp 0 r8 0 r9 0 r10 0 r11 0\n"
		"    r12 0 r13 0 r14 0 r15 0\n"
		"    stack:\n"
		"      1122334455667788 0000000000000000 deadbeefcafef00d\n"
		"    events: none\n"
		"running (mp_state RUNNABLE), rip ffffffff81000a9d, rflags 0x246 IF=1, long mode cpl 0\n"
		"    rax 0 rbx 0 rcx 0 rdx 0 rsi 0 rdi 0\n"
		"    rsp 2000 rbp 0 r8 0 r9 0 r10 0 r11 0\n"
		"    r12 0 r13 0 r14 0 r15 0\n"
		"    stack: unmapped\n"
		"    events: none\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lapic_vectors),
		cmocka_unit_test(test_lapic_periodic),
		cmocka_unit_test(test_lapic_deadline_and_disabled),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_pic_ioapic_pit),
		cmocka_unit_test(test_stack_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
