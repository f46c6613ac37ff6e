/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kvmini does with each exit reason: one table of {reason, name,
 * handler}, read by the vCPU loop's dispatch, the profile and the trace.
 * A reason without a handler here goes to the architecture's hook, and
 * one nobody handles ends the run with one report.
 */
#ifndef KVMINI_EXITS_H
#define KVMINI_EXITS_H

#include <stdint.h>

#include "status.h"

struct vcpu;

/* What an exit handler asks of the vCPU loop. */
enum exit_kind {
	EXIT_CONTINUE,		/* run the guest again */
	EXIT_VCPU_DONE,		/* this vCPU halted; the others may go on */
	EXIT_STOP,		/* stop the VM with status */
	EXIT_UNHANDLED,		/* nobody handles it: report and stop */
};

struct exit_action {
	enum exit_kind kind;
	enum kvmini_status status;	/* for EXIT_STOP */
};

#define EXIT_ACTION_CONTINUE	((struct exit_action){ EXIT_CONTINUE, ST_OK })
#define EXIT_ACTION_VCPU_DONE	((struct exit_action){ EXIT_VCPU_DONE, ST_OK })
#define EXIT_ACTION_UNHANDLED	((struct exit_action){ EXIT_UNHANDLED, ST_OK })

static inline struct exit_action exit_stop(enum kvmini_status status)
{
	return (struct exit_action){ EXIT_STOP, status };
}

/* which device handled an exit: its index, or one of these */
#define EXIT_DEV_NONE		(-1)	/* not dispatched to a device */
#define EXIT_DEV_UNCLAIMED	(-2)	/* an access no device claims */

/* "IO", "MMIO", ...: the reason's name, "OTHER" for one KVM added later. */
const char *exit_reason_name(uint32_t reason);

/*
 * Handles the exit described by vcpu->run, printing the report of an
 * exit that ends the run. *dev receives the device index or a
 * EXIT_DEV_* value. Never returns EXIT_UNHANDLED.
 */
struct exit_action exit_dispatch(struct vcpu *vcpu, int *dev);

#endif /* KVMINI_EXITS_H */
