/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The post-mortem of a guest that did not finish (--timeout): each vCPU
 * keeps a ring of its last exits to kvmini, and the report shows where
 * every vCPU waits (its state, from the architecture) and what it did
 * last. Exits KVM handles itself are not seen here.
 */
#ifndef KVMINI_POSTMORTEM_H
#define KVMINI_POSTMORTEM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct vcpu;

#define EXIT_RING_SIZE	8

struct exit_rec {
	uint32_t reason;	/* KVM_EXIT_* */
	uint32_t count;		/* I/O: elements (string I/O) */
	uint64_t addr;		/* I/O port or MMIO address */
	uint64_t data;		/* value written (first element) */
	uint8_t size;		/* I/O and MMIO: bytes per access */
	bool write;
};

/* Records the exit in vcpu->run in the vCPU's ring of recent exits. */
void postmortem_record_exit(struct vcpu *vcpu);

/*
 * Where a vCPU of a guest that did not finish waits: its state
 * (arch_vcpu_report_wait) and its last exits, a few lines on out. Call
 * after the vCPU's thread has ended.
 */
void postmortem_report(struct vcpu *vcpu, FILE *out);

/*
 * KVM_GET_MP_STATE: returns the state (KVM_MP_STATE_*) and its name in
 * *name, or -1 and "unknown".
 */
int postmortem_mp_state(struct vcpu *vcpu, const char **name);

#endif /* KVMINI_POSTMORTEM_H */
