// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-mmio and split virtqueues, driven as a Linux driver would over
 * plain memory, with virtio-rng as the device: negotiation, a request and
 * its interrupt, then every way a hostile driver can damage its rings
 * (a looping chain, heads and indices out of range, buffers outside RAM,
 * zero and huge lengths, a queue size that is not a power of 2); and
 * virtio-blk on a temporary image: read, write, flush, get-id, bounds,
 * read-only disks, and the image lock. arch_set_irq is wrapped to see
 * the interrupt line.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <linux/virtio_blk.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_mmio.h>
#include <linux/virtio_ring.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../ioctl_wrap.h"
#include "board.h"
#include "child.h"

#include "compiler.h"
#include "config.h"
#include "devmgr.h"
#include "devmgr_create.h"
#include "parse_args.h"
#include "status.h"
#include "virtio/mmio.h"
#include "vm.h"

#define BASE	0x10000000ULL
#define RAM	0x100000	/* guest RAM at 0 */
#define QSIZE	8
#define DESC	0x1000		/* the rings, in guest RAM */
#define AVAIL	0x2000
#define USED	0x3000
#define BUF	0x8000

/* the interrupt line; device threads raise it too */
static int irq_level;
static pthread_mutex_t irq_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t irq_cond = PTHREAD_COND_INITIALIZER;

int __wrap_arch_set_irq(struct vm *vm, unsigned int irq, int level)
{
	(void)vm;
	(void)irq;
	pthread_mutex_lock(&irq_lock);
	irq_level = level;
	pthread_cond_broadcast(&irq_cond);
	pthread_mutex_unlock(&irq_lock);
	return 0;
}

/* Waits (10 s at most) for the line to go up; whether it did. */
static bool wait_irq(void)
{
	struct timespec t;
	bool up;

	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += 10;
	pthread_mutex_lock(&irq_lock);
	while (!irq_level &&
	       pthread_cond_timedwait(&irq_cond, &irq_lock, &t) == 0)
		;
	up = irq_level;
	pthread_mutex_unlock(&irq_lock);
	return up;
}

struct fx {
	struct vm vm;
	struct config cfg;
	struct devmgr dm;
	uint8_t *ram;
	uint16_t avail_idx;
};

static uint32_t rd(struct fx *f, uint64_t off)
{
	uint32_t v = 0;

	assert_non_null(bus_access(&f->vm.bus, BUS_MMIO, BASE + off, &v, 4, false));
	return v;
}

static void wr(struct fx *f, uint64_t off, uint32_t v)
{
	assert_non_null(bus_access(&f->vm.bus, BUS_MMIO, BASE + off, &v, 4, true));
}

static struct vring_desc_le *desc(struct fx *f, unsigned int i)
{
	return (struct vring_desc_le *)(f->ram + DESC) + i;
}

static uint16_t *avail(struct fx *f)
{
	return (uint16_t *)(f->ram + AVAIL);
}

static uint16_t used_idx(struct fx *f)
{
	return ((uint16_t *)(f->ram + USED))[1];
}

static struct vring_used_elem_le *used_elem(struct fx *f, unsigned int i)
{
	return (struct vring_used_elem_le *)(f->ram + USED + 4) + i;
}

/* The driver's bring-up with features (high word: VERSION_1 added). */
static uint32_t bring_up_with(struct fx *f, uint32_t qsize, uint32_t features)
{
	wr(f, VIRTIO_MMIO_STATUS, 0);
	wr(f, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	wr(f, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE |
	   VIRTIO_CONFIG_S_DRIVER);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, features);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, 1);		/* VERSION_1 */
	wr(f, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE |
	   VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK);
	assert_true(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK);
	wr(f, VIRTIO_MMIO_QUEUE_SEL, 0);
	assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX), 256);
	wr(f, VIRTIO_MMIO_QUEUE_NUM, qsize);
	wr(f, VIRTIO_MMIO_QUEUE_DESC_LOW, DESC);
	wr(f, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	wr(f, VIRTIO_MMIO_QUEUE_AVAIL_LOW, AVAIL);
	wr(f, VIRTIO_MMIO_QUEUE_USED_LOW, USED);
	wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
	wr(f, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE |
	   VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK |
	   VIRTIO_CONFIG_S_DRIVER_OK);
	f->avail_idx = 0;
	return rd(f, VIRTIO_MMIO_STATUS);
}

/* The driver's bring-up, queue of size qsize; returns the status. */
static uint32_t bring_up(struct fx *f, uint32_t qsize)
{
	return bring_up_with(f, qsize, 0);
}

/*
 * one device of class name; disk: an image for virtio-blk; net_fd;
 * polling: --polling, and as if KVM had an in-kernel irqchip
 */
static struct fx *fx_dev_all(const char *name, const char *disk, bool ro,
			     int net_fd, bool polling)
{
	const struct device_row rows[] = {
		{ name, .at = { BUS_MMIO, BASE, 0x200, 9 } },
		{ NULL },
	};
	struct fx *f = calloc(1, sizeof(*f));
	const char *args[6] = { "kvmini" };
	char disk_arg[256], net_arg[32];
	struct device_env env = { 0 };
	int n = 1;

	assert_non_null(f);
	f->ram = calloc(1, RAM);
	assert_non_null(f->ram);
	f->vm.slots[0] = (struct vm_slot){ 0, RAM, f->ram };
	f->vm.nr_slots = 1;
	/* the devices' own options, as kvmini parses them */
	if (disk) {
		snprintf(disk_arg, sizeof(disk_arg), "%s%s", disk, ro ? ",ro" : "");
		args[n++] = "--disk";
		args[n++] = disk_arg;
	}
	if (net_fd >= 0) {
		snprintf(net_arg, sizeof(net_arg), "fd=%d", net_fd);
		args[n++] = "--net";
		args[n++] = net_arg;
	}
	assert_int_equal(parse_argv(&f->cfg, args), ST_OK);
	env.polling = polling;
	f->vm.irqchip = polling;
	assert_int_equal(devmgr_create(&f->dm, rows, &f->vm, &env), 0);
	irq_level = 0;
	return f;
}

static struct fx *fx_dev_net(const char *name, const char *disk, bool ro,
			     int net_fd)
{
	return fx_dev_all(name, disk, ro, net_fd, false);
}

static struct fx *fx_dev(const char *name, const char *disk, bool ro)
{
	return fx_dev_net(name, disk, ro, -1);
}

static struct fx *fx_new(void)
{
	return fx_dev("virtio-rng", NULL, false);
}

static void fx_free(struct fx *f)
{
	devmgr_destroy(&f->dm);
	free(f->ram);
	free(f);
}

/*
 * Offers the chain starting at head and notifies; atomically, as a
 * device thread may be reading the ring (the release publishes the chain)
 */
static void offer(struct fx *f, uint16_t head)
{
	__atomic_store_n(&avail(f)[2 + f->avail_idx % QSIZE], head,
			 __ATOMIC_RELAXED);
	f->avail_idx++;
	__atomic_store_n(&avail(f)[1], f->avail_idx, __ATOMIC_RELEASE);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

static void set_desc(struct fx *f, unsigned int i, uint64_t addr, uint32_t len,
		     uint16_t flags, uint16_t next)
{
	*desc(f, i) = (struct vring_desc_le){ addr, len, flags, next };
}

static void test_identity_and_negotiation(void **state)
{
	struct fx *f = fx_new();

	(void)state;
	assert_int_equal(rd(f, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	assert_int_equal(rd(f, VIRTIO_MMIO_VERSION), 2);
	assert_int_equal(rd(f, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_RNG);
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	assert_int_equal(rd(f, VIRTIO_MMIO_DEVICE_FEATURES) & 1, 1);	/* 1.0 */
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_true(rd(f, VIRTIO_MMIO_DEVICE_FEATURES) &
		    (1u << VIRTIO_RING_F_EVENT_IDX));
	/* a driver without VERSION_1 (legacy) does not get FEATURES_OK */
	wr(f, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE |
	   VIRTIO_CONFIG_S_DRIVER);
	wr(f, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE |
	   VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK);
	assert_false(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK);
	/* nor one that asks for a feature not offered */
	wr(f, VIRTIO_MMIO_STATUS, 0);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, 1u << 28);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, 1);
	wr(f, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_FEATURES_OK);
	assert_false(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK);
	/* wrong widths are ignored */
	assert_non_null(bus_access(&f->vm.bus, BUS_MMIO, BASE, &(uint16_t){ 0 },
				   2, false));
	fx_free(f);
}

/* Two buffers of random bytes, then the interrupt and its ack. */
static void test_request(void **state)
{
	struct fx *f = fx_new();
	static const uint8_t zero[64];

	(void)state;
	assert_false(bring_up(f, QSIZE) & VIRTIO_CONFIG_S_NEEDS_RESET);
	set_desc(f, 0, BUF, 64, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1);
	set_desc(f, 1, BUF + 64, 64, VRING_DESC_F_WRITE, 0);
	offer(f, 0);
	assert_int_equal(used_idx(f), 1);
	assert_int_equal(used_elem(f, 0)->id, 0);
	assert_int_equal(used_elem(f, 0)->len, 128);
	assert_memory_not_equal(f->ram + BUF, zero, 64);
	assert_memory_not_equal(f->ram + BUF + 64, zero, 64);
	assert_int_equal(irq_level, 1);
	assert_int_equal(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS),
			 VIRTIO_MMIO_INT_VRING);
	wr(f, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	assert_int_equal(irq_level, 0);
	/* no interrupt when the driver says so */
	avail(f)[0] = VRING_AVAIL_F_NO_INTERRUPT;
	offer(f, 1);
	assert_int_equal(used_idx(f), 2);
	assert_int_equal(irq_level, 0);
	fx_free(f);
}

/* Bad buffers fail their request only: used with 0 bytes, queue goes on. */
static void test_bad_buffers(void **state)
{
	static const struct {
		uint64_t addr;
		uint32_t len;
	} bad[] = {
		{ RAM - 16, 64 },		/* runs past RAM */
		{ 0x40000000, 16 },		/* no RAM there */
		{ BUF, 0 },			/* zero length */
		{ BUF, VQ_MAX_LEN + 1 },	/* huge */
		{ ~0ULL - 8, 64 },		/* wraps */
	};
	struct fx *f = fx_new();
	unsigned int i;

	(void)state;
	bring_up(f, QSIZE);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		set_desc(f, 0, bad[i].addr, bad[i].len, VRING_DESC_F_WRITE, 0);
		offer(f, 0);
		assert_int_equal(used_idx(f), i + 1);
		assert_int_equal(used_elem(f, i)->len, 0);
	}
	/* a readable buffer after a writable one, an indirect table */
	set_desc(f, 0, BUF, 16, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1);
	set_desc(f, 1, BUF, 16, 0, 0);
	offer(f, 0);
	set_desc(f, 0, BUF, 16, VRING_DESC_F_INDIRECT, 0);
	offer(f, 0);
	assert_int_equal(used_idx(f), ARRAY_SIZE(bad) + 2);
	assert_false(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET);
	/* and a good one still works */
	set_desc(f, 0, BUF, 32, VRING_DESC_F_WRITE, 0);
	offer(f, 0);
	assert_int_equal(used_elem(f, ARRAY_SIZE(bad) + 2)->len, 32);
	fx_free(f);
}

/*
 * What one request may cost: a chain holds at most VQ_MAX_LEN bytes in
 * all (its used length cannot wrap), virtio-rng gives a request at most
 * 64 KiB, and a stopping VM gets nothing more served.
 */
static void test_bounds(void **state)
{
	const uint64_t big_ram = VQ_MAX_LEN + (16u << 20);
	struct fx *f = fx_new();
	uint32_t half = VQ_MAX_LEN / 2;

	(void)state;
	free(f->ram);		/* mapped lazily: only what is written costs */
	f->ram = calloc(1, big_ram);
	assert_non_null(f->ram);
	f->vm.slots[0] = (struct vm_slot){ 0, big_ram, f->ram };
	bring_up(f, QSIZE);
	set_desc(f, 0, BUF, VQ_MAX_LEN, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1);
	set_desc(f, 1, BUF, 1, VRING_DESC_F_WRITE, 0);
	offer(f, 0);
	assert_int_equal(used_idx(f), 1);
	assert_int_equal(used_elem(f, 0)->len, 0);
	set_desc(f, 0, BUF, half, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1);
	set_desc(f, 1, BUF + half, half, VRING_DESC_F_WRITE, 0);
	offer(f, 0);
	assert_int_equal(used_idx(f), 2);
	assert_int_equal(used_elem(f, 1)->len, 64 << 10);
	assert_false(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET);
	/* the run is ending: the chain waits, the ring is not at fault */
	vm_request_stop(&f->vm, ST_TIMEOUT);
	offer(f, 0);
	assert_int_equal(used_idx(f), 2);
	assert_false(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET);
	fx_free(f);
}

/* Damaged rings: the device needs a reset, and says so by interrupt. */
static void test_broken_rings(void **state)
{
	struct fx *f;
	int c;

	(void)state;
	for (c = 0; c < 4; c++) {
		f = fx_new();
		bring_up(f, QSIZE);
		switch (c) {
		case 0:		/* a chain that loops */
			set_desc(f, 0, BUF, 16, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1);
			set_desc(f, 1, BUF, 16, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 0);
			offer(f, 0);
			break;
		case 1:		/* a head beyond the queue */
			offer(f, QSIZE);
			break;
		case 2:		/* next beyond the queue */
			set_desc(f, 0, BUF, 16, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 200);
			offer(f, 0);
			break;
		case 3:		/* the available index far ahead */
			avail(f)[1] = QSIZE + 1;
			wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
			break;
		}
		assert_true(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET);
		assert_true(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS) &
			    VIRTIO_MMIO_INT_CONFIG);
		assert_int_equal(used_idx(f), 0);
		/* nothing more is taken until a reset, which brings it back */
		offer(f, 0);
		assert_int_equal(used_idx(f), 0);
		assert_false(bring_up(f, QSIZE) & VIRTIO_CONFIG_S_NEEDS_RESET);
		set_desc(f, 0, BUF, 16, VRING_DESC_F_WRITE, 0);
		memset(f->ram + USED, 0, 0x100);
		offer(f, 0);
		assert_int_equal(used_idx(f), 1);
		fx_free(f);
	}
}

/* Queue set-up the device refuses: size, alignment, rings outside RAM. */
static void test_bad_setup(void **state)
{
	struct fx *f = fx_new();

	(void)state;
	assert_true(bring_up(f, 6) & VIRTIO_CONFIG_S_NEEDS_RESET);	/* not 2^n */
	assert_true(bring_up(f, 512) & VIRTIO_CONFIG_S_NEEDS_RESET);	/* > max */
	assert_false(bring_up(f, QSIZE) & VIRTIO_CONFIG_S_NEEDS_RESET);
	wr(f, VIRTIO_MMIO_STATUS, 0);
	wr(f, VIRTIO_MMIO_QUEUE_NUM, QSIZE);
	wr(f, VIRTIO_MMIO_QUEUE_DESC_LOW, RAM - 16);	/* past RAM */
	wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
	assert_true(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET);
	assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_READY), 0);
	fx_free(f);
}

/* An image of 64 sectors, sector i filled with i. */
static void make_image(char *path)
{
	uint8_t sector[512];
	int fd = mkstemp(path), i;

	assert_true(fd >= 0);
	for (i = 0; i < 64; i++) {
		memset(sector, i, sizeof(sector));
		assert_int_equal(write(fd, sector, sizeof(sector)), 512);
	}
	close(fd);
}

/* header at BUF, data at BUF + 0x100 (len), status at BUF + 0x80 */
static uint8_t blk_req(struct fx *f, uint32_t type, uint64_t sector,
		       uint32_t len, bool device_writes)
{
	struct {
		uint32_t type, reserved;
		uint64_t sector;
	} h = { type, 0, sector };
	unsigned int n = 0;

	memcpy(f->ram + BUF, &h, sizeof(h));
	f->ram[BUF + 0x80] = 0xee;
	set_desc(f, n, BUF, 16, VRING_DESC_F_NEXT, n + 1);
	n++;
	if (len) {
		set_desc(f, n, BUF + 0x100, len, VRING_DESC_F_NEXT |
			 (device_writes ? VRING_DESC_F_WRITE : 0), n + 1);
		n++;
	}
	set_desc(f, n, BUF + 0x80, 1, VRING_DESC_F_WRITE, 0);
	offer(f, 0);
	return f->ram[BUF + 0x80];
}

static void test_blk(void **state)
{
	char path[] = "/tmp/kvmini-disk-XXXXXX";
	uint8_t expect[1024];
	struct fx *f;
	uint8_t cap[8];
	uint64_t capacity;
	int fd;

	(void)state;
	make_image(path);
	f = fx_dev("virtio-blk", path, false);
	assert_int_equal(rd(f, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
	/* capacity in the config space, two 32-bit reads */
	*(uint32_t *)cap = rd(f, VIRTIO_MMIO_CONFIG);
	*(uint32_t *)(cap + 4) = rd(f, VIRTIO_MMIO_CONFIG + 4);
	memcpy(&capacity, cap, 8);
	assert_int_equal(capacity, 64);
	bring_up(f, QSIZE);

	/* read sectors 3 and 4 */
	assert_int_equal(blk_req(f, VIRTIO_BLK_T_IN, 3, 1024, true),
			 VIRTIO_BLK_S_OK);
	memset(expect, 3, 512);
	memset(expect + 512, 4, 512);
	assert_memory_equal(f->ram + BUF + 0x100, expect, 1024);
	assert_int_equal(used_elem(f, 0)->len, 1024 + 1);
	/* write sector 5, flush, read it back from the file */
	memset(f->ram + BUF + 0x100, 0xab, 512);
	assert_int_equal(blk_req(f, VIRTIO_BLK_T_OUT, 5, 512, false),
			 VIRTIO_BLK_S_OK);
	assert_int_equal(blk_req(f, VIRTIO_BLK_T_FLUSH, 0, 0, false),
			 VIRTIO_BLK_S_OK);
	fd = open(path, O_RDONLY);
	assert_int_equal(pread(fd, expect, 512, 5 * 512), 512);
	close(fd);
	assert_int_equal(expect[0], 0xab);
	assert_int_equal(expect[511], 0xab);
	/* past the end, partial sectors, wrong direction, unknown type */
	assert_int_equal(blk_req(f, VIRTIO_BLK_T_IN, 64, 512, true),
			 VIRTIO_BLK_S_IOERR);
	assert_int_equal(blk_req(f, VIRTIO_BLK_T_IN, 63, 1024, true),
			 VIRTIO_BLK_S_IOERR);
	assert_int_equal(blk_req(f, VIRTIO_BLK_T_IN, ~0ULL, 512, true),
			 VIRTIO_BLK_S_IOERR);
	assert_int_equal(blk_req(f, VIRTIO_BLK_T_IN, 0, 100, true),
			 VIRTIO_BLK_S_IOERR);
	assert_int_equal(blk_req(f, VIRTIO_BLK_T_IN, 0, 512, false),
			 VIRTIO_BLK_S_IOERR);
	assert_int_equal(blk_req(f, 77, 0, 0, false), VIRTIO_BLK_S_UNSUPP);
	/* the id */
	assert_int_equal(blk_req(f, VIRTIO_BLK_T_GET_ID, 0, 20, true),
			 VIRTIO_BLK_S_OK);
	assert_string_equal((char *)f->ram + BUF + 0x100, "kvmini-disk0");

	/* a second kvmini cannot open it: the lock */
	{
		struct devmgr dm;

		assert_int_equal(devmgr_prepare(&dm, (const struct device_row[]){
			{ "virtio-blk", .at = { BUS_MMIO, BASE, 0x200, 9 } }, { NULL } }),
			ST_IMAGE);
		devmgr_destroy(&dm);
	}
	fx_free(f);

	/* read-only: reads work, writes fail, the feature says so */
	f = fx_dev("virtio-blk", path, true);
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_true(rd(f, VIRTIO_MMIO_DEVICE_FEATURES) & (1u << VIRTIO_BLK_F_RO));
	bring_up(f, QSIZE);
	assert_int_equal(blk_req(f, VIRTIO_BLK_T_IN, 5, 512, true),
			 VIRTIO_BLK_S_OK);
	assert_int_equal(f->ram[BUF + 0x100], 0xab);
	assert_int_equal(blk_req(f, VIRTIO_BLK_T_OUT, 5, 512, false),
			 VIRTIO_BLK_S_IOERR);
	fx_free(f);
	unlink(path);
}

/* A missing image: one line and status 3 before any KVM call. */
static void test_blk_missing(void **state)
{
	struct config cfg;
	struct devmgr dm;

	(void)state;
	assert_int_equal(PARSE(&cfg, "--disk", "/nonexistent/disk.img"), ST_OK);
	assert_int_equal(devmgr_prepare(&dm, machine_devices), ST_IMAGE);
	devmgr_destroy(&dm);
}

/* devmgr_prepare() of --disk path,ro */
static int open_ro_disk(const void *path)
{
	struct config cfg;
	struct devmgr dm;
	int st;

	char arg[256];

	snprintf(arg, sizeof(arg), "%s,ro", (const char *)path);
	assert_int_equal(PARSE(&cfg, "--disk", arg), ST_OK);
	st = devmgr_prepare(&dm, machine_devices);
	devmgr_destroy(&dm);
	return st;
}

/* A FIFO as a read-only disk: not a wait for a writer, one line, 3 */
static void test_blk_fifo(void **state)
{
	char dir[] = "/tmp/kvmini-test-XXXXXX", path[64], msg[512], want[128];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	snprintf(want, sizeof(want),
		 "kvmini: --disk %s: not a regular file or block device\n",
		 path);
	assert_int_equal(in_child(open_ro_disk, path, msg, sizeof(msg)),
			 ST_IMAGE);
	assert_string_equal(msg, want);
	unlink(path);
	rmdir(dir);
}

/*
 * virtio-net on one end of a datagram socket pair (as a tap: a frame per
 * read or write): a transmitted frame comes out without its header, a
 * received one lands in the guest's buffer behind a header of zeros.
 */
#define Q1	0x10000		/* queue 1 (TX): desc, avail, used */
#define NET_RX_BUF	0x20000

static void test_net(void **state)
{
	struct vring_desc_le *d1 = (void *)NULL;
	uint16_t *a1;
	char got[64];
	struct fx *f;
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), 0);
	f = fx_dev_net("virtio-net", NULL, false, sv[1]);
	assert_int_equal(rd(f, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_NET);
	assert_int_equal(rd(f, VIRTIO_MMIO_CONFIG), 0x6b005452);	/* the MAC */
	bring_up(f, QSIZE);			/* queue 0: RX */
	wr(f, VIRTIO_MMIO_QUEUE_SEL, 1);
	wr(f, VIRTIO_MMIO_QUEUE_NUM, QSIZE);
	wr(f, VIRTIO_MMIO_QUEUE_DESC_LOW, Q1);
	wr(f, VIRTIO_MMIO_QUEUE_AVAIL_LOW, Q1 + 0x1000);
	wr(f, VIRTIO_MMIO_QUEUE_USED_LOW, Q1 + 0x2000);
	wr(f, VIRTIO_MMIO_QUEUE_READY, 1);

	/* TX: header and frame in one buffer */
	memset(f->ram + BUF, 0, 12);
	memcpy(f->ram + BUF + 12, "hello", 5);
	d1 = (struct vring_desc_le *)(f->ram + Q1);
	d1[0] = (struct vring_desc_le){ BUF, 17, 0, 0 };
	a1 = (uint16_t *)(f->ram + Q1 + 0x1000);
	a1[2] = 0;
	a1[1] = 1;
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	assert_int_equal(recv(sv[0], got, sizeof(got), MSG_DONTWAIT), 5);
	assert_memory_equal(got, "hello", 5);
	assert_int_equal(((uint16_t *)(f->ram + Q1 + 0x2000))[1], 1);
	wr(f, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	assert_int_equal(irq_level, 0);

	/* RX: a frame waits in the "tap" before the guest has buffers */
	assert_int_equal(devmgr_start(&f->dm), 0);
	assert_int_equal(send(sv[0], "pong", 4, 0), 4);
	set_desc(f, 0, NET_RX_BUF, 2048, VRING_DESC_F_WRITE, 0);
	memset(f->ram + NET_RX_BUF, 0xee, 16);
	offer(f, 0);
	assert_true(wait_irq());
	assert_int_equal(used_idx(f), 1);
	assert_int_equal(used_elem(f, 0)->len, 12 + 4);
	assert_int_equal(f->ram[NET_RX_BUF], 0);		/* flags */
	assert_int_equal(f->ram[NET_RX_BUF + 10], 1);	/* num_buffers */
	assert_memory_equal(f->ram + NET_RX_BUF + 12, "pong", 4);
	/* a frame over three buffers; the header split across two */
	wr(f, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);	/* line down */
	set_desc(f, 1, NET_RX_BUF, 5, VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 2);
	set_desc(f, 2, NET_RX_BUF + 100, 10,
		 VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 3);
	set_desc(f, 3, NET_RX_BUF + 200, 100, VRING_DESC_F_WRITE, 0);
	memset(f->ram + NET_RX_BUF, 0xee, 300);
	offer(f, 1);
	assert_int_equal(send(sv[0], "0123456789", 10, 0), 10);
	assert_true(wait_irq());
	assert_int_equal(used_idx(f), 2);
	assert_int_equal(used_elem(f, 1)->len, 12 + 10);
	assert_int_equal(f->ram[NET_RX_BUF + 100 + 5], 1);	/* num_buffers */
	assert_memory_equal(f->ram + NET_RX_BUF + 100 + 7, "012", 3);
	assert_memory_equal(f->ram + NET_RX_BUF + 200, "3456789", 7);
	assert_int_equal(f->ram[NET_RX_BUF + 200 + 7], 0xee);
	devmgr_stop(&f->dm);
	fx_free(f);
	close(sv[0]);
	close(sv[1]);
}

/*
 * The receive thread's calls on its tap (linked with --wrap=read,poll):
 * how often it read the watched fd, and whether it then polled without
 * it, i.e. stopped reading it.
 */
static pthread_mutex_t tap_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t tap_cond = PTHREAD_COND_INITIALIZER;
static int watched_fd = -1;
static unsigned int tap_reads;
static bool tap_left, reader_known;
static pthread_t reader;

ssize_t __wrap_read(int fd, void *buf, size_t n)
{
	pthread_mutex_lock(&tap_lock);
	if (fd >= 0 && fd == watched_fd) {
		tap_reads++;
		reader = pthread_self();
		reader_known = true;
		pthread_cond_broadcast(&tap_cond);
	}
	pthread_mutex_unlock(&tap_lock);
	return syscall(SYS_read, fd, buf, n);
}

int __wrap_poll(struct pollfd *p, nfds_t n, int timeout)
{
	bool tap = false;
	nfds_t i;

	pthread_mutex_lock(&tap_lock);
	if (reader_known && pthread_equal(reader, pthread_self())) {
		for (i = 0; i < n; i++)
			tap |= p[i].fd == watched_fd;
		if (!tap) {
			tap_left = true;
			pthread_cond_broadcast(&tap_cond);
		}
	}
	pthread_mutex_unlock(&tap_lock);
	/* what poll() does; ppoll is not wrapped (and arm64's only call) */
	return ppoll(p, n, timeout < 0 ? NULL : &(struct timespec){
		     timeout / 1000, timeout % 1000 * 1000000L }, NULL);
}

/* the device's counter called name */
struct counter {
	const char *name;
	uint64_t val;
	int found;
};

static void find_counter(void *ctx, const char *name, uint64_t v)
{
	struct counter *c = ctx;

	if (!strcmp(name, c->name)) {
		c->val = v;
		c->found++;
	}
}

/*
 * A tap that can no longer be read (deleted; or any fd whose reads end at
 * once): the receive thread says so once, counts it, stops reading it
 * and sleeps until the device stops, the rest of the VM untouched. Its
 * peer closed, a packet socket reads 0 and polls POLLHUP for ever: the
 * thread must read it at most twice, not spin.
 */
static void test_net_dead_tap(void **state)
{
	struct counter errs = { .name = "rx_errors" };
	const struct device *dev;
	struct timespec t;
	char msg[512];
	int sv[2], saved, rc = 0;
	struct fx *f;
	FILE *err;
	size_t n;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0,
				    sv), 0);
	f = fx_dev_net("virtio-net", NULL, false, sv[1]);
	dev = &f->dm.dev[0];
	bring_up(f, QSIZE);			/* queue 0: RX */
	pthread_mutex_lock(&tap_lock);
	watched_fd = sv[1];
	pthread_mutex_unlock(&tap_lock);
	assert_int_equal(devmgr_start(&f->dm), 0);
	/* a frame goes through first: the thread reads the tap */
	set_desc(f, 0, NET_RX_BUF, 2048, VRING_DESC_F_WRITE, 0);
	offer(f, 0);
	assert_int_equal(send(sv[0], "ping", 4, 0), 4);
	assert_true(wait_irq());
	assert_int_equal(used_idx(f), 1);

	err = tmpfile();
	assert_non_null(err);
	fflush(stderr);
	saved = dup(2);
	assert_int_equal(dup2(fileno(err), 2), 2);
	pthread_mutex_lock(&tap_lock);
	tap_reads = 0;
	tap_left = false;
	close(sv[0]);
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += 10;
	while (!tap_left && tap_reads < 1000 && rc == 0)
		rc = pthread_cond_timedwait(&tap_cond, &tap_lock, &t);
	pthread_mutex_unlock(&tap_lock);
	/* it sleeps without the tap now: stopping it wakes it */
	devmgr_stop(&f->dm);
	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	rewind(err);
	n = fread(msg, 1, sizeof(msg) - 1, err);
	msg[n] = '\0';
	fclose(err);
	assert_true(tap_left);
	assert_in_range(tap_reads, 1, 2);
	assert_false(vm_stopping(&f->vm));
	assert_non_null(strstr(msg, "kvmini: virtio-net: "));
	assert_ptr_equal(strchr(msg, '\n'), msg + n - 1);	/* one line */
	dev->cls->stats(dev->state, find_counter, &errs);
	assert_int_equal(errs.found, 1);
	assert_int_equal(errs.val, 1);
	watched_fd = -1;
	reader_known = false;
	fx_free(f);
	close(sv[1]);
}

/*
 * Notification suppression on the ring itself: the used_event index
 * (EVENT_IDX) or the NO_INTERRUPT flag decide interrupts; avail_event or
 * the NO_NOTIFY flag tell the driver whether to notify.
 */
static void test_suppression(void **state)
{
	struct fx *f = fx_new();
	struct virtqueue *q;
	uint16_t *used = (uint16_t *)(f->ram + USED);

	(void)state;
	bring_up(f, QSIZE);
	q = &((struct virtio_dev *)f->dm.dev[0].state)->vq[0];
	/* EVENT_IDX: an interrupt only when used_idx passes used_event */
	q->event_idx = true;
	avail(f)[2 + QSIZE] = 2;	/* used_event: after the 3rd */
	vq_push(q, 0, 1);
	assert_false(vq_should_interrupt(q));	/* used 1 */
	vq_push(q, 0, 1);
	assert_false(vq_should_interrupt(q));	/* used 2 */
	vq_push(q, 0, 1);
	assert_true(vq_should_interrupt(q));	/* used 3: crossed 2 */
	vq_push(q, 0, 1);
	assert_false(vq_should_interrupt(q));	/* the driver has not moved it */
	avail(f)[2 + QSIZE] = 5;
	vq_push(q, 0, 1);
	vq_push(q, 0, 1);
	assert_true(vq_should_interrupt(q));	/* 4 -> 6 crosses 5 */
	/* avail_event follows the ring when notifications are wanted */
	q->last_avail = 7;
	vq_set_notify(q, true);
	assert_int_equal(used[2 + 4 * QSIZE], 7);
	q->last_avail = 9;
	vq_set_notify(q, false);		/* one behind: no notify */
	assert_int_equal(used[2 + 4 * QSIZE], 8);
	assert_false(vring_need_event(8, 10, 9));
	/* without EVENT_IDX: the flags */
	q->event_idx = false;
	vq_set_notify(q, false);
	assert_int_equal(used[0], VRING_USED_F_NO_NOTIFY);
	vq_set_notify(q, true);
	assert_int_equal(used[0], 0);
	avail(f)[0] = VRING_AVAIL_F_NO_INTERRUPT;
	vq_push(q, 0, 1);
	assert_false(vq_should_interrupt(q));
	avail(f)[0] = 0;
	vq_push(q, 0, 1);
	assert_true(vq_should_interrupt(q));
	fx_free(f);
}

/* avail_event, where an EVENT_IDX driver reads whether to notify */
static uint16_t avail_event(struct fx *f)
{
	return __atomic_load_n((uint16_t *)(f->ram + USED + 4 + 8 * QSIZE),
			       __ATOMIC_SEQ_CST);
}

/*
 * Whether a driver that has just made the ring run from old to new
 * buffers would notify (Linux's virtqueue_kick_prepare with EVENT_IDX).
 */
static bool driver_notifies(struct fx *f, uint16_t old, uint16_t new)
{
	return vring_need_event(avail_event(f), new, old);
}

/*
 * EVENT_IDX negotiated: having taken every buffer, the device asks for a
 * notification at the next one; a driver that adds more while the device
 * is still at work (avail_event behind) does not notify.
 */
static void test_event_idx(void **state)
{
	struct fx *f = fx_new();
	struct virtqueue *q;

	(void)state;
	bring_up_with(f, QSIZE, 1u << VIRTIO_RING_F_EVENT_IDX);
	q = &((struct virtio_dev *)f->dm.dev[0].state)->vq[0];
	assert_true(q->event_idx);
	set_desc(f, 0, BUF, 64, VRING_DESC_F_WRITE, 0);
	set_desc(f, 1, BUF + 64, 64, VRING_DESC_F_WRITE, 0);
	offer(f, 0);
	assert_int_equal(used_idx(f), 1);
	assert_int_equal(avail_event(f), 1);
	assert_true(driver_notifies(f, 1, 2));
	/* two more before the device looks: one notification, the first */
	avail(f)[2 + 1] = 1;
	avail(f)[2 + 2] = 0;
	avail(f)[1] = 3;
	assert_true(driver_notifies(f, 1, 2));
	assert_false(driver_notifies(f, 2, 3));
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(used_idx(f), 3);
	assert_int_equal(avail_event(f), 3);
	fx_free(f);
}

/*
 * KVM's eventfd calls succeed (the poller test needs no KVM), or KVM_IRQFD
 * fails; the ioeventfds KVM would hold are counted
 */
static bool irqfd_fails;
static int ioeventfds;

int __wrap_ioctl(int fd, unsigned long req, ...)
{
	struct kvm_ioeventfd *io;
	void *arg;

	IOCTL_ARG(req, arg);
	if (req == KVM_IOEVENTFD) {
		io = arg;
		ioeventfds += io->flags & KVM_IOEVENTFD_FLAG_DEASSIGN ? -1 : 1;
		return 0;
	}
	if (req == KVM_IRQFD) {
		errno = EINVAL;
		return irqfd_fails ? -1 : 0;
	}
	return __real_ioctl(fd, req, arg);
}

/*
 * KVM refuses the irqfd after it took the ioeventfds: kvmini falls back to
 * exits, and takes the ioeventfds back, or KVM would swallow every
 * QueueNotify write
 */
static void test_irqfd_fallback(void **state)
{
	struct virtio_dev *d;
	struct fx *f;

	(void)state;
	f = fx_dev_all("virtio-rng", NULL, false, -1, true);
	d = f->dm.dev[0].state;
	irqfd_fails = true;
	ioeventfds = 0;
	assert_int_equal(devmgr_start(&f->dm), 0);
	irqfd_fails = false;
	assert_false(d->notifier_running);
	assert_int_equal(d->kick_fd[0], -1);
	assert_int_equal(ioeventfds, 0);
	bring_up(f, QSIZE);
	set_desc(f, 0, BUF, 64, VRING_DESC_F_WRITE, 0);
	offer(f, 0);		/* an exit: served at once */
	assert_int_equal(used_idx(f), 1);
	devmgr_stop(&f->dm);
	fx_free(f);
}

/* Waits (10 s at most) for cond(f) to hold; whether it did. */
static bool wait_for(struct fx *f, bool (*cond)(struct fx *f))
{
	struct timespec end, now, tick = { 0, 100000 };

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += 10;
	while (!cond(f)) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > end.tv_sec ||
		    (now.tv_sec == end.tv_sec && now.tv_nsec > end.tv_nsec))
			return false;
		nanosleep(&tick, NULL);
	}
	return true;
}

/* every buffer the driver added is used */
static bool served_all(struct fx *f)
{
	return __atomic_load_n(&((uint16_t *)(f->ram + USED))[1],
			       __ATOMIC_ACQUIRE) == f->avail_idx;
}

/* whether a driver adding one buffer now would be asked to notify */
static bool notifications_on(struct fx *f)
{
	return driver_notifies(f, f->avail_idx, f->avail_idx + 1);
}

static bool notifications_off(struct fx *f)
{
	return !notifications_on(f);
}

/*
 * Adds the chain at head as an EVENT_IDX driver with an ioeventfd does
 * (Linux's virtqueue_add, then virtqueue_kick_prepare): publishes the
 * index, then reads avail_event (both sequentially consistent, as the
 * poller does the mirror) and notifies only if the device asked. Counts
 * the notifications in *kicked; whether it notified.
 */
static bool add_buf(struct fx *f, struct virtio_dev *d, uint16_t head,
		    unsigned int *kicked)
{
	uint16_t old = f->avail_idx;

	__atomic_store_n(&avail(f)[2 + old % QSIZE], head, __ATOMIC_RELAXED);
	f->avail_idx++;
	__atomic_store_n(&avail(f)[1], f->avail_idx, __ATOMIC_SEQ_CST);
	if (!driver_notifies(f, old, f->avail_idx))
		return false;
	assert_int_equal(eventfd_write(d->kick_fd[0], 1), 0);
	(*kicked)++;
	return true;
}

/* the statistics report's "polling" */
static void find_polling(void *ctx, const char *name, uint64_t v)
{
	if (!strcmp(name, "polling"))
		*(uint64_t *)ctx = v;
}

/* buffers added while the poller goes idle, in the third part below */
#define RACE_BUFS	256
#define RACE_STEP_NS	2000

/*
 * --polling with eventfds. The poller, held busy, has notifications off:
 * it takes a buffer the driver was told not to notify. Let idle, it
 * turns them back on and sleeps; the next buffer's notification (an
 * ioeventfd kick) wakes it. Then buffers added as it goes idle (after
 * idle periods from 0 to RACE_BUFS * RACE_STEP_NS, so that they land
 * before, while and after it turns notifications on), each notified only
 * if the device asked: none may be lost.
 */
static void test_polling(void **state)
{
	unsigned int i, kicked = 0;
	struct virtio_dev *d;
	uint64_t polling;
	struct fx *f;
	eventfd_t v;

	(void)state;
	f = fx_dev_all("virtio-rng", NULL, false, -1, true);
	d = f->dm.dev[0].state;
	bring_up_with(f, QSIZE, 1u << VIRTIO_RING_F_EVENT_IDX);
	d->poll_idle_ns = UINT64_MAX;		/* busy until told otherwise */
	assert_int_equal(devmgr_start(&f->dm), 0);
	assert_true(d->notifier_running);
	set_desc(f, 0, BUF, 64, VRING_DESC_F_WRITE, 0);
	set_desc(f, 1, BUF + 64, 64, VRING_DESC_F_WRITE, 0);
	/* the poller's first pass turns notifications off, for good */
	assert_true(wait_for(f, notifications_off));
	assert_false(add_buf(f, d, 0, &kicked));
	assert_true(wait_for(f, served_all));
	assert_int_equal(eventfd_read(d->irq_fd, &v), 0);	/* interrupt */
	pthread_mutex_lock(&d->lock);
	assert_int_equal(d->qstats[0].polls, 1);	/* found, not kicked */
	assert_int_equal(d->qstats[0].kicks, 0);
	pthread_mutex_unlock(&d->lock);
	/* idle: notifications on, and the driver must notify */
	__atomic_store_n(&d->poll_idle_ns, 0, __ATOMIC_RELAXED);
	assert_true(wait_for(f, notifications_on));
	assert_true(add_buf(f, d, 1, &kicked));
	assert_true(wait_for(f, served_all));
	/* the race: a spec-abiding driver's buffers are all served */
	for (i = 0; i < RACE_BUFS; i++) {
		__atomic_store_n(&d->poll_idle_ns, (uint64_t)i * RACE_STEP_NS,
				 __ATOMIC_RELAXED);
		add_buf(f, d, i % 2, &kicked);
		assert_true(wait_for(f, served_all));
	}
	devmgr_stop(&f->dm);
	assert_int_equal(d->qstats[0].notifies, 0);	/* no exit */
	assert_true(d->qstats[0].polls >= 1);
	assert_true(d->qstats[0].kicks <= kicked);
	assert_int_equal(d->qstats[0].requests, 2 + RACE_BUFS);
	polling = 2;
	virtio_stats(d, find_polling, &polling);	/* after the stop */
	assert_int_equal(polling, 1);
	fx_free(f);
}

/* the poller read the notifications the test made (d->lock held) */
static unsigned int want_kicks;

static bool kicks_read(struct fx *f)
{
	struct virtio_dev *d = f->dm.dev[0].state;
	bool read;

	pthread_mutex_lock(&d->lock);
	read = d->qstats[0].kicks == want_kicks;
	pthread_mutex_unlock(&d->lock);
	return read;
}

/*
 * A stopping VM takes no more chains: with a buffer it may not take, the
 * poller sleeps on its eventfds instead of finding that "work" again and
 * again (spinning through the stop, counting polls); a notification
 * still wakes it, each of two in turn.
 */
static void test_polling_stopping(void **state)
{
	struct virtio_dev *d;
	struct fx *f;

	(void)state;
	f = fx_dev_all("virtio-rng", NULL, false, -1, true);
	d = f->dm.dev[0].state;
	bring_up_with(f, QSIZE, 1u << VIRTIO_RING_F_EVENT_IDX);
	assert_int_equal(devmgr_start(&f->dm), 0);
	set_desc(f, 0, BUF, 64, VRING_DESC_F_WRITE, 0);
	vm_request_stop(&f->vm, ST_OK);
	__atomic_store_n(&avail(f)[2], 0, __ATOMIC_RELAXED);
	__atomic_store_n(&avail(f)[1], 1, __ATOMIC_SEQ_CST);
	for (want_kicks = 1; want_kicks <= 2; want_kicks++) {
		assert_int_equal(eventfd_write(d->kick_fd[0], 1), 0);
		assert_true(wait_for(f, kicks_read));
	}
	devmgr_stop(&f->dm);
	assert_int_equal(used_idx(f), 0);		/* nothing taken */
	assert_int_equal(d->qstats[0].requests, 0);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity_and_negotiation),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_bad_buffers),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_broken_rings),
		cmocka_unit_test(test_bad_setup),
		cmocka_unit_test(test_blk),
		cmocka_unit_test(test_blk_missing),
		cmocka_unit_test(test_blk_fifo),
		cmocka_unit_test(test_net),
		cmocka_unit_test(test_net_dead_tap),
		cmocka_unit_test(test_suppression),
		cmocka_unit_test(test_event_idx),
		cmocka_unit_test(test_polling),
		cmocka_unit_test(test_polling_stopping),
		cmocka_unit_test(test_irqfd_fallback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
