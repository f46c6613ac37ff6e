// SPDX-License-Identifier: GPL-2.0
/*
 * SIMVIRTIO register semantics and handshake over plain memory: the
 * device under test is driven exactly as a guest would, through the bus.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arch.h"
#include "devices/simvirtio_dev.h"
#include "kvmini/simqueue.h"
#include "status.h"
#include "vm.h"

#define BASE	KVMINI_SIMVIRTIO_BASE
#define RAM	0x10000
/* the device table's offset in RAM (which starts at 0 on x86 only) */
#define DEVTABLE	(KVMINI_DEVTABLE_ADDR - KVMINI_RAM_BASE)

struct fx {
	struct vm vm;
	struct simvirtio *sv;
	uint8_t *ram;
	uint8_t *qmem;
	char *out;
	size_t out_len;
	FILE *outf;
	struct simq tx, rx;
};

static struct fx *fx_new(bool polling)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->ram = calloc(1, RAM);
	f->qmem = aligned_alloc(4096, SV_NR_QUEUES * SV_QUEUE_PAGE);
	memset(f->qmem, 0, SV_NR_QUEUES * SV_QUEUE_PAGE);
	f->vm.slots[0] = (struct vm_slot){ KVMINI_RAM_BASE, RAM, f->ram };
	f->vm.slots[1] = (struct vm_slot){ BASE + SV_CONFIG_SIZE,
					   SV_NR_QUEUES * SV_QUEUE_PAGE, f->qmem };
	f->vm.nr_slots = 2;
	f->outf = open_memstream(&f->out, &f->out_len);
	f->sv = simvirtio_new(&f->vm, BASE, f->qmem, polling, "hi\n", f->outf);
	assert_non_null(f->sv);
	f->tx = (struct simq){ .ctrl = (void *)f->qmem,
			       .buf = f->qmem + SV_QUEUE_BUF, .len = SV_QUEUE_LEN };
	f->rx = (struct simq){ .ctrl = (void *)(f->qmem + SV_QUEUE_PAGE),
			       .buf = f->qmem + SV_QUEUE_PAGE + SV_QUEUE_BUF,
			       .len = SV_QUEUE_LEN };
	return f;
}

static void fx_free(struct fx *f)
{
	simvirtio_free(f->sv);
	fclose(f->outf);
	free(f->out);
	free(f->qmem);
	free(f->ram);
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
	fflush(f->outf);
	assert_string_equal(f->out, "Ana are mere\n");
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
	fflush(f->outf);
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
	fflush(f->outf);
	assert_string_equal(f->out, "poll");
	fx_free(f);
}

static void test_rx_refills_after_consumer_makes_room(void **state)
{
	struct fx *f = fx_new(false);
	char big[SV_QUEUE_LEN * 2 + 2];
	unsigned int i, got = 0;
	uint8_t c;

	(void)state;
	memset(big, 'x', sizeof(big) - 2);
	big[sizeof(big) - 2] = '\n';
	big[sizeof(big) - 1] = '\0';
	simvirtio_free(f->sv);
	f->vm.bus.nr = 0;
	f->sv = simvirtio_new(&f->vm, BASE, f->qmem, false, big, f->outf);
	handshake(f);
	for (i = 0; i < 4 && got < sizeof(big) - 1; i++) {
		while (simq_pop(&f->rx, &c) == SIMQ_OK)
			got++;
		wr(f, SV_REG_Q1_CTL, 1, SV_QCTL_NOTIFY);
	}
	assert_int_equal(got, sizeof(big) - 1);
	fx_free(f);
}

/* The output stream of a guest that refills TX as fast as it drains. */
struct refill {
	struct fx *f;
	size_t written;		/* bytes the device printed */
	size_t budget;		/* bytes the guest still sends */
};

static ssize_t refill_write(void *cookie, const char *buf, size_t n)
{
	struct refill *r = cookie;

	(void)buf;
	r->written += n;
	while (r->budget && simq_push(&r->f->tx, 'x') == SIMQ_OK)
		r->budget--;
	return (ssize_t)n;
}

/*
 * One pass takes at most a queue's worth under the device lock, however
 * fast another vCPU refills TX: register exits are not held up behind it.
 */
static void test_drain_is_bounded(void **state)
{
	cookie_io_functions_t io = { .write = refill_write };
	struct fx *f = fx_new(true);
	struct refill r = { .f = f, .budget = 16 * SV_QUEUE_LEN };
	FILE *out = fopencookie(&r, "w", io);

	(void)state;
	assert_non_null(out);
	setvbuf(out, NULL, _IONBF, 0);	/* each batch reaches the "guest" */
	simvirtio_free(f->sv);
	f->vm.bus.nr = 0;
	f->sv = simvirtio_new(&f->vm, BASE, f->qmem, true, "hi\n", out);
	handshake(f);
	send(f, "x");
	r.written = 0;
	assert_true(simvirtio_poll(f->sv));
	assert_true(r.written > 0);
	assert_true(r.written <= SV_QUEUE_LEN);
	/* the rest comes in later passes, every byte in order */
	while (simvirtio_poll(f->sv))
		;
	assert_int_equal(r.budget, 0);
	fclose(out);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registers),
		cmocka_unit_test(test_bad_accesses_are_ignored),
		cmocka_unit_test(test_handshake_tx_rx),
		cmocka_unit_test(test_out_of_order_handshake_is_ignored),
		cmocka_unit_test(test_corrupt_tx_head_stops_vm),
		cmocka_unit_test(test_corrupt_device_table_stops_vm),
		cmocka_unit_test(test_full_device_table_leaves_it_alone),
		cmocka_unit_test(test_polling_needs_no_notify),
		cmocka_unit_test(test_rx_refills_after_consumer_makes_room),
		cmocka_unit_test(test_drain_is_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
