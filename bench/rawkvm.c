// SPDX-License-Identifier: GPL-2.0
/*
 * rawkvm: the smallest KVM program that runs make bench's smallest guest,
 * the raw floor of its whole-process figures (bench.c): start to exit,
 * peak RSS, first KVM_RUN and churn.
 *
 * One VM (with the TSS address real mode needs on some Intel CPUs), one
 * memory slot of 2 MiB at guest physical 0 (kvmini's default RAM), one
 * vCPU in real mode; a flat real-mode binary loaded at 0x8000, entered
 * there with sp = 0x8000 (docs/guest-abi.md). The KVM_RUN loop
 * handles only what that guest does: bytes out on the debug port 0xe9
 * (to stdout) and HLT. At HLT the result is checked as kvmini checks it
 * (42 in rax and at 0x400), so that a run that passes did all its work.
 *
 * Usage: rawkvm FLAT_BINARY; exit status 0 if the guest passed.
 */
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define MEM_SIZE	(2u << 20)
#define LOAD_ADDR	0x8000
#define DEBUG_PORT	0xe9
#define RESULT_ADDR	0x400
#define TSS_ADDR	0xfffbd000	/* 3 pages below 4 GiB, as kvmini */

static int fail(const char *what)
{
	perror(what);
	return 2;
}

int main(int argc, char **argv)
{
	struct kvm_userspace_memory_region slot = {
		.guest_phys_addr = 0, .memory_size = MEM_SIZE,
	};
	struct kvm_regs regs = {
		.rip = LOAD_ADDR, .rsp = LOAD_ADDR, .rflags = 2,
	};
	struct kvm_sregs sregs;
	struct kvm_run *run;
	int kvm, vm, vcpu, fd;
	uint64_t result;
	uint8_t *mem;
	ssize_t n;

	if (argc != 2) {
		fputs("usage: rawkvm FLAT_BINARY\n", stderr);
		return 2;
	}
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return fail("/dev/kvm");
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		return fail("KVM_CREATE_VM");
	/* Intel without unrestricted guest needs it for real mode */
	if (ioctl(vm, KVM_SET_TSS_ADDR, TSS_ADDR) < 0)
		return fail("KVM_SET_TSS_ADDR");
	mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED)
		return fail("mmap");
	slot.userspace_addr = (uintptr_t)mem;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &slot) < 0)
		return fail("KVM_SET_USER_MEMORY_REGION");

	fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		return fail(argv[1]);
	n = read(fd, mem + LOAD_ADDR, MEM_SIZE - LOAD_ADDR);
	if (n <= 0)
		return fail(argv[1]);
	close(fd);

	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		return fail("KVM_CREATE_VCPU");
	run = mmap(NULL, ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0),
		   PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		return fail("mmap kvm_run");
	/* reset state but cs = 0:0 instead of f000:fff0 */
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		return fail("KVM_GET_SREGS");
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0 ||
	    ioctl(vcpu, KVM_SET_REGS, &regs) < 0)
		return fail("KVM_SET_SREGS/REGS");

	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0)
			return fail("KVM_RUN");
		if (run->exit_reason == KVM_EXIT_HLT)
			break;
		if (run->exit_reason != KVM_EXIT_IO ||
		    run->io.port != DEBUG_PORT ||
		    run->io.direction != KVM_EXIT_IO_OUT) {
			fprintf(stderr, "rawkvm: unexpected exit %u\n",
				run->exit_reason);
			return 2;
		}
		fwrite((char *)run + run->io.data_offset, run->io.size,
		       run->io.count, stdout);
	}
	if (ioctl(vcpu, KVM_GET_REGS, &regs) < 0)
		return fail("KVM_GET_REGS");
	memcpy(&result, mem + RESULT_ADDR, sizeof(result));
	return regs.rax == 42 && result == 42 ? 0 : 1;
}
