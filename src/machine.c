// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arch.h"
#include "config.h"
#include "demo.h"
#include "devices/device.h"
#include "loader.h"
#include "machine.h"
#include "status.h"
#include "vcpu.h"
#include "vm.h"

#define MAX_DEVICES	8


struct machine {
	const struct config *cfg;
	struct vm vm;
	bool vm_up;
	struct image img;
	struct vcpu *vcpu;
	void *dev_state[MAX_DEVICES];
	unsigned int nr_devs;
	struct trace *trace;
	pthread_mutex_t lock;
	pthread_cond_t done_cond;
	unsigned int done;	/* vCPU threads that have returned */
};

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
	return arch_image_check(&m->img, cfg->mem_size);
}

static int create_devices(struct machine *m)
{
	const struct device_class *dc;
	unsigned int i;

	for (i = 0; device_classes[i]; i++) {
		dc = device_classes[i];
		if (dc->create(&m->vm, m->cfg, &m->dev_state[i]) < 0) {
			err_msg("cannot create device %s", dc->name);
			return -1;
		}
		m->nr_devs = i + 1;
	}
	return 0;
}

static void stop_devices(struct machine *m)
{
	unsigned int i;

	for (i = 0; i < m->nr_devs; i++)
		if (device_classes[i]->stop)
			device_classes[i]->stop(m->dev_state[i]);
	fflush(stdout);		/* what consoles printed, before any report */
}

static void destroy_devices(struct machine *m)
{
	unsigned int i;

	for (i = 0; i < m->nr_devs; i++)
		device_classes[i]->destroy(m->dev_state[i]);
	m->nr_devs = 0;
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *vcpu = arg;
	struct machine *m = (struct machine *)((char *)vcpu->vm -
					       offsetof(struct machine, vm));
	vcpu_run(vcpu);	/* its status is the VM's: vm_stop_status() */
	pthread_mutex_lock(&m->lock);
	m->done++;
	pthread_cond_signal(&m->done_cond);
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

static void add_ms(struct timespec *ts, unsigned int ms)
{
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

static bool before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* The k-th CPU (from 0) in set. */
static int nth_cpu(const cpu_set_t *set, int k)
{
	int c;

	for (c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, set) && k-- == 0)
			return c;
	return 0;
}

/* --migrate: vCPU i goes to the (i + tick)-th CPU kvmini may run on. */
static void migrate(pthread_t *t, unsigned int n, unsigned int tick)
{
	static cpu_set_t allowed;
	static int ncpus;
	cpu_set_t one;
	unsigned int i;

	if (!ncpus) {
		if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0)
			ncpus = CPU_COUNT(&allowed);
		/* -1: no CPU set to move the threads in, they stay put */
		if (ncpus <= 0) {
			err_msg("cannot read the CPUs kvmini may run on: vCPU threads stay where they are");
			ncpus = -1;
		}
	}
	for (i = 0; ncpus > 0 && i < n; i++) {
		CPU_ZERO(&one);
		CPU_SET(nth_cpu(&allowed, (int)((i + tick) % ncpus)), &one);
		pthread_setaffinity_np(t[i], sizeof(one), &one);
	}
}

/*
 * Waits for every vCPU thread to return, enforcing --timeout and moving
 * vCPU threads for --migrate; returns the run's status.
 */
static int wait_vcpus(struct machine *m, pthread_t *t, unsigned int n)
{
	const struct config *cfg = m->cfg;
	struct timespec deadline, wake, now;
	unsigned int tick = 0, period = cfg->migrate_ms;
	bool timed_out = false;
	int err;

	if (cfg->sample_ms && (!period || cfg->sample_ms < period))
		period = cfg->sample_ms;	/* one period serves both */

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	add_ms(&deadline, cfg->timeout_ms);
	pthread_mutex_lock(&m->lock);
	while (m->done < n && !timed_out) {
		if (!cfg->timeout_ms && !period) {
			pthread_cond_wait(&m->done_cond, &m->lock);
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &wake);
		add_ms(&wake, period);
		if (!period || (cfg->timeout_ms && before(&deadline, &wake)))
			wake = deadline;
		err = pthread_cond_timedwait(&m->done_cond, &m->lock, &wake);
		if (err != ETIMEDOUT || m->done == n)
			continue;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (cfg->timeout_ms && !before(&now, &deadline)) {
			timed_out = true;
			continue;
		}
		tick++;
		if (cfg->migrate_ms)
			migrate(t, n, tick);
		if (cfg->sample_ms)
			trace_sample(m->trace, &m->vm);
	}
	pthread_mutex_unlock(&m->lock);
	if (timed_out) {
		arch_vm_save_wait(&m->vm);	/* as the guest left it */
		vm_request_stop(&m->vm, ST_TIMEOUT);
	}
	return vm_stop_status(&m->vm);
}

/* One thread per vCPU; the first to end the run ends it for all. */
static int run_vcpus(struct machine *m)
{
	pthread_t t[VM_MAX_VCPUS];
	unsigned int i, n = 0;
	int st, err = 0;

	vcpu_signals_init();
	for (i = 0; i < m->vm.nr_vcpus && !err; i++) {
		err = pthread_create(&t[i], NULL, vcpu_thread, m->vm.vcpus[i]);
		if (err)
			err_msg("cannot start vCPU thread: %s", strerror(err));
		else
			n++;
	}
	if (err)
		vm_request_stop(&m->vm, ST_HOST);
	st = wait_vcpus(m, t, n);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	/* every vCPU thread has ended: their state and exit rings are stable */
	if (st == ST_TIMEOUT) {
		fflush(stdout);
		err_msg("guest stopped: still running after %u s (--timeout)",
			m->cfg->timeout_ms / 1000);
		for (i = 0; i < m->vm.nr_vcpus; i++)
			vcpu_report_wait(m->vm.vcpus[i], stderr);
	}
	return st;
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

static void report(struct machine *m, uint64_t wall)
{
	FILE *f = stderr;

	if (m->cfg->stats == REPORT_NONE)
		return;
	if (m->cfg->stats_file) {
		f = fopen(m->cfg->stats_file, "w");
		if (!f) {
			err_msg("cannot write %s: %s", m->cfg->stats_file,
				strerror(errno));
			return;
		}
	}
	fflush(stdout);
	profile_report(f, m->cfg->stats, &m->vm, wall);
	if (f != stderr)
		fclose(f);
}

static int build(struct machine *m)
{
	const struct config *cfg = m->cfg;
	struct vcpu *vcpu;
	unsigned int i;
	int st;

	st = load_image(m);
	if (st != ST_OK)
		return st;
	if (cfg->trace_file) {
		m->trace = trace_open(cfg->trace_file);
		if (!m->trace)
			return ST_USAGE;
	}
	if (vm_create(&m->vm, KVMINI_RAM_BASE, cfg->mem_size) < 0)
		return ST_HOST;
	m->vm_up = true;
	st = arch_vm_init(&m->vm, cfg, &m->img);
	if (st != ST_OK)
		return st;
	if (create_devices(m) < 0)
		return ST_HOST;
	st = image_place(&m->vm, &m->img);
	if (st != ST_OK)
		return st;
	m->vm.nr_vcpus_planned = cfg->cpus;
	for (i = 0; i < cfg->cpus; i++) {
		vcpu = vcpu_create(&m->vm, (int)i);
		if (!vcpu || arch_vcpu_init(vcpu, &m->img) < 0)
			return ST_HOST;
		vcpu->strict_io = cfg->strict_io;
		vcpu->trace = m->trace;
	}
	m->vcpu = m->vm.vcpus[0];
	return arch_vm_ready(&m->vm, cfg, &m->img);
}

int machine_create(const struct config *cfg, struct machine **out)
{
	struct machine *m = calloc(1, sizeof(*m));
	pthread_condattr_t ca;
	int st;

	*out = NULL;
	if (!m) {
		err_sys("calloc");
		return ST_HOST;
	}
	m->cfg = cfg;
	pthread_mutex_init(&m->lock, NULL);
	/* deadlines on the monotonic clock: a wall-clock step moves none */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&m->done_cond, &ca);
	pthread_condattr_destroy(&ca);
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
	/* stop (join pollers) before guest memory goes, free after */
	stop_devices(m);
	if (m->vm_up)
		vm_destroy(&m->vm);
	destroy_devices(m);
	trace_close(m->trace);
	image_free(&m->img);
	pthread_cond_destroy(&m->done_cond);
	pthread_mutex_destroy(&m->lock);
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

int machine_run(const struct config *cfg)
{
	struct machine *m;
	uint64_t t0 = now_ns();
	unsigned int i;
	int st;

	st = machine_create(cfg, &m);
	if (st != ST_OK)
		return st;
	for (i = 0; i < m->nr_devs && st == ST_OK; i++)
		if (device_classes[i]->start &&
		    device_classes[i]->start(m->dev_state[i]) < 0)
			st = ST_HOST;
	if (st == ST_OK)
		st = run_vcpus(m);
	stop_devices(m);
	/* the 42 convention is for bare guests, not kernels */
	if (st == ST_OK && cfg->check && !m->img.kernel)
		st = check_result(m, m->vcpu);
	report(m, now_ns() - t0);
	machine_destroy(m);
	return st;
}
