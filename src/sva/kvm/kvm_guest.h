/*
 * The KVM backend's guest: a loop that works through a ring of access
 * descriptors at guest-physical addresses, stamps each access with the
 * guest's cycle counter before and after, and exits to the host when the
 * batch is done (x86: an I/O port write; arm64: an MMIO write). One ring
 * per vCPU.
 *
 * A faulting access exits to the host in the middle of the batch; the
 * host marks that descriptor FAULT in guest memory before it lets the
 * guest go on, and the guest only marks a descriptor OK if it is still
 * PENDING. So an access the host had to complete itself (an MMIO exit,
 * whose instruction the next KVM_RUN finishes with made-up data) can
 * never be reported as a success.
 *
 * Everything the host needs from one guest architecture is in struct
 * sf_kvm_guest: kvm_guest_x86.c, kvm_guest_arm64.c. Their assembly uses
 * the SF_KG_* offsets below, which the _Static_asserts tie to the structs.
 */
#ifndef SF_KVM_GUEST_H
#define SF_KVM_GUEST_H
#include <stddef.h>
#include <stdint.h>

#define SF_KG_READ 1	/* numbers without suffix: the guest assembly uses them */
#define SF_KG_WRITE 2
#define SF_KG_PENDING 0
#define SF_KG_OK 1
#define SF_KG_FAULT 2
#define SF_KG_MAX_DESC 120u
#define SF_KG_DONE_PORT 0xf4		/* x86: "batch done" port */
/*
 * Guest-physical addresses no memslot ever maps (below the arena, above
 * low memory): a write to DONE ends a batch (where there are no ports), a
 * write to PANIC says the guest took an exception (an internal error).
 */
#define SF_KG_DONE_GPA	0x20000000	/* one movz each on arm64 */
#define SF_KG_PANIC_GPA 0x20010000

/* Offsets the guest code uses, in bytes */
#define SF_KG_D_SHIFT	6	/* descriptor size 64 */
#define SF_KG_D_GPA	0
#define SF_KG_D_OP	8
#define SF_KG_D_STATUS	12
#define SF_KG_D_VALUE	16
#define SF_KG_D_TSC_A	24
#define SF_KG_D_TSC_B	32
#define SF_KG_R_COUNT	0
#define SF_KG_R_CUR	4
#define SF_KG_R_START	8
#define SF_KG_R_END	16
#define SF_KG_R_DESC	64

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

#define SF_KG_AT(type, field, off) \
	_Static_assert(offsetof(struct type, field) == (off), #type "." #field " moved")
SF_KG_AT(sf_kg_desc, gpa, SF_KG_D_GPA);
SF_KG_AT(sf_kg_desc, op, SF_KG_D_OP);
SF_KG_AT(sf_kg_desc, status, SF_KG_D_STATUS);
SF_KG_AT(sf_kg_desc, value, SF_KG_D_VALUE);
SF_KG_AT(sf_kg_desc, tsc_a, SF_KG_D_TSC_A);
SF_KG_AT(sf_kg_desc, tsc_b, SF_KG_D_TSC_B);
SF_KG_AT(sf_kg_ring, count, SF_KG_R_COUNT);
SF_KG_AT(sf_kg_ring, cur, SF_KG_R_CUR);
SF_KG_AT(sf_kg_ring, tsc_start, SF_KG_R_START);
SF_KG_AT(sf_kg_ring, tsc_end, SF_KG_R_END);
SF_KG_AT(sf_kg_ring, d, SF_KG_R_DESC);
_Static_assert(sizeof(struct sf_kg_desc) == 1u << SF_KG_D_SHIFT, "descriptor size");
_Static_assert(SF_KG_OK == 1 && SF_KG_PENDING == 0 && SF_KG_WRITE == 2,
	       "the guest code compares with these numbers");

struct sf_kvm_vm;

struct sf_kvm_guest {
	const char *arch;
	const uint8_t *code;
	size_t code_len;
	size_t read_insn, read_resume;	 /* code offsets: the load, and after it */
	size_t write_insn, write_resume; /* the store, and after it */
	/*
	 * The host may emulate the guest's loads and stores byte by byte (x86's
	 * instruction emulator): read its insn_emulation statistic per batch.
	 */
	int host_emulates;
	void (*setup_memory)(uint8_t *low);	/* page tables etc. */
	/* registers: pc at the code's entry, the ring's address, the stack */
	int (*setup_vcpu)(const struct sf_kvm_vm *vm, int vcpu_fd, uint64_t ring_gpa,
			  uint64_t stack_top);
	int (*get_pc)(int vcpu_fd, uint64_t *pc);
	int (*set_pc)(int vcpu_fd, uint64_t pc);
};

const struct sf_kvm_guest *sf_kvm_guest_x86(void);
const struct sf_kvm_guest *sf_kvm_guest_arm64(void);

/* The guest for this host's architecture, or NULL if none is written yet. */
static inline const struct sf_kvm_guest *sf_kvm_guest_host(void)
{
#if defined(__x86_64__)
	return sf_kvm_guest_x86();
#elif defined(__aarch64__)
	return sf_kvm_guest_arm64();
#else
	return NULL;
#endif
}
#endif
