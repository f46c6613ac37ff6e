// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: measured side by side in one run, rounds interleaved so
 * drift hits both sides alike. Every figure is a median with the
 * bootstrap 95 % interval of that median in brackets; ratios are the
 * medians of per-round ratios. Goals are printed beside their figures,
 * for information: missing one is not a failure.
 *
 * Whole processes (x86: where bench/rawkvm, the smallest KVM program
 * that runs the smallest guest, exists), in the terms the peers use,
 * as ratios to rawkvm, the raw floor:
 *  - start to exit: wall time from fork to wait, unwatched;
 *  - peak RSS: /proc/PID/status VmHWM, read while the process waits at
 *    the start of its exit_group (a seccomp user notification: its
 *    memory is still there, which it is not once it is a zombie); and
 *    the VMM's overhead, that minus the guest RAM the run touched;
 *  - first instruction: from exec to the first KVM_RUN, seen the same
 *    way in those same watched runs;
 *  - churn: processes started, run and ended back to back, per second;
 *  - --stats and --trace: what each adds to a run of many exits, per
 *    exit, as a share of an exit's cost.
 * In process:
 *  - PIO and MMIO exit round trip: kvmini's vCPU loop (bus dispatch,
 *    device, profiling) over a minimal raw KVM_RUN loop, same guest and
 *    same VM set-up. Target: <= 1.03.
 *  - SIMVIRTIO TX throughput, polling over exit-driven, in bytes/s.
 *  - --gdb: a run of many exits with a GDB stub attached but not
 *    stepping (a client that lets the guest run on), over the plain run.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/kvm.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "bench.h"
#include "compiler.h"
#include "config.h"
#include "machine.h"
#include "status.h"
#include "vcpu.h"
#include "vm.h"

#define ROUNDS		9
#define START_ROUNDS	21	/* whole processes: noisier than exits */
#define CHURN_ROUNDS	9
#define CHURN_PROCS	16	/* processes back to back in a round */
#define OPT_ROUNDS	11	/* --stats and --trace: long runs */
#define MAX_ROUNDS	START_ROUNDS
#define RESAMPLES	2000	/* bootstrap */
#define MAX_ARGS	5	/* a run's argv, its NULL included */

/* the bench guests' names: x86's carry their mode */
#ifdef __x86_64__
#define GUEST_SFX	"64"
#define BENCH_AUDIT_ARCH AUDIT_ARCH_X86_64
#else
#define GUEST_SFX	""
#define BENCH_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

/* kvmini's goals against the raw floor (docs/performance.md) */
#define GOAL_START		1.15	/* x raw, seccomp on */
#define GOAL_START_NOSECCOMP	1.05
#define GOAL_RSS		1.25
#define GOAL_CHURN		0.85	/* at least, x raw's rate */
#define GOAL_TRACE		2.0	/* % per exit */

static FILE *out;	/* results; stdout itself takes guest output */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* v is left as it is: rounds stay paired across the series */
static double median(const double *v, int n)
{
	double s[MAX_ROUNDS];

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* A median and the bootstrap 95 % interval of it. */
struct est {
	double med, lo, hi;
};

/* fixed seed: the same rounds give the same interval */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/*
 * Resamples the rounds with replacement; the interval holds the middle
 * 95 % of the resampled medians. It assumes nothing about the
 * distribution, which for process times is skewed by preemptions.
 */
static struct est estimate(const double *v, int n)
{
	static double meds[RESAMPLES];
	struct est e = { .med = median(v, n) };
	double s[MAX_ROUNDS];
	int b, i;

	for (b = 0; b < RESAMPLES; b++) {
		for (i = 0; i < n; i++)
			s[i] = v[rng() % n];
		meds[b] = median(s, n);
	}
	qsort(meds, RESAMPLES, sizeof(*meds), cmp);
	e.lo = meds[RESAMPLES / 40];
	e.hi = meds[RESAMPLES - RESAMPLES / 40 - 1];
	return e;
}

/*
 * " (goal <= 1.15x: met)", judged on the median; an interval that
 * holds the goal is said so, since then another run may judge it
 * otherwise.
 */
static const char *goal_note(const struct est *e, bool at_most, double g,
			const char *unit)
{
	static char buf[96];
	bool met = at_most ? e->med <= g : e->med >= g;

	snprintf(buf, sizeof(buf), " (goal %s %g%s: %s%s)",
		 at_most ? "<=" : ">=", g, unit, met ? "met" : "not met",
		 e->lo <= g && g <= e->hi ? ", within the interval" : "");
	return buf;
}

/*
 * The baseline: nothing but KVM_RUN and a switch on the exit reason. The
 * guest ends with HLT on x86, with a write to the exit register on arm64.
 */
static int raw_loop(struct vcpu *vcpu, unsigned long *exits)
{
	struct kvm_run *run = vcpu->run;

	for (*exits = 0;; (*exits)++) {
		if (ioctl(vcpu->fd, KVM_RUN, 0) < 0)
			return -1;
		switch (run->exit_reason) {
		case KVM_EXIT_IO:
			continue;
		case KVM_EXIT_MMIO:
#ifdef KVMINI_EXIT_BASE
			if (run->mmio.phys_addr == KVMINI_EXIT_BASE)
				return 0;
#endif
			continue;
		case KVM_EXIT_HLT:
			return 0;
		default:
			return -1;
		}
	}
}

/* Seconds per exit for one run of image, raw or through kvmini. */
static double exit_cost(const struct config *cfg, int raw)
{
	struct machine *m;
	unsigned long exits = BENCH_EXITS;
	double t;
	int st;

	if (machine_create(cfg, &m) != ST_OK)
		exit(ST_HOST);
	t = now();
	if (raw) {
		st = raw_loop(machine_vcpu(m), &exits);
	} else {
		vcpu_run(machine_vcpu(m));
		st = vm_stop_status(machine_vcpu(m)->vm);
	}
	t = now() - t;
	machine_destroy(m);
	if (st != 0 || exits < BENCH_EXITS) {
		fprintf(out, "bench: %s run failed\n", raw ? "raw" : "kvmini");
		exit(1);
	}
	return t / exits;
}

static void round_trip(const char *dir, const char *what)
{
	double kv[ROUNDS], raw[ROUNDS], ratio[ROUNDS];
	char path[4096];
	struct config cfg;
	struct est r;
	int i;

	snprintf(path, sizeof(path), "%s/bench_%s" GUEST_SFX ".elf", dir, what);
	config_defaults(&cfg);
	cfg.image = path;
	for (i = 0; i < ROUNDS; i++) {
		raw[i] = exit_cost(&cfg, 1);
		kv[i] = exit_cost(&cfg, 0);
		ratio[i] = kv[i] / raw[i];
	}
	r = estimate(ratio, ROUNDS);
	fprintf(out, "BENCH %s exit round trip: %.3fx raw KVM_RUN loop [%.3f-%.3f] (%.2f us vs %.2f us; %d rounds of %d exits, in process)%s\n",
		what, r.med, r.lo, r.hi, median(kv, ROUNDS) * 1e6,
		median(raw, ROUNDS) * 1e6, ROUNDS, BENCH_EXITS,
		goal_note(&r, true, 1.03, "x"));
}

static double sv_run(const char *path, int polling)
{
	struct config cfg;
	double t;

	config_defaults(&cfg);
	cfg.image = path;
	cfg.polling = polling;
	/* one process runs many machines: the main thread stays unfiltered */
	cfg.seccomp = false;
	t = now();
	if (machine_run(&cfg) != ST_OK) {
		fprintf(out, "bench: SIMVIRTIO run failed\n");
		exit(1);
	}
	return BENCH_SV_BYTES / (now() - t);
}

static void sv_throughput(const char *dir)
{
	double exit_bps[ROUNDS], poll_bps[ROUNDS], ratio[ROUNDS];
	char path[4096];
	struct est r;
	int i;

	snprintf(path, sizeof(path), "%s/bench_sv" GUEST_SFX ".elf", dir);
	for (i = 0; i < ROUNDS; i++) {
		exit_bps[i] = sv_run(path, 0);
		poll_bps[i] = sv_run(path, 1);
		ratio[i] = poll_bps[i] / exit_bps[i];
	}
	r = estimate(ratio, ROUNDS);
	fprintf(out, "BENCH SIMVIRTIO TX: polling %.3fx exit-driven [%.3f-%.3f] (%.0f B/s vs %.0f B/s; %d rounds of %d bytes, in process)\n",
		r.med, r.lo, r.hi, median(poll_bps, ROUNDS),
		median(exit_bps, ROUNDS), ROUNDS, BENCH_SV_BYTES);
}

/*
 * A GDB that attaches to the stub at path and lets the guest run on: "c"
 * after the attach's stop, then everything the stub sends until the run
 * ends and it hangs up. The stub listens before the guest starts; the
 * connection waits in its backlog until its thread accepts it.
 */
static void *gdb_client(void *arg)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *path = arg;
	char buf[512];
	int fd, tries;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	for (tries = 0; tries < 10000; tries++) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return NULL;
		if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
			break;
		close(fd);
		fd = -1;
		usleep(100);	/* kvmini is still setting up */
	}
	if (fd < 0)
		return NULL;
	if (write(fd, "$c#63", 5) == 5)
		while (read(fd, buf, sizeof(buf)) > 0)
			;
	close(fd);
	return NULL;
}

/* Seconds for a whole run of the MMIO guest, with a GDB attached or not. */
static double gdb_run(const char *image, bool gdb)
{
	char addr[128], path[108];
	struct config cfg;
	pthread_t client;
	double t;

	config_defaults(&cfg);
	cfg.image = image;
	cfg.seccomp = false;	/* one process, many machines */
	snprintf(path, sizeof(path), "/tmp/kvmini-bench-gdb.%d", (int)getpid());
	snprintf(addr, sizeof(addr), "unix:%s", path);
	if (gdb) {
		cfg.gdb = addr;
		cfg.gdb_nowait = true;
		if (pthread_create(&client, NULL, gdb_client, path)) {
			fprintf(out, "bench: cannot start the GDB client\n");
			exit(1);
		}
	}
	t = now();
	if (machine_run(&cfg) != ST_OK) {
		fprintf(out, "bench: run with%s --gdb failed\n", gdb ? "" : "out");
		exit(1);
	}
	t = now() - t;
	if (gdb) {
		pthread_join(client, NULL);
		unlink(path);
	}
	return t;
}

static void gdb_cost(const char *dir)
{
	double plain[ROUNDS], gdb[ROUNDS], ratio[ROUNDS];
	char path[4096];
	struct est r;
	int i;

	snprintf(path, sizeof(path), "%s/bench_mmio" GUEST_SFX ".elf", dir);
	for (i = 0; i < ROUNDS; i++) {
		plain[i] = gdb_run(path, false);
		gdb[i] = gdb_run(path, true);
		ratio[i] = gdb[i] / plain[i];
	}
	r = estimate(ratio, ROUNDS);
	fprintf(out, "BENCH --gdb, attached, not stepping: %.3fx the run without [%.3f-%.3f] (%.2f us vs %.2f us per exit; %d rounds of %d exits, in process)\n",
		r.med, r.lo, r.hi, median(gdb, ROUNDS) / BENCH_EXITS * 1e6,
		median(plain, ROUNDS) / BENCH_EXITS * 1e6, ROUNDS, BENCH_EXITS);
}

static void check_status(char *const argv[], int status)
{
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(out, "bench: %s %s failed (status 0x%x)\n", argv[0],
			argv[1] ? argv[1] : "", status);
		exit(1);
	}
}

/*
 * One whole process, as a user starts it: seconds from fork to wait.
 * It inherits stdout and stderr (/dev/null).
 */
static double spawn(char *const argv[])
{
	double t = now();
	int status;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		fprintf(out, "bench: cannot run %s\n", argv[0]);
		exit(1);
	}
	t = now() - t;
	check_status(argv, status);
	return t;
}

/* What a run saw: untraced (spawn()) its time, watched (probe()) the rest. */
struct run {
	double wall;		/* s from fork to wait */
	double first_run;	/* s from exec to the first KVM_RUN */
	double hwm;		/* KiB: VmHWM at exit_group */
	double maxrss;		/* KiB: wait4's ru_maxrss */
};

/*
 * Hands ioctl(KVM_RUN) and exit_group to the bench (a seccomp user
 * notification: the call waits until the bench lets it go on) and lets
 * every other call through. Both are seen at their start: the guest's
 * first instruction is what follows the first KVM_RUN; at exit_group the
 * process still has its memory. Notifications reach the bench from any
 * thread, with no stop and no ptrace. A process's own filters (kvmini's)
 * stack on this one; USER_NOTIF outranks their ALLOW.
 */
static struct sock_filter watch_insns[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, BENCH_AUDIT_ARCH, 0, 5),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_exit_group, 4, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 2),
	/* the request's low half (little-endian), the whole of KVM_RUN */
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		 offsetof(struct seccomp_data, args[1])),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, KVM_RUN, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
};

static const struct sock_fprog watch_prog = {
	.len = ARRAY_SIZE(watch_insns),
	.filter = watch_insns,
};

static double vm_hwm(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* The child: its filter's listener to the bench over sock. */
static int send_fd(int sock, int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u = { 0 };
	char c = 0;
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	char c;
	struct iovec iov = { .iov_base = &c, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/*
 * The bench's side: answers every notification (the call goes on) until
 * exit_group, timing the first KVM_RUN and reading VmHWM at the end.
 * Past exit_group no notification needs an answer: the process's other
 * threads are being killed, which ends their waits.
 */
static int watch(int listener, pid_t pid, double t0, struct run *r)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	for (;;) {
		memset(&req, 0, sizeof(req));
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
			if (errno == EINTR || errno == ENOENT)
				continue;	/* ENOENT: its caller died */
			return -1;
		}
		if (req.data.nr == __NR_exit_group)
			r->hwm = vm_hwm(pid);
		else if (r->first_run < 0)
			r->first_run = now() - t0;
		resp = (struct seccomp_notif_resp){
			.id = req.id, .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE,
		};
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0 &&
		    errno != ENOENT)
			return -1;
		if (req.data.nr == __NR_exit_group)
			return 0;
	}
}

/*
 * One run watched through the filter above, which the child installs
 * before it execs; it then waits until the bench has the listener, and
 * the clock starts when it is let go. 0, or -1 if this system does not
 * have seccomp user notifications (Linux 5.5 and later).
 */
static int probe(char *const argv[], struct run *r)
{
	int sock[2], go[2], listener, status, err;
	struct rusage ru;
	double t0;
	pid_t pid;
	char c = 0;

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sock) < 0)
		return -1;
	if (pipe2(go, O_CLOEXEC) < 0) {
		close(sock[0]);
		close(sock[1]);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		listener = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ? -1 :
			   syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
				   SECCOMP_FILTER_FLAG_NEW_LISTENER,
				   &watch_prog);
		if (listener < 0 || send_fd(sock[1], listener) < 0)
			_exit(126);
		close(listener);
		if (read(go[0], &c, 1) != 1)
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	close(sock[1]);
	close(go[0]);
	listener = pid < 0 ? -1 : recv_fd(sock[0]);
	close(sock[0]);
	if (listener < 0) {
		close(go[1]);	/* a child still there reads EOF and ends */
		if (pid > 0)
			waitpid(pid, NULL, 0);
		return -1;
	}
	r->first_run = -1;
	r->hwm = -1;
	t0 = now();
	err = write(go[1], &c, 1) != 1 || watch(listener, pid, t0, r);
	close(go[1]);
	close(listener);
	if (err)
		kill(pid, SIGKILL);
	if (wait4(pid, &status, 0, &ru) != pid) {
		fprintf(out, "bench: cannot run %s\n", argv[0]);
		exit(1);
	}
	if (err)
		return -1;
	r->maxrss = ru.ru_maxrss;
	check_status(argv, status);
	return 0;
}

/*
 * Runs the programs in rounds, each round in an order rotated by one so
 * that none always runs first, after a round that warms the caches;
 * program p's run in round i is res[p * rounds + i]. 0, or -1 if a
 * watched run cannot be made.
 */
static int in_rounds(char *argv[][MAX_ARGS], int nprogs, int rounds,
		     bool watched, struct run *res)
{
	struct run *r, warm = { 0 };
	int i, j, p;

	for (i = -1; i < rounds; i++) {
		for (j = 0; j < nprogs; j++) {
			p = (i + nprogs + j) % nprogs;
			r = i < 0 ? &warm : &res[p * rounds + i];
			if (!watched)
				r->wall = spawn(argv[p]);
			else if (probe(argv[p], r))
				return -1;
		}
	}
	return 0;
}

static void wall_times(double *t, const struct run *res, int n)
{
	int i;

	for (i = 0; i < n; i++)
		t[i] = res[i].wall;
}

/*
 * The guest RAM a run of image touches, in KiB: that run in this
 * process, through kvmini's own set-up and vCPU loop, then mincore()
 * over the RAM. rawkvm runs the same file at the same address, so it
 * touches the same pages (its loader writes only the image).
 */
static double guest_touched(const char *image)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char vec[4096];
	double kib = -1;
	struct config cfg;
	struct machine *m;
	size_t i, n;
	void *ram;

	config_defaults(&cfg);
	cfg.image = image;
	n = cfg.mem_size / page;
	if (n > sizeof(vec) || machine_create(&cfg, &m) != ST_OK)
		return -1;
	vcpu_run(machine_vcpu(m));
	ram = vm_gpa(machine_vcpu(m)->vm, 0, cfg.mem_size);
	if (ram && mincore(ram, cfg.mem_size, vec) == 0)
		for (kib = 0, i = 0; i < n; i++)
			kib += (vec[i] & 1) * page / 1024.0;
	machine_destroy(m);
	return kib;
}

enum { RAW, KVMINI, NOSECCOMP, DEMO, NPROCS };

static const char *const proc_name[NPROCS] = {
	[RAW] = "rawkvm",
	[KVMINI] = "kvmini",
	[NOSECCOMP] = "kvmini --no-seccomp",
	[DEMO] = "kvmini demo",
};

/* Program p's per-round ratios to raw's, of v (n rounds per program). */
static struct est ratio_to_raw(const double *v, int p, int n)
{
	double r[MAX_ROUNDS];
	int i;

	for (i = 0; i < n; i++)
		r[i] = v[p * n + i] / v[RAW * n + i];
	return estimate(r, n);
}

static const char *demo_note(int p)
{
	return p == DEMO ? " (raw cannot run SIMVIRTIO: set against its smallest run, an upper bound)"
			 : "";
}

static void start_lines(char *argv[][MAX_ARGS])
{
	static struct run res[NPROCS * START_ROUNDS];
	double t[NPROCS * START_ROUNDS];
	struct est r;
	int p;

	in_rounds(argv, NPROCS, START_ROUNDS, false, res);
	wall_times(t, res, NPROCS * START_ROUNDS);
	for (p = KVMINI; p < NPROCS; p++) {
		r = ratio_to_raw(t, p, START_ROUNDS);
		fprintf(out, "BENCH start->exit, %s: %.2fx raw [%.2f-%.2f] (%.2f ms vs %.2f ms)%s%s\n",
			proc_name[p], r.med, r.lo, r.hi,
			median(t + p * START_ROUNDS, START_ROUNDS) * 1e3,
			median(t + RAW * START_ROUNDS, START_ROUNDS) * 1e3,
			p == KVMINI ? goal_note(&r, true, GOAL_START, "x") :
			p == NOSECCOMP ?
			goal_note(&r, true, GOAL_START_NOSECCOMP, "x") : "",
			demo_note(p));
	}
}

/*
 * A child's ru_maxrss starts at the pages fork copied from this process
 * (the kernel keeps that maximum across exec): the max RSS of a child
 * that exits at once, below which a child's figure is not its own.
 */
static double fork_floor(void)
{
	struct rusage ru;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid < 0 || wait4(pid, NULL, 0, &ru) != pid)
		return -1;
	return ru.ru_maxrss;
}

/*
 * Each source of the peak can read low: VmHWM at exit_group misses the
 * RSS the exiting thread has not yet folded into its process's count
 * (up to 64 faults' worth per thread, Linux before 6.2), which wait4's
 * ru_maxrss includes; ru_maxrss comes from per-CPU counters that lag on
 * later kernels. The peak is the larger, ru_maxrss counting only above
 * what fork copied.
 */
static double peak_rss(const struct run *r, double forked, int *by_maxrss)
{
	if (forked < 0 || r->maxrss <= forked || r->maxrss <= r->hwm)
		return r->hwm;
	(*by_maxrss)++;
	return r->maxrss;
}

static void probe_lines(char *argv[][MAX_ARGS], const char *guest)
{
	static struct run pr[NPROCS * START_ROUNDS];
	double hwm[NPROCS * START_ROUNDS], first[NPROCS * START_ROUNDS];
	double vmm[NPROCS * START_ROUNDS], touched, forked;
	int i, p, by_maxrss = 0;
	struct est r;

	forked = fork_floor();
	if (in_rounds(argv, NPROCS, START_ROUNDS, true, pr)) {
		fputs("BENCH peak RSS and first KVM_RUN: NOT MEASURED (no seccomp user notifications here: Linux 5.5 or later)\n",
		      out);
		return;
	}
	touched = guest_touched(guest);
	for (i = 0; i < NPROCS * START_ROUNDS; i++) {
		hwm[i] = peak_rss(&pr[i], forked, &by_maxrss);
		first[i] = pr[i].first_run;
		vmm[i] = hwm[i] - touched;
		if (hwm[i] <= 0 || first[i] < 0 || touched < 0) {
			fputs("BENCH peak RSS and first KVM_RUN: NOT MEASURED (a watched run showed no VmHWM or no KVM_RUN, or the guest RAM touched is unknown)\n",
			      out);
			return;
		}
	}
	fprintf(out, "BENCH peak RSS: VmHWM at exit_group, or wait4's ru_maxrss where larger (%d of %d runs; it counts above %.0f KiB, what fork copies)\n",
		by_maxrss, NPROCS * START_ROUNDS, forked);
	for (p = KVMINI; p < NPROCS; p++) {
		r = ratio_to_raw(hwm, p, START_ROUNDS);
		fprintf(out, "BENCH peak RSS, %s: %.2fx raw [%.2f-%.2f] (%.0f KiB vs %.0f KiB)%s%s\n",
			proc_name[p], r.med, r.lo, r.hi,
			median(hwm + p * START_ROUNDS, START_ROUNDS),
			median(hwm + RAW * START_ROUNDS, START_ROUNDS),
			p == KVMINI ? goal_note(&r, true, GOAL_RSS, "x") : "",
			demo_note(p));
	}
	/* the demo's guest is another: its touched RAM is not this one */
	for (p = KVMINI; p < DEMO; p++) {
		r = ratio_to_raw(vmm, p, START_ROUNDS);
		fprintf(out, "BENCH VMM overhead (peak RSS - %.0f KiB of guest RAM touched), %s: %.2fx raw [%.2f-%.2f] (%.0f KiB vs %.0f KiB)\n",
			touched, proc_name[p], r.med, r.lo, r.hi,
			median(vmm + p * START_ROUNDS, START_ROUNDS),
			median(vmm + RAW * START_ROUNDS, START_ROUNDS));
	}
	for (p = KVMINI; p < NPROCS; p++) {
		r = ratio_to_raw(first, p, START_ROUNDS);
		fprintf(out, "BENCH first instruction (exec to first KVM_RUN), %s: %.2fx raw [%.2f-%.2f] (%.0f us vs %.0f us)%s\n",
			proc_name[p], r.med, r.lo, r.hi,
			median(first + p * START_ROUNDS, START_ROUNDS) * 1e6,
			median(first + RAW * START_ROUNDS, START_ROUNDS) * 1e6,
			demo_note(p));
	}
}

/*
 * Create, run, exit, again: CHURN_PROCS processes back to back, so
 * that what one leaves behind (the VM's teardown finishing in the
 * kernel) weighs on the next, as in a serverless host's churn.
 */
/* Decimals for three significant digits, up to 999.5 */
static int digits(double v)
{
	return v < 9.995 ? 2 : v < 99.95 ? 1 : 0;
}

static void churn_line(char *argv[][MAX_ARGS])
{
	double rate[2 * CHURN_ROUNDS], t, kv, raw;
	int i, j, k, p;
	struct est r;

	for (i = 0; i < CHURN_ROUNDS; i++) {
		for (j = 0; j < 2; j++) {
			p = (i + j) % 2;	/* 0: RAW, 1: KVMINI */
			t = now();
			for (k = 0; k < CHURN_PROCS; k++)
				spawn(argv[p ? KVMINI : RAW]);
			rate[p * CHURN_ROUNDS + i] = CHURN_PROCS / (now() - t);
		}
	}
	/* rate[] is laid out as ratio_to_raw() expects: RAW first */
	r = ratio_to_raw(rate, 1, CHURN_ROUNDS);
	kv = median(rate + CHURN_ROUNDS, CHURN_ROUNDS);
	raw = median(rate, CHURN_ROUNDS);
	fprintf(out, "BENCH churn (%d processes back to back), kvmini: %.2fx raw's rate [%.2f-%.2f] (%.*f/s vs %.*f/s)%s\n",
		CHURN_PROCS, r.med, r.lo, r.hi, digits(kv), kv, digits(raw), raw,
		goal_note(&r, false, GOAL_CHURN, "x"));
}

enum { OPT_SMALL, OPT_PLAIN, OPT_STATS, OPT_TRACE, NOPTS };

/*
 * What an option costs per exit: kvmini on a guest of BENCH_EXITS port
 * writes, with and without it; the difference in whole-process time
 * over the plain run's time for its exits (that run's time less
 * kvmini's on the smallest guest, its start and end). An option's fixed
 * costs (the report, opening the trace) are spread over the exits.
 */
static void option_lines(char *kvmini, char *smallest, const char *dir)
{
	char pio[4096];
	char *argv[NOPTS][MAX_ARGS] = {
		[OPT_SMALL] = { kvmini, smallest },
		[OPT_PLAIN] = { kvmini, pio },
		[OPT_STATS] = { kvmini, "--stats=json", pio },
		[OPT_TRACE] = { kvmini, "--trace", "/dev/null", pio },
	};
	double t[NOPTS * OPT_ROUNDS], pct[OPT_ROUNDS], exits_s;
	struct run res[NOPTS * OPT_ROUNDS];
	int i, o;
	struct est r;

	snprintf(pio, sizeof(pio), "%s/bench_pio" GUEST_SFX ".elf", dir);
	in_rounds(argv, NOPTS, OPT_ROUNDS, false, res);
	wall_times(t, res, NOPTS * OPT_ROUNDS);
	exits_s = median(t + OPT_PLAIN * OPT_ROUNDS, OPT_ROUNDS) -
		median(t + OPT_SMALL * OPT_ROUNDS, OPT_ROUNDS);
	for (o = OPT_STATS; o < NOPTS; o++) {
		for (i = 0; i < OPT_ROUNDS; i++)
			pct[i] = 100 * (t[o * OPT_ROUNDS + i] -
					t[OPT_PLAIN * OPT_ROUNDS + i]) /
				 (t[OPT_PLAIN * OPT_ROUNDS + i] -
				  t[OPT_SMALL * OPT_ROUNDS + i]);
		r = estimate(pct, OPT_ROUNDS);
		fprintf(out, "BENCH %s, per exit: %+.1f %% [%+.1f, %+.1f] (%.2f us per exit without it; %d exits)%s\n",
			o == OPT_STATS ? "--stats=json" : "--trace /dev/null",
			r.med, r.lo, r.hi, exits_s / BENCH_EXITS * 1e6,
			BENCH_EXITS,
			o == OPT_TRACE ? goal_note(&r, true, GOAL_TRACE, " %") : "");
	}
}

static void whole_processes(char *kvmini, char *rawkvm, char *guest,
			    const char *dir)
{
	char *argv[NPROCS][MAX_ARGS] = {
		[RAW] = { rawkvm, guest },
		[KVMINI] = { kvmini, guest },
		[NOSECCOMP] = { kvmini, "--no-seccomp", guest },
		[DEMO] = { kvmini },
	};

	fprintf(out, "BENCH whole processes on the smallest guest (%s), against rawkvm, the raw floor: medians of %d interleaved rounds (churn %d, options %d), ratios per round, [bootstrap 95 %% interval of the median]\n",
		guest, START_ROUNDS, CHURN_ROUNDS, OPT_ROUNDS);
	start_lines(argv);
	probe_lines(argv, guest);
	churn_line(argv);
	option_lines(kvmini, guest, dir);
}

int main(int argc, char **argv)
{
	cpu_set_t cpus;
	int fd, null;

	if (argc != 3 && argc != 5) {
		fputs("usage: bench GUEST_DIR KVMINI [RAWKVM SMALLEST_GUEST]\n",
		      stderr);
		return ST_USAGE;
	}
	/*
	 * Guest output and per-run check lines go nowhere (a failed run
	 * still shows in its status); results go to the real stdout, which
	 * the processes started below do not inherit.
	 */
	fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 0);
	out = fd < 0 ? NULL : fdopen(fd, "w");
	null = open("/dev/null", O_WRONLY);
	if (!out || null < 0 || dup2(null, STDOUT_FILENO) < 0 ||
	    dup2(null, STDERR_FILENO) < 0) {
		perror("bench: redirect");
		return ST_HOST;
	}
	close(null);
	setvbuf(out, NULL, _IOLBF, 0);
	/* whole processes first, unpinned, while this process is small */
	if (argc == 5)
		whole_processes(argv[2], argv[3], argv[4], argv[1]);
	else
		fputs("BENCH whole processes: not measured on this architecture (no raw KVM program for it)\n",
		      out);
	/* both loops on one CPU: migrations would swamp a 1% difference */
	CPU_ZERO(&cpus);
	CPU_SET(sched_getcpu(), &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
#ifdef __x86_64__
	round_trip(argv[1], "pio");
#endif
	round_trip(argv[1], "mmio");
	sv_throughput(argv[1]);
	gdb_cost(argv[1]);
	return 0;
}
