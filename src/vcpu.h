/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A vCPU: its fd, the shared kvm_run page and the KVM_RUN loop that sends
 * every exit to the bus, the profiler and, at the end, one clear report.
 */
#ifndef KVMINI_VCPU_H
#define KVMINI_VCPU_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "profile.h"

struct vm;

/*
 * The last exits to kvmini, kept per vCPU so that --timeout can show what
 * a stuck guest did last. Exits KVM handles itself are not seen here.
 */
#define VCPU_EXIT_RING	8

struct vcpu_exit_rec {
	uint32_t reason;	/* KVM_EXIT_* */
	uint32_t count;		/* I/O: elements (string I/O) */
	uint64_t addr;		/* I/O port or MMIO address */
	uint64_t data;		/* value written (first element) */
	uint8_t size;		/* I/O and MMIO: bytes per access */
	bool write;
};

struct vcpu {
	struct vm *vm;
	int id;
	int fd;
	int stats_fd;		/* KVM_GET_STATS_FD, -1 without; read any time */
	struct kvm_run *run;
	pthread_t thread;
	pthread_mutex_t kick_lock;	/* no signal after the thread left */
	bool in_run;		/* thread is valid: kicks may signal it */
	bool strict_io;		/* unclaimed accesses end the run */
	struct trace *trace;
	struct profile prof;
	/* written by the vCPU thread only; read after it has been joined */
	struct vcpu_exit_rec exits[VCPU_EXIT_RING];
	uint64_t nr_exits;	/* exits to kvmini; the next goes to nr % RING */
	bool halted;		/* left the run through a hlt (no irqchip) */
};

/* Creates vCPU id and adds it to vm->vcpus. NULL on failure. */
struct vcpu *vcpu_create(struct vm *vm, int id);
void vcpu_destroy(struct vcpu *vcpu);

/*
 * Runs the vCPU in the calling thread until the run ends; returns the
 * status (enum kvmini_status). Installs the kick signal handler first.
 */
int vcpu_run(struct vcpu *vcpu);

/*
 * Handles the exit described by vcpu->run. Returns ST_RUNNING to keep
 * going, or the status that ends the run (after printing its report).
 * *dev receives the bus region index or a PROF_DEV_* value.
 */
int vcpu_handle_exit(struct vcpu *vcpu, int *dev);

/* Reports an exit nobody handles; returns ST_UNKNOWN_EXIT. */
int vcpu_unknown_exit(struct vcpu *vcpu);

/* Makes the vCPU leave KVM_RUN soon; safe from any thread. */
void vcpu_kick(struct vcpu *vcpu);

/* Installs the no-op signal handler that kicks use. */
void vcpu_signals_init(void);

/* Records the exit in vcpu->run in the vCPU's ring of recent exits. */
void vcpu_record_exit(struct vcpu *vcpu);

/*
 * Where a guest that did not finish waits (--timeout): the vCPU's state
 * (arch_vcpu_report_wait) and its last exits, a few lines on out. Call
 * after the vCPU's thread has ended.
 */
void vcpu_report_wait(struct vcpu *vcpu, FILE *out);

/*
 * KVM_GET_MP_STATE: returns the state (KVM_MP_STATE_*) and its name in
 * *name, or -1 and "unknown".
 */
int vcpu_mp_state(struct vcpu *vcpu, const char **name);

#endif /* KVMINI_VCPU_H */
