/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Process exit statuses. `kvmini --help` lists them from status_text,
 * and `make lint` checks README.md's table against that list.
 */
#ifndef KVMINI_STATUS_H
#define KVMINI_STATUS_H

enum kvmini_status {
	ST_OK = 0,		/* guest ran to its end and passed its checks */
	ST_CHECK_FAILED = 1,	/* guest ended but a result check failed */
	ST_USAGE = 2,		/* bad command line */
	ST_IMAGE = 3,		/* image missing, empty, too big or malformed */
	ST_HOST = 4,		/* /dev/kvm or another host resource failed */
	ST_SHUTDOWN = 5,	/* KVM_EXIT_SHUTDOWN: triple fault */
	ST_FAIL_ENTRY = 6,	/* KVM_EXIT_FAIL_ENTRY */
	ST_INTERNAL = 7,	/* KVM_EXIT_INTERNAL_ERROR, e.g. emulation */
	ST_UNKNOWN_EXIT = 8,	/* an exit reason kvmini does not handle */
	ST_UNCLAIMED = 9,	/* unclaimed I/O with --strict-io */
	ST_TIMEOUT = 10,	/* --timeout expired */
	ST_GUEST_ERROR = 11,	/* guest broke a device protocol */
	ST_SECCOMP = 12,	/* a thread made a call its filter forbids */
	ST_GDB_KILL = 13,	/* GDB's kill command ended the run */
	ST_SANITIZER = 66,	/* sanitizer builds: a report (main.c) */
	ST_MAX = ST_SANITIZER,
};

/* --help's words for each status, by value; NULL: not a status */
extern const char *const status_text[ST_MAX + 1];

#endif /* KVMINI_STATUS_H */
