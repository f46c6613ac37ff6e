/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A vCPU: its fd, the shared kvm_run page, its thread and the KVM_RUN
 * loop, which hands every exit to the exit table (exits.h), the profile
 * and the post-mortem ring (postmortem.h).
 */
#ifndef KVMINI_VCPU_H
#define KVMINI_VCPU_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "exits.h"
#include "postmortem.h"
#include "profile.h"
#include "trace.h"
#include "vm.h"

struct kvmstats;
struct vm;

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
	struct trace_ring *trace;	/* --trace: this vCPU's records */
	struct profile prof;
	/* written by the vCPU thread only; read after it has been joined */
	struct exit_rec exits[EXIT_RING_SIZE];
	uint64_t nr_exits;	/* exits to kvmini; the next goes to nr % RING */
	bool halted;		/* left the run through a hlt (no irqchip) */
	bool hold;		/* stays stopped after a pause (vcpu_hold) */
};

struct vcpu_threads;

typedef void (*vcpus_paused_fn)(struct vm *vm, void *arg);

/* A stop of every vCPU at once (vcpus_pause), private to vcpu.c. */
struct vcpu_pause {
	pthread_mutex_t lock;
	pthread_cond_t cond;	/* on CLOCK_MONOTONIC */
	bool want;		/* read by each vCPU at its loop's head */
	bool running;		/* fn runs */
	bool again;		/* asked for while fn ran: next_fn next */
	unsigned int parked;	/* vCPUs stopped, held ones too */
	vcpus_paused_fn fn;
	void *arg;
	vcpus_paused_fn next_fn;
	void *next_arg;
};

/* A VM's vCPUs (vm->vcpus), created, run and destroyed by vcpu.c. */
struct vcpu_set {
	struct vcpu *v[VM_MAX_VCPUS];
	unsigned int nr;	/* created */
	unsigned int planned;	/* --cpus: known before vCPU 0 starts */
	unsigned int live;	/* vCPUs that have not halted */
	struct vcpu_threads *threads;
	struct vcpu_pause pause;
};

/* The set for planned vCPUs, before the first vcpu_create. 0 or -1. */
int vcpus_init(struct vm *vm, unsigned int planned);

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
/*
 * Makes the next or current vcpus_wait() return at once (false unless
 * every thread has returned): a vCPU's trace ring wants draining.
 * arg is the struct vm; from any thread.
 */
void vcpus_wake_watch(void *arg);
void vcpus_join(struct vm *vm);
/* Moves vCPU i's thread to host CPU cpu. */
void vcpu_set_cpu(struct vcpu *vcpu, int cpu);
/* KVM's statistics of every vCPU, added into ks. */
void vcpus_kvmstats(struct vm *vm, struct kvmstats *ks);

/* Runs the vCPU in the calling thread until the run ends. */
void vcpu_run(struct vcpu *vcpu);

/* Makes the vCPU leave KVM_RUN soon; safe from any thread. */
void vcpu_kick(struct vcpu *vcpu);

/*
 * Stops every vCPU at the head of its run loop, then runs fn(vm, arg) on
 * the thread of the last one to stop, the others waiting, and lets them
 * all go on when it returns: a machine-wide change such as a sleep and
 * a wake-up (ACPI S3), which no vCPU may run through. For a VM with an
 * in-kernel irqchip, whose vCPUs halt in KVM and never leave the run
 * alone. From a vCPU's exit handler too, where it returns at once.
 * Asked for while a pause's fn runs (to its very end: a debugger's
 * Ctrl-C right after it let the vCPUs go), it follows that one with the
 * vCPUs still stopped. 0, or -1 if a pause is under way already and
 * not running its fn, or one follows already (the pause under way
 * takes its place).
 */
int vcpus_pause(struct vm *vm, vcpus_paused_fn fn, void *arg);
/*
 * For fn: sleeps until the CLOCK_MONOTONIC time until (NULL: no limit),
 * a stop request, or done(arg) holds (done may be NULL), which is
 * checked at each vcpus_pause_wake(). False if the run is stopping.
 */
bool vcpus_pause_sleep(struct vm *vm, const struct timespec *until,
		       bool (*done)(void *arg), void *arg);
/* Makes a vcpus_pause_sleep() look at its done() again. */
void vcpus_pause_wake(struct vm *vm);
/*
 * With on, the vCPU stays stopped at its loop's head once a pause ends,
 * until it is let go (on false) or the run stops; it counts as stopped
 * for the next pause. From a pause's fn, or any thread before the vCPU
 * runs.
 */
void vcpu_hold(struct vcpu *vcpu, bool on);

#endif /* KVMINI_VCPU_H */
