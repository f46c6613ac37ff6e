// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "arch.h"
#include "compiler.h"
#include "exits.h"
#include "postmortem.h"
#include "vcpu.h"
#include "vm.h"

void postmortem_record_exit(struct vcpu *vcpu)
{
	const struct kvm_run *run = vcpu->run;
	struct exit_rec *e = &vcpu->exits[vcpu->nr_exits++ % EXIT_RING_SIZE];
	uint64_t off;

	*e = (struct exit_rec){ .reason = run->exit_reason };
	if (run->exit_reason == KVM_EXIT_IO) {
		off = run->io.data_offset;
		e->addr = run->io.port;
		e->size = run->io.size;
		e->count = run->io.count;
		e->write = run->io.direction == KVM_EXIT_IO_OUT;
		/*
		 * the first element only, if it lies inside kvm_run (off is
		 * untrusted: off + size may wrap)
		 */
		if (e->write && e->size <= sizeof(e->data) &&
		    off <= (uint64_t)vcpu->vm->run_size &&
		    e->size <= (uint64_t)vcpu->vm->run_size - off)
			memcpy(&e->data, (const uint8_t *)run + off, e->size);
	} else if (run->exit_reason == KVM_EXIT_MMIO) {
		e->addr = run->mmio.phys_addr;
		e->size = run->mmio.len;
		e->write = run->mmio.is_write;
		if (e->write && e->size <= sizeof(e->data))
			memcpy(&e->data, run->mmio.data, e->size);
	}
}

/* One exit, e.g. "IO out1 0x3f8=0x41", "MMIO r4 0xd0000000", "HLT". */
static void format_exit(const struct exit_rec *e, char *buf, size_t len)
{
	const char *name = exit_reason_name(e->reason);
	int n;

	if (e->reason != KVM_EXIT_IO && e->reason != KVM_EXIT_MMIO) {
		snprintf(buf, len, "%s", name);
		return;
	}
	n = snprintf(buf, len, "%s %s%s%u 0x%" PRIx64, name,
		     e->reason == KVM_EXIT_IO ? (e->write ? "out" : "in") :
		     (e->write ? "w" : "r"), e->count > 1 ? "s" : "",
		     e->size, e->addr);
	if (n < 0 || (size_t)n >= len)
		return;
	if (e->count > 1)
		snprintf(buf + n, len - n, " x%u", e->count);
	else if (e->write)
		snprintf(buf + n, len - n, "=0x%" PRIx64, e->data);
}

static const char * const mp_state_names[] = {
	[KVM_MP_STATE_RUNNABLE] = "RUNNABLE",
	[KVM_MP_STATE_UNINITIALIZED] = "UNINITIALIZED",
	[KVM_MP_STATE_INIT_RECEIVED] = "INIT_RECEIVED",
	[KVM_MP_STATE_HALTED] = "HALTED",
	[KVM_MP_STATE_SIPI_RECEIVED] = "SIPI_RECEIVED",
	[KVM_MP_STATE_STOPPED] = "STOPPED",
	[KVM_MP_STATE_CHECK_STOP] = "CHECK_STOP",
	[KVM_MP_STATE_OPERATING] = "OPERATING",
	[KVM_MP_STATE_LOAD] = "LOAD",
	[KVM_MP_STATE_AP_RESET_HOLD] = "AP_RESET_HOLD",
	[KVM_MP_STATE_SUSPENDED] = "SUSPENDED",
};

int postmortem_mp_state(struct vcpu *vcpu, const char **name)
{
	struct kvm_mp_state mp;

	if (ioctl(vcpu->fd, KVM_GET_MP_STATE, &mp) < 0) {
		*name = "unknown";
		return -1;
	}
	*name = mp.mp_state < ARRAY_SIZE(mp_state_names) &&
		mp_state_names[mp.mp_state] ? mp_state_names[mp.mp_state] :
		"OTHER";
	return (int)mp.mp_state;
}

#define EXITS_PER_LINE	4

void postmortem_report(struct vcpu *vcpu, FILE *out)
{
	uint64_t n = vcpu->nr_exits, i, first;
	char buf[64];

	fprintf(out, "  vcpu%d: ", vcpu->id);
	arch_vcpu_report_wait(vcpu, out);
	fprintf(out, "    exits to kvmini: %" PRIu64, n);
	first = n > EXIT_RING_SIZE ? n - EXIT_RING_SIZE : 0;
	for (i = first; i < n; i++) {
		format_exit(&vcpu->exits[i % EXIT_RING_SIZE], buf, sizeof(buf));
		if (i == first)
			fprintf(out, ", the last (oldest first): %s", buf);
		else if ((i - first) % EXITS_PER_LINE == 0)
			fprintf(out, ",\n      %s", buf);
		else
			fprintf(out, ", %s", buf);
	}
	fputc('\n', out);
}
