// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: measured side by side in one run, rounds interleaved so
 * drift hits both sides alike.
 *  1. PIO and MMIO exit round trip: kvmini's vCPU loop (bus dispatch,
 *     device, profiling) over a minimal raw KVM_RUN loop, same guest and
 *     same VM set-up. Target: <= 1.03.
 *  2. SIMVIRTIO TX throughput, polling over exit-driven, in bytes/s.
 */
#include <fcntl.h>
#include <sched.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "config.h"
#include "machine.h"
#include "status.h"
#include "vcpu.h"

#define ROUNDS	9

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

/* The baseline: nothing but KVM_RUN and a switch on the exit reason. */
static int raw_loop(struct vcpu *vcpu, unsigned long *exits)
{
	struct kvm_run *run = vcpu->run;

	for (*exits = 0;; (*exits)++) {
		if (ioctl(vcpu->fd, KVM_RUN, 0) < 0)
			return -1;
		switch (run->exit_reason) {
		case KVM_EXIT_IO:
		case KVM_EXIT_MMIO:
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
	st = raw ? raw_loop(machine_vcpu(m), &exits) : vcpu_run(machine_vcpu(m));
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

	snprintf(path, sizeof(path), "%s/bench_%s64.elf", dir, what);
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

	snprintf(path, sizeof(path), "%s/bench_sv64.elf", dir);
	for (i = 0; i < ROUNDS; i++) {
		exit_bps[i] = sv_run(path, 0);
		poll_bps[i] = sv_run(path, 1);
		ratio[i] = poll_bps[i] / exit_bps[i];
	}
	fprintf(out, "SIMVIRTIO TX throughput: exit-driven %.0f B/s, polling %.0f B/s, polling/exit-driven ratio %.3f (median of %d rounds of %d bytes)\n",
		median(exit_bps, ROUNDS), median(poll_bps, ROUNDS),
		median(ratio, ROUNDS), ROUNDS, BENCH_SV_BYTES);
}

int main(int argc, char **argv)
{
	cpu_set_t cpus;
	int null;

	if (argc != 2) {
		fputs("usage: bench GUEST_DIR\n", stderr);
		return ST_USAGE;
	}
	/*
	 * Guest output and per-run check lines go nowhere (a failed run
	 * still shows in its status); results go to the real stdout.
	 */
	out = fdopen(dup(STDOUT_FILENO), "w");
	null = open("/dev/null", O_WRONLY);
	if (!out || null < 0 || dup2(null, STDOUT_FILENO) < 0 ||
	    dup2(null, STDERR_FILENO) < 0) {
		perror("bench: redirect");
		return ST_HOST;
	}
	close(null);
	setvbuf(out, NULL, _IOLBF, 0);
	/* both loops on one CPU: migrations would swamp a 1% difference */
	CPU_ZERO(&cpus);
	CPU_SET(sched_getcpu(), &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	vcpu_signals_init();
	round_trip(argv[1], "pio");
	round_trip(argv[1], "mmio");
	sv_throughput(argv[1]);
	return 0;
}
