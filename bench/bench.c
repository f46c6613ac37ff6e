// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: measured side by side in one run, rounds interleaved so
 * drift hits both sides alike.
 *  1. PIO and MMIO exit round trip: kvmini's vCPU loop (bus dispatch,
 *     device, profiling) over a minimal raw KVM_RUN loop, same guest and
 *     same VM set-up. Target: <= 1.03.
 *  2. SIMVIRTIO TX throughput, polling over exit-driven, in bytes/s.
 *  3. Whole-process start to exit: wall time (fork to wait4) and max RSS
 *     (wait4's ru_maxrss) of kvmini over rawkvm (bench/rawkvm.c, the
 *     smallest KVM program that runs the smallest guest), for the
 *     smallest guest and for kvmini's demo. rawkvm cannot run the demo
 *     (SIMVIRTIO), so the demo is set against rawkvm's smallest-guest run:
 *     the floor any KVM program pays to start, run a guest and exit.
 */
#include <fcntl.h>
#include <sched.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "bench.h"
#include "config.h"
#include "machine.h"
#include "status.h"
#include "vcpu.h"
#include "vm.h"

#define ROUNDS		9
#define START_ROUNDS	21	/* whole processes: noisier than exits */

/* the bench guests' names: x86's carry their mode */
#ifdef __x86_64__
#define GUEST_SFX	"64"
#else
#define GUEST_SFX	""
#endif

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

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp);
	return v[n / 2];
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
	int i;

	snprintf(path, sizeof(path), "%s/bench_%s" GUEST_SFX ".elf", dir, what);
	config_defaults(&cfg);
	cfg.image = path;
	for (i = 0; i < ROUNDS; i++) {
		raw[i] = exit_cost(&cfg, 1);
		kv[i] = exit_cost(&cfg, 0);
		ratio[i] = kv[i] / raw[i];
	}
	fprintf(out, "%-4s exit round trip: kvmini %.2f us, raw KVM_RUN loop %.2f us, ratio %.3f (target <= 1.03; median of %d interleaved rounds of %d exits)\n",
		what, median(kv, ROUNDS) * 1e6, median(raw, ROUNDS) * 1e6,
		median(ratio, ROUNDS), ROUNDS, BENCH_EXITS);
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
	int i;

	snprintf(path, sizeof(path), "%s/bench_sv" GUEST_SFX ".elf", dir);
	for (i = 0; i < ROUNDS; i++) {
		exit_bps[i] = sv_run(path, 0);
		poll_bps[i] = sv_run(path, 1);
		ratio[i] = poll_bps[i] / exit_bps[i];
	}
	fprintf(out, "SIMVIRTIO TX throughput: exit-driven %.0f B/s, polling %.0f B/s, polling/exit-driven ratio %.3f (median of %d rounds of %d bytes)\n",
		median(exit_bps, ROUNDS), median(poll_bps, ROUNDS),
		median(ratio, ROUNDS), ROUNDS, BENCH_SV_BYTES);
}

/*
 * One whole process, as a user starts it: seconds from fork to wait4,
 * and its max RSS in KiB. It inherits stdout and stderr (/dev/null).
 */
static double spawn(char *const argv[], long *maxrss)
{
	struct rusage ru;
	double t = now();
	int status;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) != pid) {
		fprintf(out, "bench: cannot run %s\n", argv[0]);
		exit(1);
	}
	t = now() - t;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(out, "bench: %s %s failed (status 0x%x)\n", argv[0],
			argv[1] ? argv[1] : "", status);
		exit(1);
	}
	*maxrss = ru.ru_maxrss;
	return t;
}

/*
 * A child's max RSS starts at the pages fork copied from this process,
 * and the kernel keeps that maximum across exec: a child's ru_maxrss is
 * its own only if larger than this, the max RSS of a child that exits at
 * once.
 */
static long fork_rss(void)
{
	struct rusage ru;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid < 0 || wait4(pid, NULL, 0, &ru) != pid)
		return -1;
	return ru.ru_maxrss;
}

enum { RAW, KVMINI, DEMO, NPROCS };

/* Medians over the rounds of process p, of raw, and of their ratios. */
static void start_line(const char *what, const double *t, const long *rss,
		       int p)
{
	double tp[START_ROUNDS], traw[START_ROUNDS], tr[START_ROUNDS];
	double rp[START_ROUNDS], rraw[START_ROUNDS], rr[START_ROUNDS];
	int i;

	for (i = 0; i < START_ROUNDS; i++) {
		tp[i] = t[i * NPROCS + p];
		traw[i] = t[i * NPROCS + RAW];
		tr[i] = tp[i] / traw[i];
		rp[i] = (double)rss[i * NPROCS + p];
		rraw[i] = (double)rss[i * NPROCS + RAW];
		rr[i] = rp[i] / rraw[i];
	}
	fprintf(out, "start to exit, %s: time %.2f (%.1f ms / %.1f ms), max RSS %.2f (%.0f KiB / %.0f KiB)\n",
		what, median(tr, START_ROUNDS), median(tp, START_ROUNDS) * 1e3,
		median(traw, START_ROUNDS) * 1e3, median(rr, START_ROUNDS),
		median(rp, START_ROUNDS), median(rraw, START_ROUNDS));
}

/*
 * Rounds interleave the three processes, each round in a rotated order
 * so that none always runs first; a round before them warms the caches.
 */
static void start_to_exit(char *kvmini, char *rawkvm, char *guest)
{
	char *argv[NPROCS][3] = {
		[RAW] = { rawkvm, guest, NULL },
		[KVMINI] = { kvmini, guest, NULL },
		[DEMO] = { kvmini, NULL, NULL },
	};
	double t[START_ROUNDS * NPROCS];
	long rss[START_ROUNDS * NPROCS], warm, copied, least = -1;
	int i, j, p;

	for (p = 0; p < NPROCS; p++)
		spawn(argv[p], &warm);
	for (i = 0; i < START_ROUNDS; i++) {
		for (j = 0; j < NPROCS; j++) {
			p = (i + j) % NPROCS;
			t[i * NPROCS + p] = spawn(argv[p], &rss[i * NPROCS + p]);
			if (least < 0 || rss[i * NPROCS + p] < least)
				least = rss[i * NPROCS + p];
		}
	}
	copied = fork_rss();
	fprintf(out, "start to exit: whole processes, fork to wait4 (max RSS: wait4's), kvmini over a raw KVM program (bench/rawkvm), medians of %d interleaved rounds\n",
		START_ROUNDS);
	if (copied < 0 || least <= copied)
		fprintf(out, "start to exit: max RSS NOT MEASURED: a child's (%ld KiB) is not above what fork copies from this process (%ld KiB)\n",
			least, copied);
	start_line("smallest guest in both, kvmini/raw", t, rss, KVMINI);
	start_line("kvmini demo/raw on the smallest guest (raw cannot run SIMVIRTIO: its smallest run is the floor)",
		   t, rss, DEMO);
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
		start_to_exit(argv[2], argv[3], argv[4]);
	else
		fputs("start to exit: not measured on this architecture (no raw KVM program for it)\n",
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
	return 0;
}
