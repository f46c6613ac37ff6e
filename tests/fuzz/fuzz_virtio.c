// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-mmio transport and the virtio devices (rng, blk on an image
 * in memory, net over a datagram socket pair as its tap) as a hostile
 * driver drives them: register accesses, descriptor tables and rings in
 * guest RAM written by the input, notifications, and for net frames
 * arriving from the "tap" into whatever receive buffers the rings offer.
 *
 * The notifier thread's steps run here in turn with the rest: a --polling
 * pass over the rings, and waking on the notifications (eventfds) the
 * input signals.
 *
 * Input: a byte choosing the device and its options, then operations,
 * each an opcode byte and its operands (see run() below). virtio_net.c
 * and virtio/notifier.c are included: the receive path (deliver) and the
 * notifier's steps (poll_pass, wait_kicks) are otherwise only reachable
 * from their threads, which a fuzzer cannot schedule.
 *
 * The VM stops when the input asks, and after STOP_AFTER looks at the
 * stop in one input: a ring can refill itself for ever, and kvmini then
 * serves it, batch by batch, until the run ends (docs/security.md).
 */
#include <linux/virtio_blk.h>
#include <linux/virtio_config.h>
#include <linux/virtio_mmio.h>
#include <linux/virtio_ring.h>
#include <stdbool.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "compiler.h"
#include "config.h"
#include "devmgr.h"
#include "devmgr_create.h"
#include "virtio/mmio.h"
#include "vm.h"

#include "devices/virtio_net.c"
#include "virtio/mmio.c"
#include "virtio/notifier.c"

#include "fuzz.h"

#define BASE		0x10000000ULL
#define RAM		0x10000
#define SECTORS		64
#define MAX_OPS		256
#define REQ_AT		0xe000	/* where request builders put buffers */

enum { DEV_RNG, DEV_BLK, DEV_NET, NR_DEVS };

static const char *const dev_names[NR_DEVS] = {
	"virtio-rng", "virtio-blk", "virtio-net",
};

/* the driver's view of each queue it set up */
struct hq {
	uint16_t size;
	uint64_t desc, avail, used;
	uint16_t avail_idx;
};

#define STOP_AFTER	100000

static uint8_t *ram;
static int image_fd = -1;
static char image_path[64];
static uint8_t image_init[SECTORS * 512];
static struct vm vm;
static struct devmgr dm;
static struct hq hq[VIRTIO_MAX_QUEUES];
static int tap[2] = { -1, -1 };

int __wrap_arch_set_irq(struct vm *v, unsigned int irq, int level)
{
	(void)v;
	(void)irq;
	(void)level;
	return 0;
}

static const uint16_t regs[] = {
	VIRTIO_MMIO_MAGIC_VALUE, VIRTIO_MMIO_VERSION, VIRTIO_MMIO_DEVICE_ID,
	VIRTIO_MMIO_VENDOR_ID, VIRTIO_MMIO_DEVICE_FEATURES,
	VIRTIO_MMIO_DEVICE_FEATURES_SEL, VIRTIO_MMIO_DRIVER_FEATURES,
	VIRTIO_MMIO_DRIVER_FEATURES_SEL, VIRTIO_MMIO_QUEUE_SEL,
	VIRTIO_MMIO_QUEUE_NUM_MAX, VIRTIO_MMIO_QUEUE_NUM,
	VIRTIO_MMIO_QUEUE_READY, VIRTIO_MMIO_QUEUE_NOTIFY,
	VIRTIO_MMIO_INTERRUPT_STATUS, VIRTIO_MMIO_INTERRUPT_ACK,
	VIRTIO_MMIO_STATUS, VIRTIO_MMIO_QUEUE_DESC_LOW,
	VIRTIO_MMIO_QUEUE_DESC_HIGH, VIRTIO_MMIO_QUEUE_AVAIL_LOW,
	VIRTIO_MMIO_QUEUE_AVAIL_HIGH, VIRTIO_MMIO_QUEUE_USED_LOW,
	VIRTIO_MMIO_QUEUE_USED_HIGH, VIRTIO_MMIO_CONFIG_GENERATION,
	VIRTIO_MMIO_CONFIG, VIRTIO_MMIO_CONFIG + 4, VIRTIO_MMIO_CONFIG + 8,
	VIRTIO_MMIO_CONFIG + 12,
};

static uint32_t rd(uint64_t off, unsigned int len)
{
	uint64_t v = 0;

	bus_access(&vm.bus, BUS_MMIO, BASE + off, &v, len, false);
	return (uint32_t)v;
}

static void wr(uint64_t off, uint32_t v)
{
	uint64_t val = v;

	bus_access(&vm.bus, BUS_MMIO, BASE + off, &val, 4, true);
}

/* A register (mostly a real one, at its width) and an access to it. */
static void reg_access(struct fz *f, bool write)
{
	uint8_t sel = fz_u8(f);
	uint64_t off, val;
	unsigned int len = 4;

	if (sel < 0xe0) {
		off = regs[sel % ARRAY_SIZE(regs)];
	} else {
		off = fz_u16(f) % 0x1000;
		len = fz_len(f);
	}
	if (!write) {
		rd(off, len);
		return;
	}
	val = fz_u8(f) < 0xc0 ? fz_u8(f) : fz_u32(f);
	bus_access(&vm.bus, BUS_MMIO, BASE + off, &val, len, true);
}

/*
 * The Linux driver's bring-up of queue q with a size and a place in RAM
 * from the input, offering the features the input keeps.
 */
static void bring_up(struct fz *f)
{
	unsigned int q = fz_u8(f) % VIRTIO_MAX_QUEUES;
	uint32_t feat = fz_u32(f);
	struct hq *h = &hq[q];
	uint64_t at = (fz_u8(f) % 6) * 0x2000;

	h->size = 1u << (fz_u8(f) % 10);	/* 1..512: 512 is refused */
	h->desc = at;
	h->avail = at + 0x1000;
	h->used = at + 0x1400;
	h->avail_idx = 0;
	if (fz_u8(f) & 1) {
		wr(VIRTIO_MMIO_STATUS, 0);
		wr(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE);
		wr(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE |
		   VIRTIO_CONFIG_S_DRIVER);
		wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
		wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
		wr(VIRTIO_MMIO_DRIVER_FEATURES,
		   feat & rd(VIRTIO_MMIO_DEVICE_FEATURES, 4));
		wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
		wr(VIRTIO_MMIO_DRIVER_FEATURES, 1);	/* VERSION_1 */
		wr(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE |
		   VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK);
	}
	wr(VIRTIO_MMIO_QUEUE_SEL, q);
	wr(VIRTIO_MMIO_QUEUE_NUM, h->size);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)h->desc);
	wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	wr(VIRTIO_MMIO_QUEUE_AVAIL_LOW, (uint32_t)h->avail);
	wr(VIRTIO_MMIO_QUEUE_AVAIL_HIGH, 0);
	wr(VIRTIO_MMIO_QUEUE_USED_LOW, (uint32_t)h->used);
	wr(VIRTIO_MMIO_QUEUE_USED_HIGH, 0);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE |
	   VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK |
	   VIRTIO_CONFIG_S_DRIVER_OK);
}

/* queue q's descriptor i, where the driver put its table */
static struct vring_desc_le *desc(unsigned int q, unsigned int i)
{
	uint64_t at = hq[q].desc + 16ULL * i;

	return at + 16 <= RAM ? (struct vring_desc_le *)(ram + at) : NULL;
}

static void set_desc(unsigned int q, unsigned int i, uint64_t addr,
		     uint32_t len, uint16_t flags, uint16_t next)
{
	struct vring_desc_le *d = desc(q, i);

	if (d)
		*d = (struct vring_desc_le){ addr, len, flags, next };
}

static void fuzz_desc(struct fz *f)
{
	unsigned int q = fz_u8(f) % VIRTIO_MAX_QUEUES;
	uint16_t size = hq[q].size ? hq[q].size : 1;
	unsigned int i = fz_u8(f) % size;
	uint8_t m = fz_u8(f);
	uint64_t addr = m & 1 ? fz_u64(f) : fz_u16(f) % RAM;
	uint32_t len = m & 2 ? fz_u32(f) : fz_u16(f) % 0x2000;
	uint16_t flags = m & 4 ? fz_u16(f) : fz_u8(f) & 7;
	uint16_t next = m & 8 ? fz_u16(f) : fz_u8(f) % size;

	set_desc(q, i, addr, len, flags, next);
}

/* Puts head in queue q's available ring, publishes it and notifies. */
static void offer(unsigned int q, uint16_t head, bool kick)
{
	struct hq *h = &hq[q];
	uint16_t size = h->size ? h->size : 1;
	uint64_t slot = h->avail + 4 + 2ULL * (h->avail_idx % size);

	if (slot + 2 <= RAM && h->avail + 4 <= RAM) {
		memcpy(ram + slot, &head, 2);
		h->avail_idx++;
		memcpy(ram + h->avail + 2, &h->avail_idx, 2);
	}
	if (kick)
		wr(VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

/*
 * A block request as Linux builds one: header, data and status buffers
 * in a chain of three (two without data) from descriptor i.
 */
static void blk_request(struct fz *f)
{
	static const uint32_t types[] = {
		VIRTIO_BLK_T_IN, VIRTIO_BLK_T_OUT, VIRTIO_BLK_T_FLUSH,
		VIRTIO_BLK_T_GET_ID,
	};
	uint8_t m = fz_u8(f);
	struct virtio_blk_outhdr h = {
		.type = m & 0x80 ? fz_u32(f) : types[m & 3],
		.sector = m & 0x40 ? fz_u64(f) : fz_u8(f) % (SECTORS + 2),
	};
	uint16_t size = hq[0].size ? hq[0].size : 1;
	uint16_t i = fz_u8(f) % size, n = i;
	uint32_t len = (fz_u8(f) % 5) * 512;
	bool in = h.type == VIRTIO_BLK_T_IN || h.type == VIRTIO_BLK_T_GET_ID;

	if (m & 0x20)
		len = fz_u16(f) % 0x1000;
	memcpy(ram + REQ_AT, &h, sizeof(h));
	set_desc(0, n, REQ_AT, sizeof(h), VRING_DESC_F_NEXT, (n + 1) % size);
	n = (n + 1) % size;
	if (len) {
		set_desc(0, n, REQ_AT + 0x200, len, VRING_DESC_F_NEXT |
			 (in ? VRING_DESC_F_WRITE : 0), (n + 1) % size);
		n = (n + 1) % size;
	}
	set_desc(0, n, REQ_AT + 0x100, 1, VRING_DESC_F_WRITE, 0);
	offer(0, i, true);
}

/* A frame from the tap, delivered as the receive thread would. */
static void net_frame(struct fz *f)
{
	struct virtio_net *n = (struct virtio_net *)dm.dev[0].state;
	size_t len = fz_u16(f) % 2048;

	len = fz_bytes(f, n->frame, len);
	pthread_mutex_lock(&n->vd.lock);
	n->frame_len = len;
	if (n->frame_len && deliver(n))
		n->frame_len = 0;
	pthread_mutex_unlock(&n->vd.lock);
}

static void net_drain(void)
{
	char buf[2048];

	while (recv(tap[0], buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

/* The eventfds virtio_start() would have KVM signal, made here once. */
static struct virtio_dev *with_eventfds(void)
{
	struct virtio_dev *d = dm.dev[0].state;	/* each device's first member */
	unsigned int q;

	if (d->stop_fd >= 0)
		return d;
	for (q = 0; q < d->be->nr_queues; q++)
		d->kick_fd[q] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	d->irq_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	d->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	for (q = 0; q < d->be->nr_queues; q++)
		if (d->kick_fd[q] < 0)
			abort();
	if (d->irq_fd < 0 || d->stop_fd < 0)
		abort();
	return d;
}

/*
 * The notifier thread's steps: a --polling pass (notifications off and
 * serving, or back on when idle), or a wake-up on the kicks the input
 * signals (none: the stop, so that the wait returns).
 */
static void notifier_step(struct fz *f)
{
	struct virtio_dev *d = with_eventfds();
	uint8_t m = fz_u8(f);
	unsigned int q;
	bool kicked = false;
	eventfd_t v;

	if (m & 0x80) {
		d->polling = true;
		poll_pass(d, m & 1);
		return;
	}
	if (m & 0x40) {		/* the run ends (--timeout...), or goes on */
		if (m & 1)
			vm_request_stop(&vm, ST_TIMEOUT);
		else
			vm.stop = 0;
		return;
	}
	for (q = 0; q < d->be->nr_queues; q++) {
		if (m & (1u << q)) {
			eventfd_write(d->kick_fd[q], 1);
			kicked = true;
		}
	}
	if (!kicked)
		eventfd_write(d->stop_fd, 1);
	wait_kicks(d);
	eventfd_read(d->stop_fd, &v);	/* EAGAIN unless it was the stop */
}

static unsigned int stop_looks;

/* vm_stopping(), as vm.c has it, or the input's bound reached */
bool __wrap_vm_stopping(const struct vm *vm)
{
	return __atomic_load_n(&vm->stop, __ATOMIC_ACQUIRE) ||
	       ++stop_looks > STOP_AFTER;
}

static void run(struct fz *f, int dev)
{
	unsigned int ops = 0, q;
	uint8_t op;
	uint16_t v;
	uint64_t at;

	while (f->n && ops++ < MAX_OPS) {
		op = fz_u8(f);
		if (op >= 0xf8) {	/* 0xf8 on: added last, leaving 0-11 as they were */
			notifier_step(f);
			continue;
		}
		switch (op % 12) {
		case 0:
			reg_access(f, false);
			break;
		case 1:
			reg_access(f, true);
			break;
		case 2:
			bring_up(f);
			break;
		case 3:
		case 4:
			fuzz_desc(f);
			break;
		case 5:		/* a head, mostly in range */
			q = fz_u8(f);
			v = q & 0x80 ? fz_u16(f) : fz_u8(f) % (hq[q & 1].size + 1);
			offer(q & 1, v, !(q & 0x40));
			break;
		case 6:		/* raw bytes anywhere in RAM */
			at = fz_u16(f) % RAM;
			fz_bytes(f, ram + at, fz_u8(f) % (RAM - at + 1));
			break;
		case 7:		/* an avail field: flags, idx, used_event */
			q = fz_u8(f) & 1;
			at = hq[q].avail + (fz_u8(f) & 1 ?
				2 + 2ULL * (hq[q].size + 2) : 2 * (fz_u8(f) % 2));
			v = fz_u16(f);
			if (at + 2 <= RAM)
				memcpy(ram + at, &v, 2);
			break;
		case 8:
			if (dev == DEV_BLK)
				blk_request(f);
			break;
		case 9:
			if (dev == DEV_NET)
				net_frame(f);
			break;
		case 10:
			if (dev == DEV_NET)
				net_drain();
			break;
		case 11:	/* an interrupt acknowledged */
			wr(VIRTIO_MMIO_INTERRUPT_ACK, rd(VIRTIO_MMIO_INTERRUPT_STATUS, 4));
			break;
		}
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned int i;

	(void)argc;
	(void)argv;
	fz_quiet_stdout();
	ram = malloc(RAM);
	/* the disk: an image in memory, sector i filled with i */
	image_fd = fz_memfd("kvmini-fuzz-disk", image_path, sizeof(image_path));
	if (!ram)
		abort();
	for (i = 0; i < SECTORS; i++)
		memset(image_init + i * 512, i, 512);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	uint8_t opt = fz_u8(&f);
	int dev = (opt & 0x7f) % NR_DEVS;
	const struct device_row rows[] = {
		{ dev_names[dev], .at = { BUS_MMIO, BASE, VIRTIO_MMIO_SIZE, 9 } },
		{ NULL },
	};
	static const struct device_env env;
	char name[] = "kvmini", disk[] = "--disk", net[] = "--net";
	char arg[sizeof(image_path) + 16], *argv[4] = { name, NULL, arg };
	struct config cfg;

	config_defaults(&cfg);
	if (dev == DEV_BLK) {
		if (ftruncate(image_fd, sizeof(image_init)) < 0 ||
		    pwrite(image_fd, image_init, sizeof(image_init), 0) !=
		    (ssize_t)sizeof(image_init))
			abort();
		snprintf(arg, sizeof(arg), "%s%s", image_path,
			 opt & 0x80 ? ",ro" : "");
		argv[1] = disk;
	}
	if (dev == DEV_NET) {
		if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, tap) < 0)
			abort();
		snprintf(arg, sizeof(arg), "fd=%d", tap[1]);
		argv[1] = net;
	}
	if (argv[1] && config_parse(&cfg, 3, argv) != ST_OK)
		abort();
	memset(ram, 0, RAM);
	memset(hq, 0, sizeof(hq));
	memset(&vm, 0, sizeof(vm));
	stop_looks = 0;
	vm.fd = -1;
	vm.kvm_fd = -1;
	vm.slots[0] = (struct vm_slot){ 0, RAM, ram };
	vm.nr_slots = 1;
	if (devmgr_create(&dm, rows, &vm, &env) < 0 || dm.nr != 1)
		abort();
	run(&f, dev);
	devmgr_stop(&dm);
	devmgr_destroy(&dm);
	if (dev == DEV_NET) {
		close(tap[0]);
		close(tap[1]);
	}
	return 0;
}
