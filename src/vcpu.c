// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arch.h"
#include "kvmstats.h"
#include "sandbox.h"
#include "status.h"
#include "vcpu.h"
#include "vm.h"

#define KICK_SIGNAL	SIGUSR1

/* The vCPU threads and how many have returned. */
struct vcpu_threads {
	pthread_t t[VM_MAX_VCPUS];
	unsigned int started;
	unsigned int done;
	pthread_mutex_t lock;
	pthread_cond_t done_cond;	/* on CLOCK_MONOTONIC */
};

static void kick_handler(int sig)
{
	(void)sig;	/* only there to make KVM_RUN return -EINTR */
}

static void signals_init(void)
{
	struct sigaction sa = { .sa_handler = kick_handler };

	sigemptyset(&sa.sa_mask);
	sigaction(KICK_SIGNAL, &sa, NULL);	/* no SA_RESTART */
}

static void kick_all(struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < __atomic_load_n(&vm->nr_vcpus, __ATOMIC_ACQUIRE); i++)
		vcpu_kick(vm->vcpus[i]);
}

struct vcpu *vcpu_create(struct vm *vm, int id)
{
	static pthread_once_t signals_once = PTHREAD_ONCE_INIT;
	struct vcpu *vcpu;

	if (vm->nr_vcpus == VM_MAX_VCPUS) {
		err_msg("at most %d vCPUs", VM_MAX_VCPUS);
		return NULL;
	}
	vcpu = calloc(1, sizeof(*vcpu));
	if (!vcpu) {
		err_sys("calloc");
		return NULL;
	}
	vcpu->vm = vm;
	vcpu->id = id;
	pthread_mutex_init(&vcpu->kick_lock, NULL);
	vcpu->fd = ioctl(vm->fd, KVM_CREATE_VCPU, id);
	if (vcpu->fd < 0) {
		err_sys("KVM_CREATE_VCPU");
		free(vcpu);
		return NULL;
	}
	vcpu->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE,
			 MAP_SHARED, vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED) {
		err_sys("mmap kvm_run");
		close(vcpu->fd);
		free(vcpu);
		return NULL;
	}
	/*
	 * Opened now: KVM_GET_STATS_FD waits for the vCPU mutex, which
	 * KVM_RUN holds, but reading the fd later needs no lock at all.
	 */
	vcpu->stats_fd = ioctl(vcpu->fd, KVM_GET_STATS_FD, NULL);
	pthread_once(&signals_once, signals_init);
	vm->kick_all = kick_all;
	vm->vcpus[vm->nr_vcpus] = vcpu;
	vm->live_vcpus++;
	__atomic_store_n(&vm->nr_vcpus, vm->nr_vcpus + 1, __ATOMIC_RELEASE);
	return vcpu;
}

static void vcpu_destroy(struct vcpu *vcpu)
{
	munmap(vcpu->run, vcpu->vm->run_size);
	if (vcpu->stats_fd >= 0)
		close(vcpu->stats_fd);
	close(vcpu->fd);
	pthread_mutex_destroy(&vcpu->kick_lock);
	free(vcpu);
}

void vcpus_destroy(struct vm *vm)
{
	struct vcpu_threads *th = vm->threads;
	unsigned int i;

	vm->kick_all = NULL;
	for (i = 0; i < vm->nr_vcpus; i++)
		vcpu_destroy(vm->vcpus[i]);
	vm->nr_vcpus = 0;
	if (th) {
		pthread_cond_destroy(&th->done_cond);
		pthread_mutex_destroy(&th->lock);
		free(th);
		vm->threads = NULL;
	}
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *vcpu = arg;
	struct vcpu_threads *th = vcpu->vm->threads;
	char name[16];

	snprintf(name, sizeof(name), "vcpu%d", vcpu->id);
	if (sandbox_enter(SANDBOX_VCPU, name, NULL) < 0)
		vm_request_stop(vcpu->vm, ST_HOST);
	else
		vcpu_run(vcpu);
	pthread_mutex_lock(&th->lock);
	th->done++;
	pthread_cond_signal(&th->done_cond);
	pthread_mutex_unlock(&th->lock);
	return NULL;
}

int vcpus_start(struct vm *vm)
{
	struct vcpu_threads *th = calloc(1, sizeof(*th));
	pthread_condattr_t ca;
	unsigned int i;
	int err;

	if (!th) {
		err_sys("calloc");
		vm_request_stop(vm, ST_HOST);
		return -1;
	}
	pthread_mutex_init(&th->lock, NULL);
	/* deadlines on the monotonic clock: a wall-clock step moves none */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&th->done_cond, &ca);
	pthread_condattr_destroy(&ca);
	vm->threads = th;
	for (i = 0; i < vm->nr_vcpus; i++) {
		err = pthread_create(&th->t[i], NULL, vcpu_thread, vm->vcpus[i]);
		if (err) {
			err_msg("cannot start vCPU thread: %s", strerror(err));
			vm_request_stop(vm, ST_HOST);
			return -1;
		}
		th->started++;
	}
	return 0;
}

bool vcpus_wait(struct vm *vm, const struct timespec *until)
{
	struct vcpu_threads *th = vm->threads;
	bool all;

	pthread_mutex_lock(&th->lock);
	while (th->done < th->started) {
		if (!until)
			pthread_cond_wait(&th->done_cond, &th->lock);
		else if (pthread_cond_timedwait(&th->done_cond, &th->lock,
						until) == ETIMEDOUT)
			break;
	}
	all = th->done == th->started;
	pthread_mutex_unlock(&th->lock);
	return all;
}

void vcpus_join(struct vm *vm)
{
	struct vcpu_threads *th = vm->threads;
	unsigned int i;

	for (i = 0; th && i < th->started; i++)
		pthread_join(th->t[i], NULL);
}

void vcpu_set_cpu(struct vcpu *vcpu, int cpu)
{
	struct vcpu_threads *th = vcpu->vm->threads;
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (th && (unsigned int)vcpu->id < th->started)
		pthread_setaffinity_np(th->t[vcpu->id], sizeof(one), &one);
}

void vcpus_kvmstats(struct vm *vm, struct kvmstats *ks)
{
	unsigned int i;

	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpus[i]->stats_fd >= 0)
			kvmstats_add(ks, vm->vcpus[i]->stats_fd);
}

void vcpu_kick(struct vcpu *vcpu)
{
	/* immediate_exit covers a kick that lands just before KVM_RUN */
	__atomic_store_n(&vcpu->run->immediate_exit, 1, __ATOMIC_RELEASE);
	pthread_mutex_lock(&vcpu->kick_lock);
	if (vcpu->in_run)
		pthread_kill(vcpu->thread, KICK_SIGNAL);
	pthread_mutex_unlock(&vcpu->kick_lock);
}

static void report(struct vcpu *vcpu, const char *what)
{
	err_msg("vcpu%d: guest stopped: %s", vcpu->id, what);
	arch_dump_regs(vcpu, stderr);
}

static struct exit_action report_unclaimed(struct vcpu *vcpu,
					   const char *space, uint64_t addr,
					   unsigned int len, bool write)
{
	char buf[96];

	if (!vcpu->strict_io)
		return EXIT_ACTION_CONTINUE;
	snprintf(buf, sizeof(buf), "unclaimed %s %s at 0x%" PRIx64
		 " (%u bytes)", space, write ? "write" : "read", addr, len);
	report(vcpu, buf);
	return exit_stop(ST_UNCLAIMED);
}

static struct exit_action handle_io(struct vcpu *vcpu, int *dev)
{
	/* the kvm_run page is untrusted: read each field once */
	const struct kvm_run *run = vcpu->run;
	uint64_t off = run->io.data_offset, room = vcpu->vm->run_size;
	uint32_t size = run->io.size, count = run->io.count, i;
	uint16_t port = run->io.port;
	bool write = run->io.direction == KVM_EXIT_IO_OUT;
	const struct bus_region *r = NULL;
	uint8_t *data;

	/*
	 * Elements of 0 bytes would let count (up to 2^32) go unchecked by
	 * the bound below: that many bus accesses would hang the vCPU.
	 */
	if (!size) {
		report(vcpu, "KVM_EXIT_IO with 0-byte elements");
		return exit_stop(ST_INTERNAL);
	}
	/* size * count cannot overflow 64 bits; off + it could */
	if (off > room || (uint64_t)size * count > room - off) {
		report(vcpu, "KVM_EXIT_IO data outside kvm_run");
		return exit_stop(ST_INTERNAL);
	}
	data = (uint8_t *)vcpu->run + off;
	/* string I/O (rep outsb) arrives as count elements */
	for (i = 0; i < count; i++)
		r = bus_access(&vcpu->vm->bus, BUS_PIO, port,
			       data + (uint64_t)i * size, size, write);
	*dev = r ? r->dev : PROF_DEV_UNCLAIMED;
	return r ? EXIT_ACTION_CONTINUE :
		   report_unclaimed(vcpu, "port", port, size, write);
}

static struct exit_action handle_mmio(struct vcpu *vcpu, int *dev)
{
	struct kvm_run *run = vcpu->run;
	const struct bus_region *r;

	r = bus_access(&vcpu->vm->bus, BUS_MMIO, run->mmio.phys_addr,
		       run->mmio.data, run->mmio.len, run->mmio.is_write);
	*dev = r ? r->dev : PROF_DEV_UNCLAIMED;
	return r ? EXIT_ACTION_CONTINUE :
		   report_unclaimed(vcpu, "MMIO", run->mmio.phys_addr,
				    run->mmio.len, run->mmio.is_write);
}

static const char * const internal_names[] = {
	[KVM_INTERNAL_ERROR_EMULATION] = "instruction emulation failed",
	[KVM_INTERNAL_ERROR_SIMUL_EX] = "exception while delivering one",
	[KVM_INTERNAL_ERROR_DELIVERY_EV] = "event delivery failed",
	[KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON] = "unexpected exit",
};

static struct exit_action handle_internal(struct vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	const char *what = "unknown suberror";
	char buf[160];
	int n;
	uint32_t i;

	if (run->internal.suberror < ARRAY_SIZE(internal_names) &&
	    internal_names[run->internal.suberror])
		what = internal_names[run->internal.suberror];
	n = snprintf(buf, sizeof(buf), "KVM_EXIT_INTERNAL_ERROR: %s (suberror %u)",
		     what, run->internal.suberror);
	for (i = 0; i < run->internal.ndata && i < 4 && n < (int)sizeof(buf);
	     i++)
		n += snprintf(buf + n, sizeof(buf) - n, " data%u=0x%llx", i,
			      (unsigned long long)run->internal.data[i]);
	report(vcpu, buf);
	return exit_stop(ST_INTERNAL);
}

struct exit_action vcpu_handle_exit(struct vcpu *vcpu, int *dev)
{
	struct kvm_run *run = vcpu->run;
	char buf[96];

	*dev = PROF_DEV_NONE;
	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		return handle_io(vcpu, dev);
	case KVM_EXIT_MMIO:
		return handle_mmio(vcpu, dev);
	case KVM_EXIT_HLT:
		/* bare guests get no interrupts: hlt ends this vCPU */
		return EXIT_ACTION_VCPU_DONE;
	case KVM_EXIT_SYSTEM_EVENT:
		if (run->system_event.type == KVM_SYSTEM_EVENT_SHUTDOWN ||
		    run->system_event.type == KVM_SYSTEM_EVENT_RESET)
			return exit_stop(ST_OK);
		snprintf(buf, sizeof(buf), "KVM_EXIT_SYSTEM_EVENT type %u",
			 run->system_event.type);
		report(vcpu, buf);
		return exit_stop(ST_UNKNOWN_EXIT);
	case KVM_EXIT_SHUTDOWN:
		report(vcpu, "KVM_EXIT_SHUTDOWN (triple fault)");
		return exit_stop(ST_SHUTDOWN);
	case KVM_EXIT_FAIL_ENTRY:
		snprintf(buf, sizeof(buf),
			 "KVM_EXIT_FAIL_ENTRY: reason 0x%llx on cpu %u",
			 (unsigned long long)
			 run->fail_entry.hardware_entry_failure_reason,
			 run->fail_entry.cpu);
		report(vcpu, buf);
		return exit_stop(ST_FAIL_ENTRY);
	case KVM_EXIT_INTERNAL_ERROR:
		return handle_internal(vcpu);
	default:
		return arch_handle_exit(vcpu);
	}
}

struct exit_action vcpu_unknown_exit(struct vcpu *vcpu)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "unhandled exit reason %u (%s)",
		 vcpu->run->exit_reason,
		 exit_reason_name(vcpu->run->exit_reason));
	report(vcpu, buf);
	return exit_stop(ST_UNKNOWN_EXIT);
}

void vcpu_record_exit(struct vcpu *vcpu)
{
	const struct kvm_run *run = vcpu->run;
	struct vcpu_exit_rec *e = &vcpu->exits[vcpu->nr_exits++ % VCPU_EXIT_RING];
	uint64_t off;

	*e = (struct vcpu_exit_rec){ .reason = run->exit_reason };
	if (run->exit_reason == KVM_EXIT_IO) {
		off = run->io.data_offset;
		e->addr = run->io.port;
		e->size = run->io.size;
		e->count = run->io.count;
		e->write = run->io.direction == KVM_EXIT_IO_OUT;
		/*
		 * the first element only, if it lies inside kvm_run (off is
		 * untrusted: off + size may wrap)
		 */
		if (e->write && e->size <= sizeof(e->data) &&
		    off <= (uint64_t)vcpu->vm->run_size &&
		    e->size <= (uint64_t)vcpu->vm->run_size - off)
			memcpy(&e->data, (const uint8_t *)run + off, e->size);
	} else if (run->exit_reason == KVM_EXIT_MMIO) {
		e->addr = run->mmio.phys_addr;
		e->size = run->mmio.len;
		e->write = run->mmio.is_write;
		if (e->write && e->size <= sizeof(e->data))
			memcpy(&e->data, run->mmio.data, e->size);
	}
}

/* One exit, e.g. "IO out1 0x3f8=0x41", "MMIO r4 0xd0000000", "HLT". */
static void format_exit(const struct vcpu_exit_rec *e, char *buf, size_t len)
{
	const char *name = exit_reason_name(e->reason);
	int n;

	if (e->reason != KVM_EXIT_IO && e->reason != KVM_EXIT_MMIO) {
		snprintf(buf, len, "%s", name);
		return;
	}
	n = snprintf(buf, len, "%s %s%s%u 0x%" PRIx64, name,
		     e->reason == KVM_EXIT_IO ? (e->write ? "out" : "in") :
		     (e->write ? "w" : "r"), e->count > 1 ? "s" : "",
		     e->size, e->addr);
	if (n < 0 || (size_t)n >= len)
		return;
	if (e->count > 1)
		snprintf(buf + n, len - n, " x%u", e->count);
	else if (e->write)
		snprintf(buf + n, len - n, "=0x%" PRIx64, e->data);
}

static const char * const mp_state_names[] = {
	[KVM_MP_STATE_RUNNABLE] = "RUNNABLE",
	[KVM_MP_STATE_UNINITIALIZED] = "UNINITIALIZED",
	[KVM_MP_STATE_INIT_RECEIVED] = "INIT_RECEIVED",
	[KVM_MP_STATE_HALTED] = "HALTED",
	[KVM_MP_STATE_SIPI_RECEIVED] = "SIPI_RECEIVED",
	[KVM_MP_STATE_STOPPED] = "STOPPED",
	[KVM_MP_STATE_CHECK_STOP] = "CHECK_STOP",
	[KVM_MP_STATE_OPERATING] = "OPERATING",
	[KVM_MP_STATE_LOAD] = "LOAD",
	[KVM_MP_STATE_AP_RESET_HOLD] = "AP_RESET_HOLD",
	[KVM_MP_STATE_SUSPENDED] = "SUSPENDED",
};

int vcpu_mp_state(struct vcpu *vcpu, const char **name)
{
	struct kvm_mp_state mp;

	if (ioctl(vcpu->fd, KVM_GET_MP_STATE, &mp) < 0) {
		*name = "unknown";
		return -1;
	}
	*name = mp.mp_state < ARRAY_SIZE(mp_state_names) &&
		mp_state_names[mp.mp_state] ? mp_state_names[mp.mp_state] :
		"OTHER";
	return (int)mp.mp_state;
}

#define EXITS_PER_LINE	4

void vcpu_report_wait(struct vcpu *vcpu, FILE *out)
{
	uint64_t n = vcpu->nr_exits, i, first;
	char buf[64];

	fprintf(out, "  vcpu%d: ", vcpu->id);
	arch_vcpu_report_wait(vcpu, out);
	fprintf(out, "    exits to kvmini: %" PRIu64, n);
	first = n > VCPU_EXIT_RING ? n - VCPU_EXIT_RING : 0;
	for (i = first; i < n; i++) {
		format_exit(&vcpu->exits[i % VCPU_EXIT_RING], buf, sizeof(buf));
		if (i == first)
			fprintf(out, ", the last (oldest first): %s", buf);
		else if ((i - first) % EXITS_PER_LINE == 0)
			fprintf(out, ",\n      %s", buf);
		else
			fprintf(out, ", %s", buf);
	}
	fputc('\n', out);
}

void vcpu_run(struct vcpu *vcpu)
{
	struct exit_action act = EXIT_ACTION_CONTINUE;
	struct vm *vm = vcpu->vm;
	uint64_t t0;
	int dev;

	pthread_mutex_lock(&vcpu->kick_lock);
	vcpu->thread = pthread_self();
	vcpu->in_run = true;
	pthread_mutex_unlock(&vcpu->kick_lock);
	while (act.kind == EXIT_CONTINUE && !vm_stopping(vm)) {
		if (ioctl(vcpu->fd, KVM_RUN, 0) < 0) {
			if (errno != EINTR && errno != EAGAIN) {
				err_sys("KVM_RUN");
				act = exit_stop(ST_HOST);
				break;
			}
			/* a kick: the loop head decides whether to stop */
			__atomic_store_n(&vcpu->run->immediate_exit, 0,
					 __ATOMIC_RELAXED);
			continue;
		}
		vcpu_record_exit(vcpu);
		t0 = arch_cycles();
		act = vcpu_handle_exit(vcpu, &dev);
		profile_exit(&vcpu->prof, vcpu->trace, vcpu->id, vcpu->run, dev,
			     arch_cycles() - t0);
	}
	pthread_mutex_lock(&vcpu->kick_lock);
	vcpu->in_run = false;
	pthread_mutex_unlock(&vcpu->kick_lock);
	/*
	 * A halted vCPU ends the run only as the last one still running;
	 * anything else ends it for every vCPU at once.
	 */
	if (act.kind == EXIT_VCPU_DONE) {
		vcpu->halted = true;
		if (__atomic_sub_fetch(&vm->live_vcpus, 1, __ATOMIC_ACQ_REL) > 0)
			return;
		act = exit_stop(ST_OK);
	}
	if (act.kind == EXIT_STOP)
		vm_request_stop(vm, act.status);
}
