/*
 * The KVM backend's guest: a loop that works through a ring of access
 * descriptors at guest-physical addresses, stamps each access with the
 * guest's cycle counter before and after, and exits to the host (an I/O
 * port write) when the batch is done. One ring per vCPU.
 *
 * A faulting access exits to the host in the middle of the batch; the
 * host marks that descriptor FAULT in guest memory before it lets the
 * guest go on, and the guest only marks a descriptor OK if it is still
 * PENDING. So an access the host had to complete itself (an MMIO exit,
 * whose instruction the next KVM_RUN finishes with made-up data) can
 * never be reported as a success.
 *
 * Everything the host needs from one guest architecture is in struct
 * sf_kvm_guest (x86_64 now: kvm_guest_x86.c; an arm64 guest adds a file).
 */
#ifndef SF_KVM_GUEST_H
#define SF_KVM_GUEST_H
#include <stddef.h>
#include <stdint.h>

#define SF_KG_READ 1u
#define SF_KG_WRITE 2u
#define SF_KG_PENDING 0u
#define SF_KG_OK 1u
#define SF_KG_FAULT 2u
#define SF_KG_MAX_DESC 120u
#define SF_KG_DONE_PORT 0xf4

struct sf_kg_desc {		/* 64 bytes; offsets are used by guest code */
	uint64_t gpa;		/* 0 */
	uint32_t op;		/* 8 */
	uint32_t status;	/* 12 */
	uint64_t value;		/* 16: in for writes, out for reads */
	uint64_t tsc_a;		/* 24: guest cycles just before the access */
	uint64_t tsc_b;		/* 32: just after */
	uint64_t pad[3];
};

struct sf_kg_ring {		/* header 64 bytes */
	uint32_t count;		/* 0: descriptors in this batch */
	uint32_t cur;		/* 4: the one the guest is on */
	uint64_t tsc_start;	/* 8: cycles at batch start */
	uint64_t tsc_end;	/* 16: cycles at batch end */
	uint64_t pad[5];
	struct sf_kg_desc d[SF_KG_MAX_DESC];
};

struct sf_kvm_guest {
	const char *arch;
	const uint8_t *code;
	size_t code_len;
	size_t read_insn, read_resume;	 /* code offsets: the load, and after it */
	size_t write_insn, write_resume; /* the store, and after it */
	void (*setup_memory)(uint8_t *low);	/* page tables etc. */
	int (*setup_vcpu)(int kvm_fd, int vcpu_fd, uint64_t ring_gpa, uint64_t stack_top);
	int (*get_pc)(int vcpu_fd, uint64_t *pc);
	int (*set_pc)(int vcpu_fd, uint64_t pc);
};

/* The guest for this host's architecture, or NULL if none is written yet. */
const struct sf_kvm_guest *sf_kvm_guest_host(void);
#endif
