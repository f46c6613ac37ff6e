// SPDX-License-Identifier: GPL-2.0
/*
 * Several vCPUs at one device: every device of this machine's table
 * driven by two threads at once while a third reads its statistics, as a
 * multi-vCPU guest and the report do, and SIMVIRTIO's poller against
 * register accesses. Console counters must come out exact; built with
 * VARIANT=tsan (make test does), any data race fails the program
 * (ThreadSanitizer's exit status 66).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>


#include "board.h"
#include "compiler.h"
#include "device_fixture.h"

#include "devices/simvirtio_dev.h"

#define ROUNDS	2000

struct hammer {
	struct bus *bus;
	const struct device_place *at;
	unsigned int seed;
	uint64_t accesses;
};

static void *hammer(void *arg)
{
	struct hammer *h = arg;
	uint64_t off, v;
	unsigned int i;

	for (i = 0; i < ROUNDS; i++) {
		h->seed = h->seed * 1103515245 + 12345;
		off = (h->seed >> 8) % h->at->size;
		v = 'a' + i % 26;
		/* 1-byte accesses fit every register of every device */
		if (bus_access(h->bus, h->at->space, h->at->base + off,
			       &v, 1, h->seed & 1))
			h->accesses++;
	}
	return NULL;
}

static void ignore(void *ctx, const char *name, uint64_t val)
{
	(void)ctx;
	(void)name;
	(void)val;
}

struct reader {
	const struct device *d;
	int stop;	/* atomic */
};

static void *read_stats(void *arg)
{
	struct reader *r = arg;

	while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE))
		if (r->d->cls->stats)
			r->d->cls->stats(r->d->state, ignore, NULL);
	return NULL;
}

/* Two writers and a statistics reader at one device. */
static void race(struct fx *f)
{
	struct hammer h[2] = {
		{ &f->vm.bus, &f->dm.dev[0].at, 1, 0 },
		{ &f->vm.bus, &f->dm.dev[0].at, 2, 0 },
	};
	struct reader r = { .d = &f->dm.dev[0] };
	pthread_t t[3];
	int i;

	assert_int_equal(pthread_create(&t[2], NULL, read_stats, &r), 0);
	for (i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, hammer, &h[i]), 0);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	__atomic_store_n(&r.stop, 1, __ATOMIC_RELEASE);
	pthread_join(t[2], NULL);
	assert_true(h[0].accesses + h[1].accesses > 0);
}

/*
 * The device of row, built for the options arg (NULL: none) on a VM
 * without KVM, whose guest memory (SIMVIRTIO's queue pages) is the
 * process's own.
 */
static struct fx *table_fx(const struct device_row *row, const char *arg,
			   const struct device_env *env)
{
	struct device_row rows[2] = { *row, { NULL } };
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->vm.fd = -1;
	f->vm.kvm_fd = -1;
	if (arg)
		assert_int_equal(PARSE(&f->cfg, arg), ST_OK);
	else
		config_defaults(&f->cfg);
	assert_int_equal(devmgr_create(&f->dm, rows, &f->vm, env), 0);
	return f;
}

static void table_fx_free(struct fx *f)
{
	devmgr_stop(&f->dm);
	devmgr_destroy(&f->dm);
	vm_destroy(&f->vm);	/* unmaps what devices added */
	free(f);
}

static void quiet(bool on);

static void test_every_device(void **state)
{
	static const struct device_env env;
	const struct device_row *row;

	(void)state;
	quiet(true);
	for (row = machine_devices; row->class_name; row++) {
		struct fx *f;

		/* the one option that makes a device of the table wanted */
		f = table_fx(row, strcmp(row->class_name, "isa-debug-exit") ?
			     NULL : "--isa-debug-exit", &env);
		if (f->dm.nr)	/* not without its option (--disk) */
			race(f);
		table_fx_free(f);
	}
	quiet(false);
}

/* Guest output to /dev/null while on; kvmini's (cmocka's) stays. */
static void quiet(bool on)
{
	static int saved = -1;
	FILE *null;

	fflush(stdout);
	if (on) {
		null = fopen("/dev/null", "w");
		assert_non_null(null);
		saved = dup(1);
		dup2(fileno(null), 1);
		fclose(null);
	} else {
		dup2(saved, 1);
		close(saved);
	}
}

struct writer {
	struct fx *f;
	uint64_t addr;
};

static void *write_data(void *arg)
{
	struct writer *w = arg;
	unsigned int i;
	uint64_t v;

	for (i = 0; i < ROUNDS; i++) {
		v = 'a' + i % 26;
		assert_non_null(bus_access(&w->f->vm.bus, w->f->dm.dev[0].at.space,
					   w->addr, &v, 1, true));
	}
	return NULL;
}

/* Console bytes are counted exactly, whichever vCPU sent them. */
static void test_console_counts(void **state)
{
	static const struct {
		const char *name, *counter;
	} consoles[] = { { "debugcon", "bytes" }, { "pl011", "tx_bytes" },
			 { "serial8250", "tx_bytes" } };
	const struct device_row *row;
	struct writer w;
	pthread_t t[2];
	struct fx *f;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(consoles); i++) {
		for (row = machine_devices; row->class_name; row++)
			if (!strcmp(row->class_name, consoles[i].name))
				break;
		if (!row->class_name)
			continue;	/* not on this machine */
		f = fx_new(consoles[i].name);
		w = (struct writer){ f, f->dm.dev[0].at.base };	/* data */
		quiet(true);
		assert_int_equal(pthread_create(&t[0], NULL, write_data, &w), 0);
		assert_int_equal(pthread_create(&t[1], NULL, write_data, &w), 0);
		pthread_join(t[0], NULL);
		pthread_join(t[1], NULL);
		quiet(false);
		assert_int_equal(fx_counter(f, consoles[i].counter), 2 * ROUNDS);
		fx_free(f);
	}
}

/*
 * SIMVIRTIO's poller thread (--polling; the sandbox is off, as nothing
 * called sandbox_init) against a vCPU's register accesses.
 */
static void test_simvirtio_poller(void **state)
{
	static const struct device_env env = { .polling = true };
	struct fx *f = table_fx(fx_row("simvirtio"), NULL, &env);
	/* its registers: the config page, not the queue pages after it */
	struct device_place at = f->dm.dev[0].at;
	struct hammer h = { &f->vm.bus, &at, 5, 0 };

	(void)state;
	assert_int_equal(f->dm.nr, 1);
	at.size = SV_CONFIG_SIZE;
	quiet(true);
	assert_int_equal(devmgr_start(&f->dm), 0);
	hammer(&h);
	table_fx_free(f);	/* stops the poller; its last pass may print */
	quiet(false);
	assert_true(h.accesses > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_device),
		cmocka_unit_test(test_console_counts),
		cmocka_unit_test(test_simvirtio_poller),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
