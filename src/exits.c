// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <linux/kvm.h>
#include <stdio.h>

#include "arch.h"
#include "bus.h"
#include "compiler.h"
#include "exits.h"
#include "gdb.h"
#include "log.h"
#include "vcpu.h"
#include "vm.h"

static void report(struct vcpu *vcpu, const char *what)
{
	err_msg("vcpu%d: guest stopped: %s", vcpu->id, what);
	arch_dump_regs(vcpu, stderr);
}

static struct exit_action report_unclaimed(struct vcpu *vcpu,
					   const char *space, uint64_t addr,
					   unsigned int len, bool write)
{
	char buf[96];

	if (!vcpu->strict_io)
		return EXIT_ACTION_CONTINUE;
	snprintf(buf, sizeof(buf), "unclaimed %s %s at 0x%" PRIx64
		 " (%u bytes)", space, write ? "write" : "read", addr, len);
	report(vcpu, buf);
	return exit_stop(ST_UNCLAIMED);
}

static struct exit_action handle_io(struct vcpu *vcpu, int *dev)
{
	/* the kvm_run page is untrusted: read each field once */
	const struct kvm_run *run = vcpu->run;
	uint64_t off = run->io.data_offset, room = vcpu->vm->run_size;
	uint32_t size = run->io.size, count = run->io.count, i;
	uint16_t port = run->io.port;
	bool write = run->io.direction == KVM_EXIT_IO_OUT;
	const struct bus_region *r = NULL;
	uint8_t *data;

	/*
	 * Elements of 0 bytes would let count (up to 2^32) go unchecked by
	 * the bound below: that many bus accesses would hang the vCPU.
	 */
	if (!size) {
		report(vcpu, "KVM_EXIT_IO with 0-byte elements");
		return exit_stop(ST_INTERNAL);
	}
	/* size * count cannot overflow 64 bits; off + it could */
	if (off > room || (uint64_t)size * count > room - off) {
		report(vcpu, "KVM_EXIT_IO data outside kvm_run");
		return exit_stop(ST_INTERNAL);
	}
	data = (uint8_t *)vcpu->run + off;
	/* string I/O (rep outsb) arrives as count elements */
	for (i = 0; i < count; i++)
		r = bus_access(&vcpu->vm->bus, BUS_PIO, port,
			       data + (uint64_t)i * size, size, write);
	*dev = r ? r->dev : EXIT_DEV_UNCLAIMED;
	return r ? EXIT_ACTION_CONTINUE :
		   report_unclaimed(vcpu, "port", port, size, write);
}

static struct exit_action handle_mmio(struct vcpu *vcpu, int *dev)
{
	struct kvm_run *run = vcpu->run;
	const struct bus_region *r;

	r = bus_access(&vcpu->vm->bus, BUS_MMIO, run->mmio.phys_addr,
		       run->mmio.data, run->mmio.len, run->mmio.is_write);
	*dev = r ? r->dev : EXIT_DEV_UNCLAIMED;
	return r ? EXIT_ACTION_CONTINUE :
		   report_unclaimed(vcpu, "MMIO", run->mmio.phys_addr,
				    run->mmio.len, run->mmio.is_write);
}

static const char * const internal_names[] = {
	[KVM_INTERNAL_ERROR_EMULATION] = "instruction emulation failed",
	[KVM_INTERNAL_ERROR_SIMUL_EX] = "exception while delivering one",
	[KVM_INTERNAL_ERROR_DELIVERY_EV] = "event delivery failed",
	[KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON] = "unexpected exit",
};

static struct exit_action handle_internal(struct vcpu *vcpu, int *dev)
{
	struct kvm_run *run = vcpu->run;
	const char *what = "unknown suberror";
	char buf[160];
	int n;
	uint32_t i;

	(void)dev;
	if (run->internal.suberror < ARRAY_SIZE(internal_names) &&
	    internal_names[run->internal.suberror])
		what = internal_names[run->internal.suberror];
	n = snprintf(buf, sizeof(buf), "KVM_EXIT_INTERNAL_ERROR: %s (suberror %u)",
		     what, run->internal.suberror);
	for (i = 0; i < run->internal.ndata && i < 4 && n < (int)sizeof(buf);
	     i++)
		n += snprintf(buf + n, sizeof(buf) - n, " data%u=0x%llx", i,
			      (unsigned long long)run->internal.data[i]);
	report(vcpu, buf);
	return exit_stop(ST_INTERNAL);
}

/* bare guests get no interrupts: hlt ends this vCPU */
static struct exit_action handle_hlt(struct vcpu *vcpu, int *dev)
{
	(void)vcpu;
	(void)dev;
	return EXIT_ACTION_VCPU_DONE;
}

/* a breakpoint, watchpoint or single step GDB asked for (gdb.c) */
static struct exit_action handle_debug(struct vcpu *vcpu, int *dev)
{
	(void)dev;
	if (!vcpu->vm->gdb)
		return arch_handle_exit(vcpu);
	gdb_debug_exit(vcpu);
	return EXIT_ACTION_CONTINUE;
}

static struct exit_action handle_system_event(struct vcpu *vcpu, int *dev)
{
	const struct kvm_run *run = vcpu->run;
	char buf[96];

	(void)dev;
	if (run->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN ||
	    run->system_event.type == KVM_SYSTEM_EVENT_RESET)
		return exit_stop(ST_OK);
	snprintf(buf, sizeof(buf), "KVM_EXIT_SYSTEM_EVENT type %u",
		 run->system_event.type);
	report(vcpu, buf);
	return exit_stop(ST_UNKNOWN_EXIT);
}

static struct exit_action handle_shutdown(struct vcpu *vcpu, int *dev)
{
	(void)dev;
	report(vcpu, "KVM_EXIT_SHUTDOWN (triple fault)");
	return exit_stop(ST_SHUTDOWN);
}

static struct exit_action handle_fail_entry(struct vcpu *vcpu, int *dev)
{
	const struct kvm_run *run = vcpu->run;
	char buf[96];

	(void)dev;
	snprintf(buf, sizeof(buf), "KVM_EXIT_FAIL_ENTRY: reason 0x%llx on cpu %u",
		 (unsigned long long)run->fail_entry.hardware_entry_failure_reason,
		 run->fail_entry.cpu);
	report(vcpu, buf);
	return exit_stop(ST_FAIL_ENTRY);
}

struct exit_type {
	const char *name;
	struct exit_action (*handle)(struct vcpu *vcpu, int *dev);
};

/* every reason KVM has, by number; no handler: the architecture's hook */
static const struct exit_type exit_types[] = {
	[KVM_EXIT_UNKNOWN] =		{ "UNKNOWN" },
	[KVM_EXIT_EXCEPTION] =		{ "EXCEPTION" },
	[KVM_EXIT_IO] =			{ "IO", handle_io },
	[KVM_EXIT_HYPERCALL] =		{ "HYPERCALL" },
	[KVM_EXIT_DEBUG] =		{ "DEBUG", handle_debug },
	[KVM_EXIT_HLT] =		{ "HLT", handle_hlt },
	[KVM_EXIT_MMIO] =		{ "MMIO", handle_mmio },
	[KVM_EXIT_IRQ_WINDOW_OPEN] =	{ "IRQ_WINDOW_OPEN" },
	[KVM_EXIT_SHUTDOWN] =		{ "SHUTDOWN", handle_shutdown },
	[KVM_EXIT_FAIL_ENTRY] =		{ "FAIL_ENTRY", handle_fail_entry },
	[KVM_EXIT_INTR] =		{ "INTR" },
	[KVM_EXIT_SET_TPR] =		{ "SET_TPR" },
	[KVM_EXIT_TPR_ACCESS] =		{ "TPR_ACCESS" },
	[KVM_EXIT_NMI] =		{ "NMI" },
	[KVM_EXIT_INTERNAL_ERROR] =	{ "INTERNAL_ERROR", handle_internal },
	[KVM_EXIT_OSI] =		{ "OSI" },
	[KVM_EXIT_SYSTEM_EVENT] =	{ "SYSTEM_EVENT", handle_system_event },
	[KVM_EXIT_IOAPIC_EOI] =		{ "IOAPIC_EOI" },
	[KVM_EXIT_HYPERV] =		{ "HYPERV" },
	[KVM_EXIT_X86_RDMSR] =		{ "X86_RDMSR" },
	[KVM_EXIT_X86_WRMSR] =		{ "X86_WRMSR" },
	[KVM_EXIT_DIRTY_RING_FULL] =	{ "DIRTY_RING_FULL" },
	[KVM_EXIT_NOTIFY] =		{ "NOTIFY" },
};

static const struct exit_type *exit_type(uint32_t reason)
{
	if (reason < ARRAY_SIZE(exit_types) && exit_types[reason].name)
		return &exit_types[reason];
	return NULL;
}

const char *exit_reason_name(uint32_t reason)
{
	const struct exit_type *t = exit_type(reason);

	return t ? t->name : "OTHER";
}

struct exit_action exit_dispatch(struct vcpu *vcpu, int *dev)
{
	uint32_t reason = vcpu->run->exit_reason;
	const struct exit_type *t = exit_type(reason);
	struct exit_action act;
	char buf[64];

	*dev = EXIT_DEV_NONE;
	act = t && t->handle ? t->handle(vcpu, dev) : arch_handle_exit(vcpu);
	if (act.kind != EXIT_UNHANDLED)
		return act;
	snprintf(buf, sizeof(buf), "unhandled exit reason %u (%s)", reason,
		 exit_reason_name(reason));
	report(vcpu, buf);
	return exit_stop(ST_UNKNOWN_EXIT);
}
