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
#include "log.h"
#include "sandbox.h"
#include "status.h"
#include "timeline.h"
#include "vcpu.h"
#include "vm.h"

#define KICK_SIGNAL	SIGUSR1

/* The vCPU threads and how many have returned. */
struct vcpu_threads {
	pthread_t t[VM_MAX_VCPUS];
	unsigned int started;
	unsigned int done;
	bool woken;		/* vcpus_wake_watch() since the last wait */
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
	struct vcpu_pause *p = &vm->vcpus->pause;
	unsigned int i;

	for (i = 0; i < __atomic_load_n(&vm->vcpus->nr, __ATOMIC_ACQUIRE); i++)
		vcpu_kick(vm->vcpus->v[i]);
	/* a stop ends a pause's waits too */
	pthread_mutex_lock(&p->lock);
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

int vcpus_init(struct vm *vm, unsigned int planned)
{
	pthread_condattr_t ca;

	vm->vcpus = calloc(1, sizeof(*vm->vcpus));
	if (!vm->vcpus)
		return err_sys("calloc");
	vm->vcpus->planned = planned;
	pthread_mutex_init(&vm->vcpus->pause.lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&vm->vcpus->pause.cond, &ca);
	pthread_condattr_destroy(&ca);
	return 0;
}

struct vcpu *vcpu_create(struct vm *vm, int id)
{
	static pthread_once_t signals_once = PTHREAD_ONCE_INIT;
	struct vcpu *vcpu;

	if (!vm->vcpus || vm->vcpus->nr == VM_MAX_VCPUS) {
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
	 * Only for a run that reads it: an fd and a call fewer otherwise.
	 */
	vcpu->stats_fd = vm->kvm_stats ?
			 ioctl(vcpu->fd, KVM_GET_STATS_FD, NULL) : -1;
	pthread_once(&signals_once, signals_init);
	vm->kick_all = kick_all;
	vm->vcpus->v[vm->vcpus->nr] = vcpu;
	vm->vcpus->live++;
	__atomic_store_n(&vm->vcpus->nr, vm->vcpus->nr + 1, __ATOMIC_RELEASE);
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
	struct vcpu_set *set = vm->vcpus;
	struct vcpu_threads *th;
	unsigned int i;

	vm->kick_all = NULL;
	if (!set)
		return;
	for (i = 0; i < set->nr; i++)
		vcpu_destroy(set->v[i]);
	th = set->threads;
	if (th) {
		pthread_cond_destroy(&th->done_cond);
		pthread_mutex_destroy(&th->lock);
		free(th);
	}
	pthread_cond_destroy(&set->pause.cond);
	pthread_mutex_destroy(&set->pause.lock);
	free(set);
	vm->vcpus = NULL;
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *vcpu = arg;
	struct vcpu_threads *th = vcpu->vm->vcpus->threads;
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
	vm->vcpus->threads = th;
	for (i = 0; i < vm->vcpus->nr; i++) {
		err = pthread_create(&th->t[i], NULL, vcpu_thread, vm->vcpus->v[i]);
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
	struct vcpu_threads *th = vm->vcpus->threads;
	bool all;

	pthread_mutex_lock(&th->lock);
	while (th->done < th->started && !th->woken) {
		if (!until)
			pthread_cond_wait(&th->done_cond, &th->lock);
		else if (pthread_cond_timedwait(&th->done_cond, &th->lock,
						until) == ETIMEDOUT)
			break;
	}
	all = th->done == th->started;
	th->woken = false;
	pthread_mutex_unlock(&th->lock);
	return all;
}

void vcpus_wake_watch(void *arg)
{
	struct vm *vm = arg;
	struct vcpu_threads *th = vm->vcpus->threads;

	pthread_mutex_lock(&th->lock);
	th->woken = true;
	pthread_cond_signal(&th->done_cond);
	pthread_mutex_unlock(&th->lock);
}

void vcpus_join(struct vm *vm)
{
	struct vcpu_threads *th = vm->vcpus ? vm->vcpus->threads : NULL;
	unsigned int i;

	for (i = 0; th && i < th->started; i++)
		pthread_join(th->t[i], NULL);
}

void vcpu_set_cpu(struct vcpu *vcpu, int cpu)
{
	struct vcpu_threads *th = vcpu->vm->vcpus->threads;
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (th && (unsigned int)vcpu->id < th->started)
		pthread_setaffinity_np(th->t[vcpu->id], sizeof(one), &one);
}

void vcpus_kvmstats(struct vm *vm, struct kvmstats *ks)
{
	unsigned int i;

	for (i = 0; i < vm->vcpus->nr; i++)
		if (vm->vcpus->v[i]->stats_fd >= 0)
			kvmstats_add(ks, vm->vcpus->v[i]->stats_fd);
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

int vcpus_pause(struct vm *vm, vcpus_paused_fn fn, void *arg)
{
	struct vcpu_pause *p = &vm->vcpus->pause;
	bool busy;

	pthread_mutex_lock(&p->lock);
	busy = p->want;
	if (!busy) {
		p->fn = fn;
		p->arg = arg;
		__atomic_store_n(&p->want, true, __ATOMIC_RELEASE);
	} else if (p->running && !p->again) {
		p->again = true;	/* vcpu_park() runs it next */
		p->next_fn = fn;
		p->next_arg = arg;
		busy = false;
	}
	pthread_mutex_unlock(&p->lock);
	if (busy)
		return -1;
	kick_all(vm);
	return 0;
}

bool vcpus_pause_sleep(struct vm *vm, const struct timespec *until,
		       bool (*done)(void *arg), void *arg)
{
	struct vcpu_pause *p = &vm->vcpus->pause;
	int err = 0;

	pthread_mutex_lock(&p->lock);
	while (!vm_stopping(vm) && err != ETIMEDOUT && !(done && done(arg))) {
		if (until)
			err = pthread_cond_timedwait(&p->cond, &p->lock, until);
		else
			pthread_cond_wait(&p->cond, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return !vm_stopping(vm);
}

void vcpus_pause_wake(struct vm *vm)
{
	struct vcpu_pause *p = &vm->vcpus->pause;

	pthread_mutex_lock(&p->lock);
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

void vcpu_hold(struct vcpu *vcpu, bool on)
{
	struct vcpu_pause *p = &vcpu->vm->vcpus->pause;

	pthread_mutex_lock(&p->lock);
	__atomic_store_n(&vcpu->hold, on, __ATOMIC_RELEASE);
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

/*
 * At the loop's head while a pause is wanted or the vCPU is held: the
 * last vCPU to stop runs the pause's function; the others wait for it
 * to end, held ones longer, or for a stop.
 */
static void vcpu_park(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;
	struct vcpu_pause *p = &vm->vcpus->pause;

	pthread_mutex_lock(&p->lock);
	p->parked++;
	while (!vm_stopping(vm)) {
		if (p->want && !p->running &&
		    p->parked >= __atomic_load_n(&vm->vcpus->live,
						 __ATOMIC_ACQUIRE)) {
			p->running = true;
			pthread_mutex_unlock(&p->lock);
			p->fn(vm, p->arg);
			pthread_mutex_lock(&p->lock);
			p->running = false;
			if (p->again) {
				/* every vCPU still stopped: the next one */
				p->again = false;
				p->fn = p->next_fn;
				p->arg = p->next_arg;
			} else {
				__atomic_store_n(&p->want, false,
						 __ATOMIC_RELEASE);
			}
			pthread_cond_broadcast(&p->cond);
			continue;	/* held by fn, perhaps */
		}
		if (!p->want && !__atomic_load_n(&vcpu->hold, __ATOMIC_ACQUIRE))
			break;
		pthread_cond_wait(&p->cond, &p->lock);
	}
	p->parked--;
	pthread_mutex_unlock(&p->lock);
}

void vcpu_run(struct vcpu *vcpu)
{
	struct exit_action act = EXIT_ACTION_CONTINUE;
	struct vm *vm = vcpu->vm;
	uint64_t t0, t1;
	int dev;

	pthread_mutex_lock(&vcpu->kick_lock);
	vcpu->thread = pthread_self();
	vcpu->in_run = true;
	pthread_mutex_unlock(&vcpu->kick_lock);
	timeline_mark_first(TL_FIRST_RUN);
	while (act.kind == EXIT_CONTINUE && !vm_stopping(vm)) {
		if (__atomic_load_n(&vm->vcpus->pause.want, __ATOMIC_ACQUIRE) ||
		    __atomic_load_n(&vcpu->hold, __ATOMIC_ACQUIRE)) {
			vcpu_park(vcpu);
			continue;
		}
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
		timeline_mark_first(TL_FIRST_EXIT);
		postmortem_record_exit(vcpu);
		t0 = arch_cycles();
		act = exit_dispatch(vcpu, &dev);
		t1 = arch_cycles();
		profile_exit(&vcpu->prof, vcpu->run, dev, t1 - t0);
		if (vcpu->trace)
			trace_exit(vcpu->trace, vcpu->run, t1, t1 - t0);
	}
	timeline_mark_last(TL_LAST_EXIT);
	pthread_mutex_lock(&vcpu->kick_lock);
	vcpu->in_run = false;
	pthread_mutex_unlock(&vcpu->kick_lock);
	/*
	 * A halted vCPU ends the run only as the last one still running;
	 * anything else ends it for every vCPU at once.
	 */
	if (act.kind == EXIT_VCPU_DONE) {
		vcpu->halted = true;
		if (__atomic_sub_fetch(&vm->vcpus->live, 1, __ATOMIC_ACQ_REL) > 0) {
			/* a pause waiting for this vCPU waits no more */
			vcpus_pause_wake(vm);
			return;
		}
		act = exit_stop(ST_OK);
	}
	if (act.kind == EXIT_STOP)
		vm_request_stop(vm, act.status);
}
