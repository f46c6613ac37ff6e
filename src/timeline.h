/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The run's timeline for --stats: when each step of start-up and
 * teardown ended, in ns since main() began, so that a slow start can be
 * pinned on one step. One per process: kvmini runs one VM. 0 means the
 * step did not happen (a run that never exited, a failed start).
 */
#ifndef KVMINI_TIMELINE_H
#define KVMINI_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>

/* In the order of a run; the report prints them in this order. */
enum tl_step {
	TL_OPTIONS,		/* the command line parsed */
	TL_IMAGE,		/* the guest image read and checked */
	TL_HOST_FILES,		/* the devices' disk images and taps opened */
	TL_KVM_OPEN,		/* /dev/kvm opened */
	TL_VM_CREATE,		/* KVM_CREATE_VM */
	TL_MEMORY,		/* guest RAM mapped into the VM */
	TL_VM_SETUP,		/* the architecture's VM set-up (irqchip...) */
	TL_DEVICES,		/* every device attached */
	TL_IMAGE_PLACED,	/* the image in guest memory */
	TL_VCPUS_CREATE,	/* every KVM_CREATE_VCPU, its kvm_run mapped */
	TL_VCPUS_SETUP,		/* registers, CPUID (x86), vCPU init (arm64) */
	TL_READY,		/* the board's tables written: ready to run */
	TL_THREADS,		/* the vCPU threads started, the sandbox on */
	TL_FIRST_RUN,		/* a vCPU's first KVM_RUN */
	TL_FIRST_EXIT,		/* the first return from KVM_RUN */
	TL_LAST_EXIT,		/* the last vCPU loop ended */
	TL_STOPPED,		/* every thread ended, devices stopped */
	TL_TEARDOWN,		/* the VM, its memory and devices released */
	TL_NR_STEPS,
};

/*
 * Boot markers: a guest marks the phases of its boot by writing to the
 * boot timer (Firecracker's convention: 123 means booted) or to the POST
 * code port (cloud-hypervisor's debug port: a phase code per byte, its
 * range saying whose: firmware, boot loader, kernel, user space). A marker starts a
 * phase: exits are counted by phase (profile.h), phase 0 being before
 * the first marker. Markers past TL_MAX_MARKERS are counted, not kept.
 */
#define TL_MAX_MARKERS	16

enum tl_source {
	TL_BOOT_TIMER,
	TL_POST_CODE,
};

struct tl_marker {
	uint64_t ns;		/* since the origin */
	enum tl_source source;
	uint8_t code;
};

/* The origin, every step not reached: the first thing main() does. */
void timeline_start(void);
/*
 * Whether the steps are timed (yes from timeline_start). A run without
 * --stats reads no clock for them, where each read may be a system
 * call: a clock without vDSO support (a VM's HPET). Boot markers are
 * timed either way.
 */
void timeline_time_steps(bool on);

/* Step s ends now (the main thread's steps). */
void timeline_mark(enum tl_step s);

/* Step s ends now unless it ended before (any thread). */
void timeline_mark_first(enum tl_step s);

/* Step s ends now unless it ended later (any thread). */
void timeline_mark_last(enum tl_step s);

/* When s ended (ns since the origin), or 0. */
uint64_t timeline_at(enum tl_step s);

/* The step's name in the report ("kvm_open"). */
const char *timeline_name(enum tl_step s);

/* A guest's boot marker, now (any vCPU thread). */
void timeline_marker(enum tl_source source, uint8_t code);

/* The phase the guest is in: the markers so far, at most TL_MAX_MARKERS. */
unsigned int timeline_phase(void);

/*
 * The markers kept (once every vCPU thread has ended): their number,
 * and in *dropped those that came after the last one kept.
 */
unsigned int timeline_markers(const struct tl_marker **markers,
			      unsigned int *dropped);

/* "boot-timer" or "post-code"; a POST code's range ("kernel"). */
const char *timeline_source_name(enum tl_source source);
const char *timeline_code_range(uint8_t code);

#endif /* KVMINI_TIMELINE_H */
