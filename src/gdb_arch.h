/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the GDB stub (gdb.c) asks of an architecture (src/arch/<arch>/
 * gdb.c): the registers in GDB's layout and their target description,
 * guest virtual addresses translated through the vCPU's page tables,
 * KVM_SET_GUEST_DEBUG, and what a KVM_EXIT_DEBUG means. Every call is
 * made with the vCPU out of KVM_RUN (stopped for GDB).
 */
#ifndef KVMINI_GDB_ARCH_H
#define KVMINI_GDB_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vcpu;

/* the breakpoint instruction GDB's Z0 writes (x86: int3, arm64: brk #0) */
extern const uint8_t arch_gdb_brk[];
extern const unsigned int arch_gdb_brk_len;

/*
 * The target description (target.xml) for the vCPU's current mode, and
 * with it the register layout the calls below use. NULL on an ioctl
 * failure. The string is static.
 */
const char *arch_gdb_target_xml(struct vcpu *vcpu);

/* All registers, as 'g' sends them: the bytes written, or -1. */
long arch_gdb_read_regs(struct vcpu *vcpu, uint8_t *buf, size_t size);
/* As 'G' gives them: 0, or -1 (a wrong length, an ioctl failure). */
int arch_gdb_write_regs(struct vcpu *vcpu, const uint8_t *buf, size_t len);
/* One register by GDB's number: its byte count, or -1 if none such. */
long arch_gdb_read_reg(struct vcpu *vcpu, unsigned int regno, uint8_t *buf,
		       size_t size);
int arch_gdb_write_reg(struct vcpu *vcpu, unsigned int regno,
		       const uint8_t *buf, size_t len);

/*
 * Guest virtual address gva through the vCPU's page tables (identity
 * where paging is off): 0 and *gpa, or -1 if unmapped. *left: the bytes
 * from gva to the end of its page (the translation holds that far).
 */
int arch_gdb_translate(struct vcpu *vcpu, uint64_t gva, uint64_t *gpa,
		       uint64_t *left);

/* hardware breakpoints and watchpoints, as GDB's Z1-Z4 number them */
enum gdb_hw_type {
	GDB_HW_EXEC = 1,
	GDB_HW_WRITE = 2,
	GDB_HW_READ = 3,
	GDB_HW_ACCESS = 4,
};

#define GDB_HW_MAX	4	/* slots: x86's DR0-DR3; arm64 uses as many */

struct gdb_hw_point {
	enum gdb_hw_type type;
	uint64_t addr;
	uint64_t len;		/* watchpoints: 1, 2, 4 or 8 bytes */
};

/* What the vCPU runs with: KVM_SET_GUEST_DEBUG's control and registers. */
struct gdb_debug {
	bool step;		/* one instruction, then KVM_EXIT_DEBUG */
	bool step_irqs;		/* with step: interrupts taken, not held */
	bool sw_break;		/* the breakpoint instruction exits to kvmini */
	unsigned int nr_hw;
	struct gdb_hw_point hw[GDB_HW_MAX];
};

/*
 * Whether the architecture can watch (type, addr, len) in a slot: 0, or
 * -1 (a length or alignment its debug registers cannot express; a
 * watchpoint type it lacks).
 */
int arch_gdb_hw_check(enum gdb_hw_type type, uint64_t addr, uint64_t len);

/*
 * What this KVM's guest debugging does, tried once in a VM of its own
 * (kvm_fd the /dev/kvm descriptor): the breakpoint instruction exits to
 * kvmini (GDB_CAN_SW_BREAK), the debug registers break and watch
 * (GDB_CAN_HW_BREAK). Single steps are assumed to work.
 */
#define GDB_CAN_SW_BREAK	(1u << 0)
#define GDB_CAN_HW_BREAK	(1u << 1)
unsigned int arch_gdb_probe(int kvm_fd);

/* Applies d to the vCPU (KVM_SET_GUEST_DEBUG); 0 or -1. */
int arch_gdb_set_debug(struct vcpu *vcpu, const struct gdb_debug *d);

/* What a KVM_EXIT_DEBUG (in vcpu->run) was. */
enum gdb_debug_why {
	GDB_DEBUG_STEP,		/* a single step ended */
	GDB_DEBUG_SW_BREAK,	/* the breakpoint instruction; pc at it */
	GDB_DEBUG_HW_BREAK,	/* slot's instruction address */
	GDB_DEBUG_WATCH,	/* slot's data address: addr */
	GDB_DEBUG_OTHER,	/* not kvmini's: the guest's own debug event */
};

struct gdb_debug_exit {
	enum gdb_debug_why why;
	int slot;		/* hardware: which of d->hw, else -1 */
	uint64_t pc;
	uint64_t addr;		/* watchpoints: the data address */
};

/* Decodes vcpu->run's KVM_EXIT_DEBUG against d, the debug state applied. */
struct gdb_debug_exit arch_gdb_debug_exit(struct vcpu *vcpu,
					  const struct gdb_debug *d);

/* Moves the vCPU's program counter (GDB's "c ADDR", "s ADDR"); 0 or -1. */
int arch_gdb_set_pc(struct vcpu *vcpu, uint64_t pc);

#endif /* KVMINI_GDB_ARCH_H */
