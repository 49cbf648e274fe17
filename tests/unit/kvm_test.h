/* Shared by the KVM backend tests: one vCPU bound to a fresh arena. */
#ifndef SF_KVM_TEST_H
#define SF_KVM_TEST_H
#include <stdio.h>
#include "arena.h"
#include "backend.h"

extern const struct sf_backend_ops sf_backend_kvm;

/* 0 when set up; else the test's exit code: 77 (skipped, says why) or 1. */
static inline int kvm_test_setup(struct sf_arena *ar, uint32_t npages, struct sf_dev **d)
{
	const struct sf_backend_ops *k = &sf_backend_kvm;
	struct sf_dev_opts o = { .nqueues = 1 };
	char why[256];

	if (k->probe(why, sizeof(why)) != 0) {
		printf("skipped: %s\n", why);
		return 77;
	}
	if (sf_arena_open(ar, npages, why, sizeof(why)) < 0 || k->open(d, &o, why, sizeof(why)) < 0 ||
	    k->bind(*d, ar) < 0) {
		fprintf(stderr, "setup: %s\n", why);
		return 1;
	}
	return 0;
}
#endif
