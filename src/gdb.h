/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GDB stub (--gdb): a thread of its own that listens for GDB on TCP
 * or a Unix socket, speaks the remote protocol (gdbpkt.h, gdbstub.h)
 * and drives the vCPUs: every vCPU stops together (vcpus_pause), GDB
 * reads and writes registers and memory through the architecture's back
 * end (gdb_arch.h), and each vCPU then continues, steps or stays stopped.
 */
#ifndef KVMINI_GDB_H
#define KVMINI_GDB_H

#include <stdbool.h>

struct devmgr;
struct gdb_server;
struct vcpu;
struct vm;

/*
 * Checks --gdb's address ("tcp:[HOST:]PORT", "unix:PATH"): ST_OK or
 * ST_USAGE with one line. Before any KVM call.
 */
int gdb_check_addr(const char *addr);

/*
 * Listens at addr (ST_HOST with one line if it cannot) for vm, whose
 * vCPUs exist; dm for the monitor's device counters. Unless nowait the
 * vCPUs will stop before their first instruction until GDB lets them
 * go. vm->gdb is set. ST_OK or a status.
 */
int gdb_open(struct vm *vm, const struct devmgr *dm, const char *addr,
	     bool nowait);
/* Starts the stub's thread, before the vCPU threads. 0 or -1. */
int gdb_start(struct vm *vm);
/* After the run: tells an attached GDB how it ended, ends the thread. */
void gdb_close(struct vm *vm);

/*
 * KVM_EXIT_DEBUG on a vCPU of a VM with a stub: a stop for GDB, or a
 * step through soft breakpoints. The vCPU goes on to its loop's head.
 */
void gdb_debug_exit(struct vcpu *vcpu);

#endif /* KVMINI_GDB_H */
