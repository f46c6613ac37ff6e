/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A KVM virtual machine: /dev/kvm, the VM fd, guest memory slots and the
 * I/O bus its devices sit on.
 */
#ifndef KVMINI_VM_H
#define KVMINI_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch_defs.h"	/* struct arch_vm */
#include "bus.h"

#define VM_MAX_SLOTS	4
#define VM_MAX_VCPUS	8

struct gdb_server;
struct vcpu_set;

struct vm_slot {
	uint64_t gpa;
	uint64_t size;
	void *hva;
};

/*
 * What can wake a guest sleeping in ACPI S3: the RTC's alarm. next()
 * gives the CLOCK_REALTIME second it fires next, or 0 for never.
 */
struct vm_waker {
	uint64_t (*next)(void *opaque);
	void *opaque;
};

struct vm {
	int kvm_fd;
	int fd;
	int run_size;		/* KVM_GET_VCPU_MMAP_SIZE */
	struct vm_slot slots[VM_MAX_SLOTS];
	unsigned int nr_slots;
	struct bus bus;
	/* the vCPUs: vcpu.c's, their one owner (vcpu.h) */
	struct vcpu_set *vcpus;
	/* set by vcpu.c: makes every vCPU leave KVM_RUN soon */
	void (*kick_all)(struct vm *vm);
	int stop;		/* 0 while running, else the status + 1 */
	uint64_t stop_at;	/* now_ns() at the first stop request */
	bool irqchip;		/* an in-kernel interrupt controller exists */
	bool kvm_stats;		/* vCPUs open KVM's statistics (--stats, --sample) */
	struct vm_waker rtc_alarm;	/* set by the RTC, if there is one */
	struct gdb_server *gdb;		/* --gdb: the stub (gdb.h) */
	struct arch_vm arch;
};

/* Opens /dev/kvm, creates the VM and its RAM at ram_base. 0 or -1. */
int vm_create(struct vm *vm, uint64_t ram_base, uint64_t ram_size);
void vm_destroy(struct vm *vm);

/* Allocates size bytes of anonymous memory and maps them at gpa. */
void *vm_add_memory(struct vm *vm, uint64_t gpa, uint64_t size);

/* Host pointer for [gpa, gpa + len) if it lies in one slot, else NULL. */
void *vm_gpa(const struct vm *vm, uint64_t gpa, uint64_t len);

/*
 * Ends the run with status (the first request wins, and its time is
 * kept) and kicks every vCPU out of KVM_RUN. Safe from any thread.
 */
void vm_request_stop(struct vm *vm, int status);
/* Whether a stop was requested, and its status (valid once stopping). */
bool vm_stopping(const struct vm *vm);
int vm_stop_status(const struct vm *vm);
/*
 * How long the stop took, from the first request to end (now_ns()),
 * once every thread that could request one has ended; 0 if none did.
 */
uint64_t vm_stop_ns(const struct vm *vm, uint64_t end);

#endif /* KVMINI_VM_H */
