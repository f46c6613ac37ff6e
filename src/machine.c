// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "board.h"
#include "clock.h"
#include "config.h"
#include "demo.h"
#include "devices/console.h"
#include "devmgr.h"
#include "gdb.h"
#include "loader.h"
#include "log.h"
#include "machine.h"
#include "report.h"
#include "sandbox.h"
#include "status.h"
#include "timeline.h"
#include "trace.h"
#include "vcpu.h"
#include "vm.h"
#include "watch.h"

struct machine {
	const struct config *cfg;
	struct image img;
	struct vm vm;
	bool vm_up;
	struct devmgr dm;
	struct trace *trace;
	struct vcpu *vcpu;	/* vCPU 0: its registers hold the result */
	FILE *stats;		/* --stats-file, opened before the sandbox */
	int stats_errno;	/* why it could not be opened */
};

/* The image, and every option checked against it: no KVM call yet. */
static int load_image(struct machine *m)
{
	const struct config *cfg = m->cfg;
	int st;

	if (cfg->image) {
		st = image_read(cfg->image, IMAGE_FILE_MAX, &m->img);
		if (st != ST_OK)
			return st;
	} else {
		image_from_buffer(&m->img, "built-in demo", demo_image,
				  demo_image_size);
	}
	st = image_parse(&m->img, KVMINI_RAM_BASE, cfg->mem_size,
			 KVMINI_IMAGE_ADDR);
	if (st != ST_OK)
		return st;
	m->img.mode = cfg->mode;
	m->img.flat_kernel = cfg->flat_kernel;
	st = arch_image_check(&m->img, cfg->mem_size);
	if (st != ST_OK)
		return st;
	st = config_check(cfg, &m->img);
	return st != ST_OK ? st : arch_check_config(cfg, &m->img);
}

/* The bare-guest convention: 42 in memory at KVMINI_RESULT_ADDR and in
 * the return register when the guest ends.
 */
static int check_result(struct machine *m, struct vcpu *vcpu)
{
	uint64_t *mem = vm_gpa(&m->vm, KVMINI_RESULT_ADDR, sizeof(uint64_t));
	uint64_t reg = 0;
	bool ok;

	if (arch_result_reg(vcpu, &reg) < 0)
		return ST_HOST;
	ok = mem && *mem == 42 && reg == 42;
	fflush(stdout);
	fprintf(stderr, "kvmini: check: [0x%x] = %" PRIu64 ", result register = %"
		PRIu64 ": %s\n", KVMINI_RESULT_ADDR, mem ? *mem : 0, reg,
		ok ? "pass" : "FAIL");
	return ok ? ST_OK : ST_CHECK_FAILED;
}

/*
 * The statistics, written to memory first: their last step, the
 * teardown, is timed after the machine that they report on is gone.
 */
struct pending_report {
	FILE *mem;
	char *text;
	size_t len;
	FILE *dest;		/* stderr or the --stats-file */
};

static void report_start(struct machine *m, struct pending_report *r,
			 uint64_t wall, uint64_t stop)
{
	*r = (struct pending_report){ .dest = stderr };
	if (m->cfg->stats == REPORT_NONE)
		return;
	if (m->cfg->stats_file) {
		r->dest = m->stats;
		m->stats = NULL;	/* it outlives the machine */
		if (!r->dest) {
			err_msg("cannot write %s: %s", m->cfg->stats_file,
				strerror(m->stats_errno));
			return;
		}
	}
	r->mem = open_memstream(&r->text, &r->len);
	if (!r->mem) {
		err_sys("open_memstream");
		return;
	}
	report_stats(r->mem, m->cfg->stats, &m->vm, &m->dm, wall, stop);
}

static void report_end(const struct config *cfg, struct pending_report *r)
{
	if (r->mem) {
		report_finish(r->mem, cfg->stats);
		if (fclose(r->mem) == 0)
			fwrite(r->text, 1, r->len, r->dest);
		free(r->text);
	}
	if (r->dest && r->dest != stderr)
		fclose(r->dest);
}

/* The statistics file: the main thread's filter opens no file. */
static void open_stats(struct machine *m)
{
	if (m->cfg->stats == REPORT_NONE || !m->cfg->stats_file)
		return;
	m->stats = fopen(m->cfg->stats_file, "w");
	if (!m->stats)
		m->stats_errno = errno;
}

static int build(struct machine *m)
{
	const struct config *cfg = m->cfg;
	struct device_env env;
	struct vcpu *vcpu;
	unsigned int i;
	int st;

	st = load_image(m);
	if (st != ST_OK)
		return st;
	timeline_mark(TL_IMAGE);
	if (cfg->trace_file) {
		m->trace = trace_open(cfg->trace_file, TRACE_RING_RECS);
		if (!m->trace)
			return ST_USAGE;
	}
	/* disk images, taps: a user's mistake costs no KVM set-up */
	st = devmgr_prepare(&m->dm, machine_devices);
	if (st != ST_OK)
		return st;
	timeline_mark(TL_HOST_FILES);
	if (vm_create(&m->vm, KVMINI_RAM_BASE, cfg->mem_size) < 0)
		return ST_HOST;
	m->vm_up = true;
	/* GDB's monitor reads them too */
	m->vm.kvm_stats = cfg->stats != REPORT_NONE || cfg->sample_ms ||
			  cfg->gdb;
	st = arch_vm_init(&m->vm, cfg, &m->img);
	if (st != ST_OK)
		return st;
	timeline_mark(TL_VM_SETUP);
	env = (struct device_env){
		.polling = cfg->polling,
		.no_ioeventfd = cfg->no_ioeventfd,
	};
	if (devmgr_attach(&m->dm, &m->vm, &env) < 0)
		return ST_HOST;
	timeline_mark(TL_DEVICES);
	st = image_place(&m->vm, &m->img);
	if (st != ST_OK)
		return st;
	timeline_mark(TL_IMAGE_PLACED);
	if (vcpus_init(&m->vm, cfg->cpus) < 0)
		return ST_HOST;
	for (i = 0; i < cfg->cpus; i++) {
		vcpu = vcpu_create(&m->vm, (int)i);
		if (!vcpu)
			return ST_HOST;
		vcpu->strict_io = cfg->strict_io;
		if (m->trace) {
			vcpu->trace = trace_ring_new(m->trace, (int)i);
			if (!vcpu->trace)
				return ST_HOST;
		}
	}
	if (m->trace)
		trace_set_waker(m->trace, vcpus_wake_watch, &m->vm);
	timeline_mark(TL_VCPUS_CREATE);
	for (i = 0; i < cfg->cpus; i++)
		if (arch_vcpu_init(m->vm.vcpus->v[i], &m->img) < 0)
			return ST_HOST;
	timeline_mark(TL_VCPUS_SETUP);
	m->vcpu = m->vm.vcpus->v[0];
	st = arch_vm_ready(&m->vm, cfg, &m->img, &m->dm);
	if (st == ST_OK && cfg->gdb)
		st = gdb_open(&m->vm, &m->dm, cfg->gdb, cfg->gdb_nowait);
	if (st == ST_OK)
		timeline_mark(TL_READY);
	return st;
}

int machine_create(const struct config *cfg, struct machine **out)
{
	struct machine *m = calloc(1, sizeof(*m));
	int st;

	*out = NULL;
	if (!m) {
		err_sys("calloc");
		return ST_HOST;
	}
	m->cfg = cfg;
	st = build(m);
	if (st != ST_OK) {
		machine_destroy(m);
		return st;
	}
	*out = m;
	return ST_OK;
}

struct vcpu *machine_vcpu(struct machine *m)
{
	return m->vcpu;
}

void machine_destroy(struct machine *m)
{
	fflush(stdout);
	gdb_close(&m->vm);
	/* stop (join pollers) before guest memory goes, free after */
	devmgr_stop(&m->dm);
	vcpus_destroy(&m->vm);
	if (m->vm_up) {
		arch_vm_destroy(&m->vm);	/* what the arch set up on it */
		vm_destroy(&m->vm);
	}
	devmgr_destroy(&m->dm);
	trace_close(m->trace);
	if (m->stats)
		fclose(m->stats);
	image_free(&m->img);
	free(m);
}

int machine_check_kvm(void)
{
	struct vm vm;

	if (vm_create(&vm, KVMINI_RAM_BASE, KVMINI_RAM_MIN) < 0)
		return ST_HOST;
	vm_destroy(&vm);
	err_msg("/dev/kvm is usable: a VM was created");
	return ST_OK;
}

/*
 * A lone vCPU that nothing watches runs on the main thread, which would
 * only wait for it: no thread, stack or malloc arena to make, no
 * wake-ups to start and join it. The self-tests keep their vCPU thread.
 */
static bool vcpu_on_main(const struct machine *m)
{
	return m->vm.vcpus->nr == 1 && !watch_needed(m->cfg) &&
	       !m->cfg->seccomp_selftest;
}

/* The vCPU threads, watched (watch.c); the run's status. */
static int run_vcpus(struct machine *m)
{
	struct watch mon;
	bool timed_out = false;
	unsigned int i;

	/* --gdb's thread, made like every thread before the main filter */
	if (gdb_start(&m->vm) < 0)
		vm_request_stop(&m->vm, ST_HOST);
	if (vcpu_on_main(m)) {
		/* its filter allows both roles' calls, and only those */
		if (sandbox_enter(SANDBOX_MAIN_VCPU, "vcpu0 (main)", NULL) < 0) {
			vm_request_stop(&m->vm, ST_HOST);
		} else {
			timeline_mark(TL_THREADS);
			vcpu_run(m->vcpu);
		}
		gdb_close(&m->vm);	/* an attached GDB learns the end */
		return vm_stop_status(&m->vm);
	}
	if (vcpus_start(&m->vm) == 0) {
		watch_init(&mon, &m->vm, m->cfg, m->trace);
		/* every thread exists: the main thread's filter last */
		if (sandbox_enter(SANDBOX_MAIN, "main", NULL) < 0) {
			vm_request_stop(&m->vm, ST_HOST);
		} else {
			timeline_mark(TL_THREADS);
			timed_out = watch_wait(&mon);
		}
		/* a vCPU waiting for room in its trace ring ends once drained */
		watch_finish(&mon);
	} else if (m->vm.vcpus->threads) {
		watch_init(&mon, &m->vm, m->cfg, m->trace);
		watch_finish(&mon);
	}
	vcpus_join(&m->vm);
	gdb_close(&m->vm);
	if (m->trace)
		trace_drain(m->trace, now_ns(), true);	/* the last records */
	/* every vCPU thread has ended: their state and exit rings are stable */
	if (timed_out && vm_stop_status(&m->vm) == ST_TIMEOUT) {
		fflush(stdout);
		err_msg("guest stopped: still running after %u s (--timeout)",
			m->cfg->timeout_ms / 1000);
		for (i = 0; i < m->vm.vcpus->nr; i++)
			postmortem_report(m->vm.vcpus->v[i], stderr);
	}
	return vm_stop_status(&m->vm);
}

int machine_run(const struct config *cfg)
{
	struct console_input *ci = NULL;
	struct pending_report rep;
	struct machine *m;
	uint64_t t0 = now_ns(), end;
	int st;

	/* first: any file kvmini opens could take the number fd=N names */
	st = devmgr_check();
	if (st != ST_OK)
		return st;
	console_catch_sigpipe();
	if (sandbox_init(cfg->seccomp,
			 (enum sandbox_selftest)cfg->seccomp_selftest,
			 console_restore_tty) < 0)
		return ST_HOST;
	st = machine_create(cfg, &m);
	if (st != ST_OK)
		return st;
	open_stats(m);
	st = devmgr_start(&m->dm);
	if (st == 0) {
		/*
		 * a kernel's console reads stdin; a bare guest's only with
		 * an interrupt controller (--irqchip) for the UART's
		 */
		if (m->img.kernel || cfg->irqchip)
			ci = console_input_start(&m->vm,
						 devmgr_console(&m->dm));
		st = run_vcpus(m);
		console_input_stop(ci);
	} else {
		st = ST_HOST;
	}
	devmgr_stop(&m->dm);
	end = now_ns();		/* every thread has ended: the stop is done */
	timeline_mark(TL_STOPPED);
	/* the 42 convention is for bare guests, not kernels */
	if (st == ST_OK && cfg->check && !m->img.kernel)
		st = check_result(m, m->vcpu);
	report_start(m, &rep, now_ns() - t0, vm_stop_ns(&m->vm, end));
	machine_destroy(m);	/* flushes the guest's output first */
	timeline_mark(TL_TEARDOWN);
	report_end(cfg, &rep);
	return st;
}
