// SPDX-License-Identifier: GPL-2.0
/*
 * SIMVIRTIO: a configuration page that traps (MMIO) and two queue pages
 * of ordinary guest memory. The driver notifies through Qn_CTL, or, in
 * polling mode, never: a poller thread watches the queue pages instead.
 */
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "arch_defs.h"	/* the device table's address */
#include "compiler.h"
#include "console.h"
#include "device.h"
#include "kvmini/simqueue.h"
#include "log.h"
#include "sandbox.h"
#include "simvirtio_dev.h"
#include "status.h"
#include "vm.h"

#define POLL_SPINS	4096	/* idle passes before the poller yields */
/*
 * TX bytes one pass takes under the device lock: a guest that refills TX
 * as fast as it drains must not keep other vCPUs' register exits waiting
 */
#define TX_BATCH	SV_QUEUE_LEN

struct simvirtio {
	struct vm *vm;
	uint64_t base;
	bool polling;
	pthread_mutex_t lock;	/* vCPU thread vs poller thread */

	uint8_t device_status;
	uint8_t driver_status;
	uint8_t queue_sel;
	bool acked;		/* DRIVER_ACK written since the last reset */
	bool failed;		/* guest corrupted shared state: stopped */
	struct simq q[SV_NR_QUEUES];

	const char *rx;		/* RX payload and how much was queued */
	size_t rx_len, rx_pos;

	pthread_t poller;
	bool poller_running;
	bool poller_stop;

	uint64_t notify[SV_NR_QUEUES];
	uint64_t tx_bytes, rx_bytes, resets, protocol_errors, bad_accesses;
};

/* Shared memory the device cannot make sense of ends the run. */
static void guest_error(struct simvirtio *sv, const char *what, uint64_t val)
{
	if (sv->failed)
		return;
	sv->failed = true;
	err_msg("simvirtio: guest error: %s (0x%" PRIx64 "); stopping the VM",
		what, val);
	vm_request_stop(sv->vm, ST_GUEST_ERROR);
}

static struct sv_device_table *devtable(struct simvirtio *sv)
{
	return vm_gpa(sv->vm, KVMINI_DEVTABLE_ADDR, sizeof(struct sv_device_table));
}

/* Adds or removes this device's entry; count is guest-writable. */
static void devtable_update(struct simvirtio *sv, bool add)
{
	struct sv_device_table *t = devtable(sv);
	uint16_t count, i;

	if (!t)
		return;
	count = __atomic_load_n(&t->count, __ATOMIC_RELAXED);
	if (count > SV_DEVTABLE_MAX) {
		guest_error(sv, "device table count out of range", count);
		return;
	}
	for (i = 0; i < count; i++)
		if (t->device_addresses[i] == sv->base)
			break;
	if (add && i == count) {
		if (count == SV_DEVTABLE_MAX) {
			sv->protocol_errors++;	/* table full: not listed */
			return;
		}
		t->device_addresses[count] = sv->base;
		__atomic_store_n(&t->count, count + 1, __ATOMIC_RELEASE);
	} else if (!add && i < count) {
		t->device_addresses[i] = t->device_addresses[count - 1];
		t->device_addresses[count - 1] = 0;
		__atomic_store_n(&t->count, count - 1, __ATOMIC_RELEASE);
	}
}

static void reset(struct simvirtio *sv)
{
	unsigned int i;

	for (i = 0; i < SV_NR_QUEUES; i++) {
		__atomic_store_n(&sv->q[i].ctrl->tail, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&sv->q[i].ctrl->head, 0, __ATOMIC_RELEASE);
	}
	sv->device_status = SV_DEVICE_RESET;
	sv->driver_status = SV_DRIVER_ACK;
	sv->acked = false;
	sv->rx_pos = 0;
	sv->resets++;
	devtable_update(sv, false);
}

static void fill_rx(struct simvirtio *sv)
{
	int ret = SIMQ_OK;

	if (sv->device_status != SV_DEVICE_READY || sv->failed)
		return;
	while (sv->rx_pos < sv->rx_len) {
		ret = simq_push(&sv->q[SV_QUEUE_RX], (uint8_t)sv->rx[sv->rx_pos]);
		if (ret != SIMQ_OK)
			break;
		sv->rx_pos++;
		sv->rx_bytes++;
	}
	if (ret == SIMQ_CORRUPT)
		guest_error(sv, sv->q[SV_QUEUE_RX].bad_is_head ?
			    "RX head index out of range" :
			    "RX tail index out of range",
			    sv->q[SV_QUEUE_RX].bad_index);
}

/*
 * Returns true if the byte consumed itself (a reset empties the queue).
 * Data bytes go to out[*n].
 */
static bool tx_byte(struct simvirtio *sv, uint8_t c, uint8_t *out,
		    size_t *n)
{
	if (sv->device_status == SV_DEVICE_READY) {
		out[(*n)++] = c;
		sv->tx_bytes++;
		return false;
	}
	if (c == SV_CMD_RESET) {
		reset(sv);
		return true;
	}
	if (c == SV_CMD_CONFIG && sv->acked &&
	    sv->device_status == SV_DEVICE_RESET) {
		sv->device_status = SV_DEVICE_CONFIG;
		devtable_update(sv, true);
		return false;
	}
	sv->protocol_errors++;	/* out of order or unknown: ignored */
	return false;
}

/* Consumes up to TX_BATCH TX bytes; returns true if there were any. */
static bool drain_tx(struct simvirtio *sv)
{
	struct simq *q = &sv->q[SV_QUEUE_TX];
	uint8_t c, out[TX_BATCH];
	unsigned int taken = 0;
	bool moved = false;
	size_t n = 0;
	int ret;

	while (!sv->failed && taken++ < TX_BATCH) {
		ret = simq_peek(q, &c);
		if (ret == SIMQ_CORRUPT) {
			guest_error(sv, q->bad_is_head ?
				    "TX head index out of range" :
				    "TX tail index out of range", q->bad_index);
			break;
		}
		if (ret == SIMQ_EMPTY)
			break;
		moved = true;
		if (!tx_byte(sv, c, out, &n))
			simq_advance(q);
	}
	if (n)		/* under the lock: bytes stay in queue order */
		console_write(stdout, out, n);
	return moved;
}

bool simvirtio_poll(struct simvirtio *sv)
{
	uint32_t rx_before;
	bool moved;

	pthread_mutex_lock(&sv->lock);
	moved = drain_tx(sv);
	rx_before = sv->rx_pos;
	fill_rx(sv);
	moved |= sv->rx_pos != rx_before;
	pthread_mutex_unlock(&sv->lock);
	return moved;
}

struct reg {
	uint8_t off, size;
};

static const struct reg regs[] = {
	{ SV_REG_MAGIC, 4 }, { SV_REG_MAX_QUEUE_LEN, 2 },
	{ SV_REG_DEVICE_STATUS, 1 }, { SV_REG_DRIVER_STATUS, 1 },
	{ SV_REG_QUEUE_SEL, 1 }, { SV_REG_Q0_CTL, 1 }, { SV_REG_Q1_CTL, 1 },
};

/* Registers are accessed at their offset with their size, nothing else. */
static bool reg_ok(uint64_t off, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(regs); i++)
		if (regs[i].off == off && regs[i].size == len)
			return true;
	return false;
}

static uint64_t sv_read(void *opaque, uint64_t off, unsigned int len)
{
	struct simvirtio *sv = opaque;
	uint64_t val;

	pthread_mutex_lock(&sv->lock);
	if (!reg_ok(off, len)) {
		sv->bad_accesses++;
		val = ~0ULL;
		goto out;
	}
	switch (off) {
	case SV_REG_MAGIC:
		val = SV_MAGIC_VALUE;
		break;
	case SV_REG_MAX_QUEUE_LEN:
		val = sv->queue_sel < SV_NR_QUEUES ? SV_QUEUE_LEN : 0;
		break;
	case SV_REG_DEVICE_STATUS:
		val = sv->device_status;
		break;
	case SV_REG_DRIVER_STATUS:
		val = sv->driver_status;
		break;
	case SV_REG_QUEUE_SEL:
		val = sv->queue_sel;
		break;
	default:	/* Q0_CTL, Q1_CTL */
		val = sv->polling ? SV_QCTL_POLLED : 0;
		break;
	}
out:
	pthread_mutex_unlock(&sv->lock);
	return val;
}

static void driver_status(struct simvirtio *sv, uint8_t v)
{
	switch (v) {
	case SV_DRIVER_RESET:
		reset(sv);
		return;
	case SV_DRIVER_ACK:
		if (sv->device_status == SV_DEVICE_RESET) {
			sv->acked = true;
			break;
		}
		sv->protocol_errors++;
		return;
	case SV_DRIVER:
		break;
	case SV_DRIVER_OK:
		if (sv->device_status == SV_DEVICE_CONFIG) {
			sv->device_status = SV_DEVICE_READY;
			break;
		}
		sv->protocol_errors++;
		return;
	default:
		sv->protocol_errors++;
		return;
	}
	sv->driver_status = v;
}

static void sv_write(void *opaque, uint64_t off, unsigned int len,
		     uint64_t val)
{
	struct simvirtio *sv = opaque;

	pthread_mutex_lock(&sv->lock);
	if (!reg_ok(off, len)) {
		sv->bad_accesses++;
		goto out;
	}
	switch (off) {
	case SV_REG_DRIVER_STATUS:
		driver_status(sv, (uint8_t)val);
		break;
	case SV_REG_QUEUE_SEL:
		sv->queue_sel = (uint8_t)val;
		break;
	case SV_REG_Q0_CTL:
		if (val & SV_QCTL_NOTIFY) {
			sv->notify[SV_QUEUE_TX]++;
			drain_tx(sv);
		}
		break;
	case SV_REG_Q1_CTL:
		if (val & SV_QCTL_NOTIFY)
			sv->notify[SV_QUEUE_RX]++;
		break;
	default:	/* read-only registers */
		sv->bad_accesses++;
		break;
	}
	/* whatever the write changed, RX may now be fillable */
	fill_rx(sv);
out:
	pthread_mutex_unlock(&sv->lock);
}

static void sv_stats(void *state, stat_emit_fn emit, void *ctx)
{
	struct simvirtio *sv = state;

	pthread_mutex_lock(&sv->lock);
	emit(ctx, "notify_tx", sv->notify[SV_QUEUE_TX]);
	emit(ctx, "notify_rx", sv->notify[SV_QUEUE_RX]);
	emit(ctx, "tx_bytes", sv->tx_bytes);
	emit(ctx, "rx_bytes", sv->rx_bytes);
	emit(ctx, "resets", sv->resets);
	emit(ctx, "protocol_errors", sv->protocol_errors);
	emit(ctx, "bad_accesses", sv->bad_accesses);
	emit(ctx, "device_status", sv->device_status);
	emit(ctx, "polling", sv->polling);
	pthread_mutex_unlock(&sv->lock);
}

static const struct bus_ops sv_ops = {
	.read = sv_read,
	.write = sv_write,
};

/* state over the queue pages qmem (host view); the RX payload is rx */
static void setup(struct simvirtio *sv, struct vm *vm, uint64_t base,
		  void *qmem, bool polling, const char *rx)
{
	unsigned int i;

	sv->vm = vm;
	sv->base = base;
	sv->polling = polling;
	sv->rx = rx;
	sv->rx_len = strlen(rx);
	pthread_mutex_init(&sv->lock, NULL);
	for (i = 0; i < SV_NR_QUEUES; i++) {
		uint8_t *page = (uint8_t *)qmem + i * SV_QUEUE_PAGE;

		sv->q[i].ctrl = (struct sv_queue_ctrl *)(page + SV_QUEUE_CTRL);
		sv->q[i].buf = page + SV_QUEUE_BUF;
		sv->q[i].len = SV_QUEUE_LEN;
	}
}

static void *poll_loop(void *arg)
{
	struct simvirtio *sv = arg;
	unsigned int idle = 0;

	if (sandbox_enter(SANDBOX_POLLER, "simvirtio poller", NULL) < 0) {
		vm_request_stop(sv->vm, ST_HOST);
		return NULL;
	}
	while (!__atomic_load_n(&sv->poller_stop, __ATOMIC_ACQUIRE)) {
		if (simvirtio_poll(sv))
			idle = 0;
		else if (++idle >= POLL_SPINS)
			sched_yield();	/* idle: let the vCPU thread run */
	}
	return NULL;
}

static const struct sv_params defaults = { "hello from kvmini" };
static struct sv_params params;

static const struct option_def options[] = {
	{ .name = "rx", .arg = "TEXT",
	  .help = "SIMVIRTIO RX payload sent when the device is ready\n"
		  "(default \"hello from kvmini\")",
	  OPTION_STRING(struct sv_params, rx_text) },
	{ NULL },
};

static int sv_init(void *state, struct vm *vm, const struct device_env *env,
		   const struct device_place *at)
{
	const struct sv_params *opt = env->params;
	struct simvirtio *sv = state;
	char *payload;
	size_t n;
	void *qmem;

	if (at->size != SV_WINDOW) {
		err_msg("simvirtio: its place must be 0x%x bytes", SV_WINDOW);
		return -1;
	}
	/* the queue pages are guest memory after the config page */
	qmem = vm_add_memory(vm, at->base + SV_CONFIG_SIZE,
			     SV_NR_QUEUES * SV_QUEUE_PAGE);
	if (!qmem)
		return -1;
	/* the RX payload is a line: the driver reads up to the newline */
	n = strlen(opt->rx_text);
	payload = malloc(n + 2);
	if (!payload)
		return err_sys("malloc");
	memcpy(payload, opt->rx_text, n);
	payload[n] = '\n';
	payload[n + 1] = '\0';
	setup(sv, vm, at->base, qmem, env->polling, payload);
	return 0;
}

static int sv_start(void *state)
{
	struct simvirtio *sv = state;
	int err;

	if (!sv->polling)
		return 0;
	err = pthread_create(&sv->poller, NULL, poll_loop, sv);
	if (err) {
		err_msg("simvirtio: cannot start poller: %s", strerror(err));
		return -1;
	}
	sv->poller_running = true;
	return 0;
}

static void sv_stop(void *state)
{
	struct simvirtio *sv = state;

	if (sv->poller_running) {
		__atomic_store_n(&sv->poller_stop, true, __ATOMIC_RELEASE);
		pthread_join(sv->poller, NULL);
		sv->poller_running = false;
	}
	/* the guest may have queued data and halted before a poll saw it */
	while (simvirtio_poll(sv))
		;
	fflush(stdout);
}

static void sv_fini(void *state, bool attached)
{
	struct simvirtio *sv = state;

	if (!attached)
		return;
	free((char *)sv->rx);
	pthread_mutex_destroy(&sv->lock);
}

/* only the config page traps; the queue pages are memory */
static const struct device_range sv_ranges[] = { { 0, SV_CONFIG_SIZE } };

DEVICE_CLASS(simvirtio) = {
	.name = "simvirtio",
	.size = sizeof(struct simvirtio),
	.ops = &sv_ops,
	.ranges = sv_ranges,
	.nr_ranges = 1,
	.options = options,
	DEVICE_PARAMS(params, defaults),
	.init = sv_init,
	.start = sv_start,
	.stop = sv_stop,
	.fini = sv_fini,
	.stats = sv_stats,
};
