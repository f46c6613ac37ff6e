// SPDX-License-Identifier: GPL-2.0
/*
 * SIMVIRTIO register semantics and handshake: the device under test is
 * built as kvmini builds it (this machine's row, --rx and --polling
 * parsed as options, the device manager), on a VM without KVM whose
 * memory slots the ioctl wrap lets vm_add_memory set, and driven exactly
 * as a guest would, through the bus. What it prints goes to stdout, as
 * in kvmini: fd 1 is a temporary file while a device exists.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>


#include "arch.h"
#include "board.h"
#include "config.h"
#include "devices/simvirtio_dev.h"
#include "devmgr.h"
#include "devmgr_create.h"
#include "kvmini/simqueue.h"
#include "parse_args.h"
#include "status.h"
#include "vm.h"

#define BASE	KVMINI_SIMVIRTIO_BASE
#define RAM	0x10000
/* the device table's offset in RAM (which starts at 0 on x86 only) */
#define DEVTABLE	(KVMINI_DEVTABLE_ADDR - KVMINI_RAM_BASE)
/* what one test may read back of the device's output */
#define OUT_MAX		(20 * SV_QUEUE_LEN)

struct fx {
	struct vm vm;
	struct config cfg;
	struct devmgr dm;
	struct simvirtio *sv;	/* the device's state, for polling */
	uint8_t *ram;
	uint8_t *qmem;
	struct simq tx, rx;
	char out[OUT_MAX + 1];	/* what printed() read */
	size_t out_len;
};

/* while fd 1 is the temporary file (else -1): the fd it was, and the file */
static int saved_stdout = -1;
static int out_fd = -1;

/*
 * A guest that refills TX as fast as the device prints (linked with
 * --wrap=console_write): each batch it prints reaches the "guest".
 */
struct refill {
	struct fx *f;
	size_t written;		/* bytes the device printed */
	size_t budget;		/* bytes the guest still sends */
};

static struct refill *refill;

static void capture_stdout(void)
{
	FILE *tmp = tmpfile();

	assert_non_null(tmp);
	out_fd = dup(fileno(tmp));
	fclose(tmp);
	assert_true(out_fd >= 0);
	fflush(stdout);		/* cmocka's lines stay out of it */
	saved_stdout = dup(STDOUT_FILENO);
	assert_true(saved_stdout >= 0);
	assert_int_equal(dup2(out_fd, STDOUT_FILENO), STDOUT_FILENO);
}

/*
 * Also every test's teardown: a failed one gives cmocka its stdout back
 * and leaves no refill behind.
 */
static int restore_stdout(void **state)
{
	(void)state;
	refill = NULL;
	if (saved_stdout < 0)
		return 0;
	fflush(stdout);
	dup2(saved_stdout, STDOUT_FILENO);
	close(saved_stdout);
	close(out_fd);
	saved_stdout = -1;
	out_fd = -1;
	return 0;
}

/*
 * What the device has printed so far, from the start of the file: read
 * at an offset, as stdout shares the file's position.
 */
static const char *printed(struct fx *f)
{
	ssize_t n;

	fflush(stdout);
	n = pread(out_fd, f->out, OUT_MAX, 0);
	assert_true(n >= 0);
	f->out[n] = '\0';
	f->out_len = (size_t)n;
	return f->out;
}

/* The device at this machine's row, with --rx rx (and --polling). */
static struct fx *fx_new_rx(bool polling, const char *rx)
{
	const struct device_env env = { .polling = polling };
	struct device_row rows[2] = { { NULL }, { NULL } };
	struct fx *f = calloc(1, sizeof(*f));
	const struct device_row *r;

	assert_non_null(f);
	for (r = machine_devices; r->class_name; r++)
		if (!strcmp(r->class_name, "simvirtio"))
			rows[0] = *r;
	assert_non_null(rows[0].class_name);
	f->vm.fd = -1;		/* no KVM */
	f->vm.kvm_fd = -1;
	f->ram = vm_add_memory(&f->vm, KVMINI_RAM_BASE, RAM);
	assert_non_null(f->ram);
	assert_int_equal(PARSE(&f->cfg, "--rx", rx), ST_OK);
	capture_stdout();
	assert_int_equal(devmgr_create(&f->dm, rows, &f->vm, &env), 0);
	assert_int_equal(f->dm.nr, 1);
	assert_int_equal(f->dm.dev[0].at.base, BASE);
	f->sv = f->dm.dev[0].state;
	/* the queue pages the device added, as the guest sees them */
	f->qmem = vm_gpa(&f->vm, BASE + SV_CONFIG_SIZE,
			 SV_NR_QUEUES * SV_QUEUE_PAGE);
	assert_non_null(f->qmem);
	f->tx = (struct simq){ .ctrl = (void *)f->qmem,
			       .buf = f->qmem + SV_QUEUE_BUF, .len = SV_QUEUE_LEN };
	f->rx = (struct simq){ .ctrl = (void *)(f->qmem + SV_QUEUE_PAGE),
			       .buf = f->qmem + SV_QUEUE_PAGE + SV_QUEUE_BUF,
			       .len = SV_QUEUE_LEN };
	return f;
}

static struct fx *fx_new(bool polling)
{
	return fx_new_rx(polling, "hi");
}

static void fx_free(struct fx *f)
{
	devmgr_stop(&f->dm);
	devmgr_destroy(&f->dm);
	restore_stdout(NULL);
	vm_destroy(&f->vm);	/* unmaps RAM and the queue pages */
	free(f);
}

static uint64_t rd(struct fx *f, uint64_t off, unsigned int len)
{
	uint64_t v = 0;

	assert_non_null(bus_access(&f->vm.bus, BUS_MMIO, BASE + off, &v, len, false));
	return v;
}

static void wr(struct fx *f, uint64_t off, unsigned int len, uint64_t v)
{
	assert_non_null(bus_access(&f->vm.bus, BUS_MMIO, BASE + off, &v, len, true));
}

static void send(struct fx *f, const char *s)
{
	while (*s)
		assert_int_equal(simq_push(&f->tx, (uint8_t)*s++), SIMQ_OK);
	wr(f, SV_REG_Q0_CTL, 1, SV_QCTL_NOTIFY);
}

static void handshake(struct fx *f)
{
	send(f, "R");
	assert_int_equal(rd(f, SV_REG_DEVICE_STATUS, 1), SV_DEVICE_RESET);
	wr(f, SV_REG_DRIVER_STATUS, 1, SV_DRIVER_ACK);
	send(f, "C");
	assert_int_equal(rd(f, SV_REG_DEVICE_STATUS, 1), SV_DEVICE_CONFIG);
	wr(f, SV_REG_DRIVER_STATUS, 1, SV_DRIVER_OK);
	assert_int_equal(rd(f, SV_REG_DEVICE_STATUS, 1), SV_DEVICE_READY);
}

static void test_registers(void **state)
{
	struct fx *f = fx_new(false);

	(void)state;
	assert_int_equal(rd(f, SV_REG_MAGIC, 4), SV_MAGIC_VALUE);
	wr(f, SV_REG_QUEUE_SEL, 1, SV_QUEUE_RX);
	assert_int_equal(rd(f, SV_REG_QUEUE_SEL, 1), SV_QUEUE_RX);
	assert_int_equal(rd(f, SV_REG_MAX_QUEUE_LEN, 2), SV_QUEUE_LEN);
	wr(f, SV_REG_QUEUE_SEL, 1, 7);
	assert_int_equal(rd(f, SV_REG_MAX_QUEUE_LEN, 2), 0);
	assert_int_equal(rd(f, SV_REG_Q0_CTL, 1), 0);
	fx_free(f);
}

static void test_bad_accesses_are_ignored(void **state)
{
	struct fx *f = fx_new(false);

	(void)state;
	assert_int_equal(rd(f, SV_REG_MAGIC, 2), 0xffff);	/* wrong size */
	assert_int_equal(rd(f, SV_REG_MAGIC + 1, 1), 0xff);	/* inside a reg */
	assert_int_equal(rd(f, 0x800, 4), 0xffffffff);		/* no register */
	wr(f, SV_REG_MAGIC, 4, 0);				/* read-only */
	wr(f, SV_REG_DEVICE_STATUS, 1, SV_DEVICE_READY);	/* read-only */
	wr(f, SV_REG_DRIVER_STATUS, 4, SV_DRIVER_OK);		/* wrong size */
	assert_int_equal(rd(f, SV_REG_MAGIC, 4), SV_MAGIC_VALUE);
	assert_int_equal(rd(f, SV_REG_DEVICE_STATUS, 1), SV_DEVICE_RESET);
	assert_false(vm_stopping(&f->vm));
	fx_free(f);
}

static void test_handshake_tx_rx(void **state)
{
	struct fx *f = fx_new(false);
	struct sv_device_table *t = (void *)(f->ram + DEVTABLE);
	uint8_t c = 0;	/* aarch64 gcc 12: maybe-uninitialized */

	(void)state;
	handshake(f);
	assert_int_equal(t->count, 1);
	assert_int_equal(t->device_addresses[0], BASE);
	/* READY fills RX with the payload */
	assert_int_equal(simq_pop(&f->rx, &c), SIMQ_OK);
	assert_int_equal(c, 'h');
	send(f, "Ana are mere\n");
	assert_string_equal(printed(f), "Ana are mere\n");
	/* in READY, 'R' is data, not a reset */
	send(f, "R");
	assert_int_equal(rd(f, SV_REG_DEVICE_STATUS, 1), SV_DEVICE_READY);
	/* DRIVER_RESET undoes everything, including the table entry */
	wr(f, SV_REG_DRIVER_STATUS, 1, SV_DRIVER_RESET);
	assert_int_equal(rd(f, SV_REG_DEVICE_STATUS, 1), SV_DEVICE_RESET);
	assert_int_equal(t->count, 0);
	assert_int_equal(f->tx.ctrl->head, 0);
	assert_int_equal(f->rx.ctrl->head, 0);
	fx_free(f);
}

static void test_out_of_order_handshake_is_ignored(void **state)
{
	struct fx *f = fx_new(false);

	(void)state;
	send(f, "C");		/* no DRIVER_ACK yet */
	assert_int_equal(rd(f, SV_REG_DEVICE_STATUS, 1), SV_DEVICE_RESET);
	wr(f, SV_REG_DRIVER_STATUS, 1, SV_DRIVER_OK);	/* not in CONFIG */
	assert_int_equal(rd(f, SV_REG_DEVICE_STATUS, 1), SV_DEVICE_RESET);
	send(f, "xyz");		/* data before READY is dropped */
	printed(f);
	assert_int_equal(f->out_len, 0);
	assert_int_equal(f->tx.ctrl->tail, f->tx.ctrl->head);
	assert_false(vm_stopping(&f->vm));
	fx_free(f);
}

static void test_corrupt_tx_head_stops_vm(void **state)
{
	struct fx *f = fx_new(false);

	(void)state;
	f->tx.ctrl->head = SV_QUEUE_LEN;
	wr(f, SV_REG_Q0_CTL, 1, SV_QCTL_NOTIFY);
	assert_int_equal(vm_stop_status(&f->vm), ST_GUEST_ERROR);
	fx_free(f);
}

static void test_corrupt_device_table_stops_vm(void **state)
{
	struct fx *f = fx_new(false);
	struct sv_device_table *t = (void *)(f->ram + DEVTABLE);

	(void)state;
	t->count = SV_DEVTABLE_MAX + 1;
	send(f, "R");
	assert_int_equal(vm_stop_status(&f->vm), ST_GUEST_ERROR);
	fx_free(f);
}

static void test_full_device_table_leaves_it_alone(void **state)
{
	struct fx *f = fx_new(false);
	struct sv_device_table *t = (void *)(f->ram + DEVTABLE);

	(void)state;
	t->count = SV_DEVTABLE_MAX;
	handshake(f);
	assert_int_equal(t->count, SV_DEVTABLE_MAX);
	assert_false(vm_stopping(&f->vm));
	fx_free(f);
}

static void test_polling_needs_no_notify(void **state)
{
	struct fx *f = fx_new(true);
	const char *s = "poll";

	(void)state;
	assert_int_equal(rd(f, SV_REG_Q1_CTL, 1), SV_QCTL_POLLED);
	handshake(f);
	while (*s)
		simq_push(&f->tx, (uint8_t)*s++);
	assert_true(simvirtio_poll(f->sv));
	assert_false(simvirtio_poll(f->sv));	/* nothing left */
	assert_string_equal(printed(f), "poll");
	fx_free(f);
}

static void test_rx_refills_after_consumer_makes_room(void **state)
{
	char big[SV_QUEUE_LEN * 2 + 1];	/* --rx TEXT, no newline */
	unsigned int i, got = 0;
	struct fx *f;
	uint8_t c;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	f = fx_new_rx(false, big);
	handshake(f);
	/* the line is the text and its newline: sizeof(big) bytes */
	for (i = 0; i < 4 && got < sizeof(big); i++) {
		while (simq_pop(&f->rx, &c) == SIMQ_OK)
			got++;
		wr(f, SV_REG_Q1_CTL, 1, SV_QCTL_NOTIFY);
	}
	assert_int_equal(got, sizeof(big));
	fx_free(f);
}

void __real_console_write(FILE *out, const void *buf, size_t len);

/* Every batch the device prints, then the refill if a test set one. */
void __wrap_console_write(FILE *out, const void *buf, size_t len)
{
	__real_console_write(out, buf, len);
	if (!refill)
		return;
	assert_ptr_equal(out, stdout);
	refill->written += len;
	while (refill->budget && simq_push(&refill->f->tx, 'x') == SIMQ_OK)
		refill->budget--;
}

/*
 * One pass takes at most a queue's worth under the device lock, however
 * fast another vCPU refills TX: register exits are not held up behind it.
 */
static void test_drain_is_bounded(void **state)
{
	struct fx *f = fx_new(true);
	struct refill r = { .f = f, .budget = 16 * SV_QUEUE_LEN };
	size_t i;

	(void)state;
	handshake(f);
	refill = &r;
	send(f, "x");
	r.written = 0;
	assert_true(simvirtio_poll(f->sv));
	assert_true(r.written > 0);
	assert_true(r.written <= SV_QUEUE_LEN);
	/* the rest comes in later passes, every byte in order */
	while (simvirtio_poll(f->sv))
		;
	refill = NULL;
	assert_int_equal(r.budget, 0);
	/* and each of them reached stdout: the first 'x' and the budget */
	printed(f);
	assert_int_equal(f->out_len, 1 + 16 * SV_QUEUE_LEN);
	for (i = 0; i < f->out_len; i++)
		assert_int_equal(f->out[i], 'x');
	fx_free(f);
}

/* every test's teardown restores stdout, even after a failure */
#define TEST(fn)	cmocka_unit_test_teardown(fn, restore_stdout)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_registers),
		TEST(test_bad_accesses_are_ignored),
		TEST(test_handshake_tx_rx),
		TEST(test_out_of_order_handshake_is_ignored),
		TEST(test_corrupt_tx_head_stops_vm),
		TEST(test_corrupt_device_table_stops_vm),
		TEST(test_full_device_table_leaves_it_alone),
		TEST(test_polling_needs_no_notify),
		TEST(test_rx_refills_after_consumer_makes_room),
		TEST(test_drain_is_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
