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
#include <time.h>

#include "profile.h"
#include "status.h"

struct kvmstats;
struct vm;

/* What an exit handler asks of the vCPU loop. */
enum exit_kind {
	EXIT_CONTINUE,		/* run the guest again */
	EXIT_VCPU_DONE,		/* this vCPU halted; the others may go on */
	EXIT_STOP,		/* stop the VM with status */
};

struct exit_action {
	enum exit_kind kind;
	enum kvmini_status status;	/* for EXIT_STOP */
};

#define EXIT_ACTION_CONTINUE	((struct exit_action){ EXIT_CONTINUE, ST_OK })
#define EXIT_ACTION_VCPU_DONE	((struct exit_action){ EXIT_VCPU_DONE, ST_OK })

static inline struct exit_action exit_stop(enum kvmini_status status)
{
	return (struct exit_action){ EXIT_STOP, status };
}

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

/*
 * Creates vCPU id and adds it to vm->vcpus; vcpu.c owns it from then on
 * (vcpus_destroy). NULL on failure.
 */
struct vcpu *vcpu_create(struct vm *vm, int id);

/* Destroys every vCPU of vm (their threads have been joined). */
void vcpus_destroy(struct vm *vm);

/*
 * The vCPU threads: one per vCPU, each in vcpu_run() until the run ends
 * (vm_stop_status() then says how). vcpus_start: 0, or -1 when a thread
 * could not start (the run is then stopped with ST_HOST; join anyway).
 */
int vcpus_start(struct vm *vm);
/*
 * Waits until every started vCPU thread has returned (true) or the
 * CLOCK_MONOTONIC time until passes (false); until NULL: no limit.
 */
bool vcpus_wait(struct vm *vm, const struct timespec *until);
void vcpus_join(struct vm *vm);
/* Moves vCPU i's thread to host CPU cpu. */
void vcpu_set_cpu(struct vcpu *vcpu, int cpu);
/* KVM's statistics of every vCPU, added into ks. */
void vcpus_kvmstats(struct vm *vm, struct kvmstats *ks);

/* Runs the vCPU in the calling thread until the run ends. */
void vcpu_run(struct vcpu *vcpu);

/*
 * Handles the exit described by vcpu->run (printing the report of an
 * exit that ends the run). *dev receives the device index or a
 * PROF_DEV_* value.
 */
struct exit_action vcpu_handle_exit(struct vcpu *vcpu, int *dev);

/* Reports an exit nobody handles: stop with ST_UNKNOWN_EXIT. */
struct exit_action vcpu_unknown_exit(struct vcpu *vcpu);

/* Makes the vCPU leave KVM_RUN soon; safe from any thread. */
void vcpu_kick(struct vcpu *vcpu);


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
