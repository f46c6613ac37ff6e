// SPDX-License-Identifier: GPL-2.0
/*
 * SIMVIRTIO as a hostile guest drives it: register accesses through the
 * bus, with the queue pages, their indices and the device table in guest
 * RAM written by the input between accesses, and polling passes. The
 * device is built as kvmini builds it (the device manager, --rx parsed
 * as an option) on a VM without KVM: the ioctl wrap lets its queue pages
 * be added as guest memory. What it prints goes to stdout (/dev/null).
 *
 * Input: one byte of flags (bit 0: polling mode), then operations, each
 * an opcode byte and its operands (see the switch below).
 */
#include <stdbool.h>
#include <sys/mman.h>


#include "arch.h"
#include "compiler.h"
#include "config.h"
#include "devices/simvirtio_dev.h"
#include "devmgr.h"
#include "devmgr_create.h"
#include "kvmini/simqueue.h"
#include "status.h"
#include "vm.h"

#include "fuzz.h"

#define BASE		KVMINI_SIMVIRTIO_BASE
#define RAM		0x1000
#define DEVTABLE	(KVMINI_DEVTABLE_ADDR - KVMINI_RAM_BASE)
#define QMEM		(SV_NR_QUEUES * SV_QUEUE_PAGE)
#define MAX_OPS		256

static const struct device_row rows[] = {
	{ "simvirtio", .at = { BUS_MMIO, BASE, SV_WINDOW, DEV_NO_IRQ } },
	{ NULL },
};

static uint8_t ram[RAM];
static uint8_t *qmem;		/* the queue pages the device added */
static struct vm vm;
static struct devmgr dm;

/* the registers, so that most accesses hit one */
static const struct {
	uint8_t off, len;
} regs[] = {
	{ SV_REG_MAGIC, 4 }, { SV_REG_MAX_QUEUE_LEN, 2 },
	{ SV_REG_DEVICE_STATUS, 1 }, { SV_REG_DRIVER_STATUS, 1 },
	{ SV_REG_QUEUE_SEL, 1 }, { SV_REG_Q0_CTL, 1 }, { SV_REG_Q1_CTL, 1 },
};

static void reg_access(struct fz *f, bool write)
{
	uint8_t sel = fz_u8(f);
	uint64_t off, val = 0;
	unsigned int len;

	if (sel < 0xc0) {
		off = regs[sel % ARRAY_SIZE(regs)].off;
		len = regs[sel % ARRAY_SIZE(regs)].len;
	} else {
		off = fz_u16(f) % SV_CONFIG_SIZE;
		len = fz_len(f);
	}
	if (write)
		val = fz_u8(f) < 0x80 ? fz_u8(f) : fz_u64(f);
	bus_access(&vm.bus, BUS_MMIO, BASE + off, &val, len, write);
}

/* A driver's send: n bytes into TX at its head, then the new head. */
static void send(struct fz *f)
{
	struct sv_queue_ctrl *c = (struct sv_queue_ctrl *)qmem;
	uint8_t *buf = qmem + SV_QUEUE_BUF;
	uint32_t head = c->head, n = fz_u8(f) % 16;

	while (n--) {
		if (head >= SV_QUEUE_LEN)
			break;
		buf[head] = fz_u8(f);
		head = simq_next(head, SV_QUEUE_LEN);
	}
	c->head = head;
}

static void run(struct fz *f, struct simvirtio *sv)
{
	struct sv_device_table *t = (void *)(ram + DEVTABLE);
	struct sv_queue_ctrl *c;
	unsigned int ops = 0, off, n;

	while (f->n && ops++ < MAX_OPS) {
		switch (fz_u8(f) % 9) {
		case 0:
			reg_access(f, false);
			break;
		case 1:
		case 2:
			reg_access(f, true);
			break;
		case 3:		/* an index of a queue, mostly near range */
			c = (void *)(qmem + (fz_u8(f) & 1) * SV_QUEUE_PAGE);
			n = fz_u8(f);
			off = n & 0x80 ? fz_u32(f) : fz_u16(f) % (SV_QUEUE_LEN + 8);
			if (n & 1)
				c->head = off;
			else
				c->tail = off;
			break;
		case 4:
			send(f);
			break;
		case 5:		/* raw bytes anywhere in the queue pages */
			off = fz_u16(f) % QMEM;
			fz_bytes(f, qmem + off, fz_u8(f) % (QMEM - off + 1));
			break;
		case 6:		/* the device table, as the guest may scribble */
			t->count = fz_u8(f) < 0xf0 ? fz_u8(f) % 12 : fz_u16(f);
			t->device_addresses[fz_u8(f) % SV_DEVTABLE_MAX] =
				fz_u8(f) & 1 ? BASE : fz_u64(f);
			break;
		case 7:
			simvirtio_poll(sv);
			break;
		case 8:		/* the handshake, to start deep */
			c = (void *)qmem;
			qmem[SV_QUEUE_BUF + c->head % SV_QUEUE_LEN] = SV_CMD_RESET;
			c->head = simq_next(c->head % SV_QUEUE_LEN, SV_QUEUE_LEN);
			bus_access(&vm.bus, BUS_MMIO, BASE + SV_REG_Q0_CTL,
				   &(uint8_t){ SV_QCTL_NOTIFY }, 1, true);
			bus_access(&vm.bus, BUS_MMIO, BASE + SV_REG_DRIVER_STATUS,
				   &(uint8_t){ SV_DRIVER_ACK }, 1, true);
			qmem[SV_QUEUE_BUF + c->head % SV_QUEUE_LEN] = SV_CMD_CONFIG;
			c->head = simq_next(c->head % SV_QUEUE_LEN, SV_QUEUE_LEN);
			bus_access(&vm.bus, BUS_MMIO, BASE + SV_REG_Q0_CTL,
				   &(uint8_t){ SV_QCTL_NOTIFY }, 1, true);
			bus_access(&vm.bus, BUS_MMIO, BASE + SV_REG_DRIVER_STATUS,
				   &(uint8_t){ SV_DRIVER_OK }, 1, true);
			break;
		}
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_quiet_stdout();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	struct device_env env = { .polling = fz_u8(&f) & 1 };
	char name[] = "kvmini", opt[] = "--rx", text[] = "hi";
	char *argv[4] = { name, opt, text, NULL };
	struct config cfg;

	config_defaults(&cfg);
	if (config_parse(&cfg, 3, argv) != ST_OK)
		abort();
	memset(ram, 0, sizeof(ram));
	memset(&vm, 0, sizeof(vm));
	vm.fd = -1;
	vm.kvm_fd = -1;
	vm.slots[0] = (struct vm_slot){ KVMINI_RAM_BASE, RAM, ram };
	vm.nr_slots = 1;
	if (devmgr_create(&dm, rows, &vm, &env) < 0 || dm.nr != 1)
		abort();
	qmem = vm_gpa(&vm, BASE + SV_CONFIG_SIZE, QMEM);
	if (!qmem)
		abort();
	run(&f, dm.dev[0].state);
	/* what the guest left queued, as kvmini's stop drains it */
	devmgr_stop(&dm);
	devmgr_destroy(&dm);
	munmap(vm.slots[1].hva, vm.slots[1].size);	/* fresh pages each */
	return 0;
}
