/*
 * A tiny KVM library in the spirit of the kernel's KVM selftests: a VM
 * with private low memory (page tables, guest code, rings, stacks) and
 * vCPUs, in a few calls. Guest layout:
 *   0x1000..0x7fff  page tables (guest layer)
 *   0x8000          guest code
 *   0x10000         descriptor rings, one per vCPU (kvm_guest.h)
 *   0xc0000         stacks, growing down, one page per vCPU
 * Arena page p lives at guest-physical SF_KVM_ARENA_GPA + p * page size.
 */
#ifndef SF_KVM_VM_H
#define SF_KVM_VM_H
#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

#define SF_KVM_LOW_SIZE	  0x100000ull	/* slot 0: guest-private memory */
#define SF_KVM_CODE_GPA	  0x8000ull
#define SF_KVM_RING_GPA	  0x10000ull	/* + q * SF_KVM_RING_SIZE */
#define SF_KVM_RING_SIZE  0x2000ull
#define SF_KVM_STACK_GPA  0xc0000ull	/* top of vCPU q's stack: - q * 0x1000 */
#define SF_KVM_MAX_VCPUS  16
#define SF_KVM_ARENA_GPA  0x40000000ull

struct sf_kvm_vm {
	int kvm_fd, vm_fd;
	uint8_t *low;			/* host view of slot 0 */
	int run_size;
	int memfault_info;		/* KVM_CAP_MEMORY_FAULT_INFO enabled */
};

struct sf_kvm_vcpu {
	int fd;
	struct kvm_run *run;
};

/* 0 or -1 with a reason in err. */
int sf_kvm_vm_open(struct sf_kvm_vm *vm, char *err, size_t n);
void sf_kvm_vm_close(struct sf_kvm_vm *vm);
/* KVM_SET_USER_MEMORY_REGION; size 0 deletes. Returns 0 or -errno. */
int sf_kvm_set_region(struct sf_kvm_vm *vm, uint32_t slot, uint64_t gpa, void *hva,
		      uint64_t size, uint32_t flags);
/* Copies code to SF_KVM_CODE_GPA. */
void sf_kvm_load_code(struct sf_kvm_vm *vm, const uint8_t *code, size_t len);
/* A vCPU fd with its kvm_run mapped; registers are the guest layer's job. */
int sf_kvm_vcpu_open(struct sf_kvm_vm *vm, struct sf_kvm_vcpu *v, unsigned id, char *err, size_t n);
void sf_kvm_vcpu_close(struct sf_kvm_vm *vm, struct sf_kvm_vcpu *v);
#endif
