/*
 * VM and vCPU plumbing for the KVM backend, architecture-neutral: the
 * guest's page tables, registers and code come from kvm_guest_<arch>.c.
 */
#include "kvm_vm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kvm_compat.h"

int sf_kvm_vm_open(struct sf_kvm_vm *vm, char *err, size_t n)
{
	memset(vm, 0, sizeof(*vm));
	vm->vm_fd = -1;
	vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0) {
		snprintf(err, n, "/dev/kvm: %s", strerror(errno));
		return -1;
	}
	if (ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
		snprintf(err, n, "/dev/kvm: unexpected KVM API version");
		goto fail;
	}
	vm->run_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->run_size <= 0 || vm->vm_fd < 0) {
		snprintf(err, n, "KVM_CREATE_VM: %s", strerror(errno));
		goto fail;
	}
	if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_MEMORY_FAULT_INFO) > 0) {
		struct kvm_enable_cap cap = { .cap = KVM_CAP_MEMORY_FAULT_INFO };

		vm->memfault_info = ioctl(vm->vm_fd, KVM_ENABLE_CAP, &cap) == 0;
	}
	vm->low = mmap(NULL, SF_KVM_LOW_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vm->low == MAP_FAILED) {
		vm->low = NULL;
		snprintf(err, n, "guest memory: %s", strerror(errno));
		goto fail;
	}
	/*
	 * The guest's own memory (rings, code, stacks, page tables) is plumbing,
	 * not under test: a fork must not make it copy-on-write, or a kernel
	 * that loses KVM invalidations breaks the backend instead of failing a
	 * verdict. Refused, the run would test its own tool: fail the open.
	 */
	if (madvise(vm->low, SF_KVM_LOW_SIZE, MADV_DONTFORK)) {
		snprintf(err, n, "guest memory MADV_DONTFORK: %s", strerror(errno));
		goto fail;
	}
	if (sf_kvm_set_region(vm, 0, 0, vm->low, SF_KVM_LOW_SIZE, 0) < 0) {
		snprintf(err, n, "KVM_SET_USER_MEMORY_REGION(0): %s", strerror(errno));
		goto fail;
	}
	return 0;
fail:
	sf_kvm_vm_close(vm);
	return -1;
}

void sf_kvm_vm_close(struct sf_kvm_vm *vm)
{
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	if (vm->low)
		munmap(vm->low, SF_KVM_LOW_SIZE);
	vm->vm_fd = vm->kvm_fd = -1;
	vm->low = NULL;
}

int sf_kvm_set_region(struct sf_kvm_vm *vm, uint32_t slot, uint64_t gpa, void *hva,
		      uint64_t size, uint32_t flags)
{
	struct kvm_userspace_memory_region r = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uint64_t)(uintptr_t)hva,
	};

	return ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &r) < 0 ? -errno : 0;
}

void sf_kvm_load_code(struct sf_kvm_vm *vm, const uint8_t *code, size_t len)
{
	memcpy(vm->low + SF_KVM_CODE_GPA, code, len);
}

int sf_kvm_vcpu_open(struct sf_kvm_vm *vm, struct sf_kvm_vcpu *v, unsigned id, char *err, size_t n)
{
	v->run = NULL;
	v->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, id);
	if (v->fd < 0) {
		snprintf(err, n, "KVM_CREATE_VCPU %u: %s", id, strerror(errno));
		return -1;
	}
	v->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED) {
		v->run = NULL;
		snprintf(err, n, "mmap kvm_run: %s", strerror(errno));
		goto fail;
	}
	/* shared with KVM, so fork cannot make it diverge; still, a child has no use for it */
	if (madvise(v->run, vm->run_size, MADV_DONTFORK)) {
		snprintf(err, n, "kvm_run MADV_DONTFORK: %s", strerror(errno));
		goto fail;
	}
	return 0;
fail:
	sf_kvm_vcpu_close(vm, v);
	return -1;
}

void sf_kvm_vcpu_close(struct sf_kvm_vm *vm, struct sf_kvm_vcpu *v)
{
	if (v->run)
		munmap(v->run, vm->run_size);
	if (v->fd >= 0)
		close(v->fd);
	v->run = NULL;
	v->fd = -1;
}
