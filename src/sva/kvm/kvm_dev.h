/* Private state of the KVM backend (kvm.c, kvm_access.c, kvm_slots.c). */
#ifndef SF_KVM_DEV_H
#define SF_KVM_DEV_H
#include <pthread.h>
#include <stdint.h>

#include "backend.h"
#include "kvm_guest.h"
#include "kvm_stats.h"
#include "kvm_vm.h"

/* Turns a vCPU's guest cycle stamps into CLOCK_MONOTONIC bounds. */
struct sf_kvm_clock {
	int anchored;
	uint64_t anchor_tsc;	/* tsc_start of the first batch */
	uint64_t anchor_after;	/* host time after that batch's KVM_RUN */
	double ns_per_cycle_low; /* a proven lower bound of the rate, 0 = none yet */
	double ns_per_cycle_high;
	int broken;		/* bounds crossed: the counter is not steady; never refine */
	int batch_only;		/* SVAFUZZ_KVM_BATCH_STAMPS (read at open): never narrow */
};

struct sf_kvm_queue {
	struct sf_kvm_vcpu vcpu;
	struct sf_kg_ring *ring;	/* host view of this vCPU's ring */
	uint64_t ring_gpa;
	struct sf_kvm_clock clock;
	struct sf_kvm_emul emul;	/* host instruction emulations of this vCPU */
	uint64_t batches, exits, faults, emulated;
};

struct sf_kvm_slot {
	int active;
	uint32_t page, npages, flags;	/* SF_SLOT_* */
};

struct sf_dev {
	struct sf_kvm_vm vm;
	const struct sf_kvm_guest *guest;
	struct sf_arena *arena;
	unsigned nq;
	struct sf_kvm_queue q[SF_KVM_MAX_VCPUS];
	struct sf_kvm_slot slots[SF_SEQ_MAX_SLOTS];
	pthread_mutex_t slot_lock;
	uint64_t slot_changes, dirty_pages_checked;
};

uint64_t sf_kvm_gpa(const struct sf_dev *d, uint32_t page, uint32_t word);
int sf_kvm_submit(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n);
int sf_kvm_complete(struct sf_dev *d, unsigned q, struct sf_access *acc, unsigned n);
int sf_kvm_mutate(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		  struct sf_event *ev);
/* Default memslots over the whole arena; 0 or -errno. */
int sf_kvm_slots_bind(struct sf_dev *d);
void sf_kvm_slots_unbind(struct sf_dev *d);
#endif
