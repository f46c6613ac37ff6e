// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "timeline.h"
#include "vm.h"

static int vm_set_slot(struct vm *vm, unsigned int i)
{
	struct kvm_userspace_memory_region r = {
		.slot = i,
		.guest_phys_addr = vm->slots[i].gpa,
		.memory_size = vm->slots[i].size,
		.userspace_addr = (uintptr_t)vm->slots[i].hva,
	};

	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &r) < 0)
		return err_sys("KVM_SET_USER_MEMORY_REGION");
	return 0;
}

void *vm_add_memory(struct vm *vm, uint64_t gpa, uint64_t size)
{
	struct vm_slot *s;
	void *p;

	if (vm->nr_slots == VM_MAX_SLOTS) {
		err_msg("too many memory slots");
		return NULL;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		err_sys("mmap guest memory");
		return NULL;
	}
	/* identical guest pages (zero pages, mostly) may be shared by KSM */
	if (madvise(p, size, MADV_MERGEABLE) < 0 && errno != EINVAL)
		err_sys("madvise MADV_MERGEABLE");
	s = &vm->slots[vm->nr_slots];
	*s = (struct vm_slot){ .gpa = gpa, .size = size, .hva = p };
	if (vm_set_slot(vm, vm->nr_slots) < 0) {
		munmap(p, size);
		return NULL;
	}
	vm->nr_slots++;
	return p;
}

void *vm_gpa(const struct vm *vm, uint64_t gpa, uint64_t len)
{
	const struct vm_slot *s;
	unsigned int i;

	for (i = 0; i < vm->nr_slots; i++) {
		s = &vm->slots[i];
		if (gpa >= s->gpa && gpa - s->gpa <= s->size &&
		    len <= s->size - (gpa - s->gpa))
			return (char *)s->hva + (gpa - s->gpa);
	}
	return NULL;
}

/* Where a user without a usable /dev/kvm can still run kvmini. */
#define EMULATED_HOST_HINT \
	"run it in the emulated KVM host (lab/kvm-host.sh in kvmini's source tree; README)"

static void report_unusable(const char *call, int err)
{
	err_msg("/dev/kvm is present but unusable: %s: %s; " EMULATED_HOST_HINT,
		call, strerror(err));
}

/* Opens /dev/kvm; on failure, one line that says why and what to do. */
static int kvm_open(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	switch (errno) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
		err_msg("no /dev/kvm: KVM is not loaded or this machine does not expose hardware virtualization; "
			EMULATED_HOST_HINT);
		break;
	case EACCES:
	case EPERM:
		err_msg("/dev/kvm: permission denied: add your user to the 'kvm' group (usermod -aG kvm USER, then log in again) or run as root");
		break;
	default:
		report_unusable("open", errno);
		break;
	}
	return -1;
}

int vm_create(struct vm *vm, uint64_t ram_base, uint64_t ram_size)
{
	int api;

	memset(vm, 0, sizeof(*vm));
	vm->fd = -1;
	vm->kvm_fd = kvm_open();
	if (vm->kvm_fd < 0)
		return -1;
	timeline_mark(TL_KVM_OPEN);
	api = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
	if (api != KVM_API_VERSION) {
		if (api < 0)
			report_unusable("KVM_GET_API_VERSION", errno);
		else
			err_msg("/dev/kvm is present but unusable: KVM API version %d, kvmini needs %d",
				api, KVM_API_VERSION);
		goto fail;
	}
	vm->run_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vm->run_size < (int)sizeof(struct kvm_run)) {
		report_unusable("KVM_GET_VCPU_MMAP_SIZE", vm->run_size < 0 ? errno : EINVAL);
		goto fail;
	}
	vm->fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->fd < 0) {
		report_unusable("KVM_CREATE_VM", errno);
		goto fail;
	}
	timeline_mark(TL_VM_CREATE);
	if (!vm_add_memory(vm, ram_base, ram_size))
		goto fail;
	timeline_mark(TL_MEMORY);
	return 0;
fail:
	vm_destroy(vm);
	return -1;
}

void vm_destroy(struct vm *vm)
{
	unsigned int i;

	/* the vCPUs' owner (vcpu.c) has destroyed them */
	if (vm->fd >= 0)
		close(vm->fd);
	vm->fd = -1;
	/* the VM fd is gone, so KVM no longer references this memory */
	for (i = 0; i < vm->nr_slots; i++)
		munmap(vm->slots[i].hva, vm->slots[i].size);
	vm->nr_slots = 0;
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	vm->kvm_fd = -1;
}

void vm_request_stop(struct vm *vm, int status)
{
	uint64_t t = now_ns();
	int expected = 0;

	if (__atomic_compare_exchange_n(&vm->stop, &expected, status + 1,
					false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE))
		__atomic_store_n(&vm->stop_at, t, __ATOMIC_RELEASE);
	if (vm->kick_all)
		vm->kick_all(vm);
}

bool vm_stopping(const struct vm *vm)
{
	return __atomic_load_n(&vm->stop, __ATOMIC_ACQUIRE) != 0;
}

int vm_stop_status(const struct vm *vm)
{
	return __atomic_load_n(&vm->stop, __ATOMIC_ACQUIRE) - 1;
}

uint64_t vm_stop_ns(const struct vm *vm, uint64_t end)
{
	uint64_t at = __atomic_load_n(&vm->stop_at, __ATOMIC_ACQUIRE);

	return at && end > at ? end - at : 0;
}
