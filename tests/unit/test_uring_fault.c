/*
 * The io_uring backend follows the CPU page table: a device write lands
 * in a writable page (the CPU reads it back), faults with EFAULT on a
 * read-only page, and a device read of an unmapped page faults; inline
 * and io-wq (odd seq) requests alike. Every access may be torn: the
 * kernel's copy is no single 8-byte access (uring.c).
 */
#include <errno.h>
#include "tap.h"
#include "worker_test.h"
#include "backend.h"

extern const struct sf_backend_ops sf_backend_uring;

static struct sf_access one(struct sf_dev *d, uint32_t page, int write, uint64_t value, uint64_t seq)
{
	struct sf_access acc = { .page = page, .word = 1, .write = (uint8_t)write, .value = value, .seq = seq };
	const struct sf_backend_ops *b = &sf_backend_uring;

	CHECK_EQ(b->submit(d, 0, &acc, 1), 0);
	CHECK_EQ(b->complete(d, 0, &acc, 1), 0);
	CHECK(acc.t0 <= acc.t1);
	CHECK(acc.flags & SF_EVF_MAY_TEAR);
	return acc;
}

int main(void)
{
	const struct sf_backend_ops *b = &sf_backend_uring;
	struct sf_dev_opts o = { .nqueues = 1 };
	struct sf_arena a;
	struct wt_events w;
	struct sf_dev *d;
	struct sf_access acc;
	char why[128];

	if (b->probe(why, sizeof(why))) {
		printf("io_uring unavailable: %s\n", why);
		return tap_done();
	}
	wt_open(&a, 8);
	CHECK_EQ(b->open(&d, &o, why, sizeof(why)), 0);
	CHECK_EQ(b->bind(d, &a), 0);
	for (uint64_t seq = 0; seq < 2; seq++) {
		acc = one(d, 2, 1, 0x1111 + seq, seq);
		CHECK_EQ(acc.outcome, SF_OK);
		CHECK_EQ(wt_cpu(&a, 0, 2, 1, 0).value, 0x1111 + seq);
		wt_cpu(&a, 1, 3, 1, 0x2222 + seq);
		acc = one(d, 3, 0, 0, seq);
		CHECK_EQ(acc.outcome, SF_OK);
		CHECK_EQ(acc.value, 0x2222 + seq);
	}
	wt_run(&a, &w, SF_OP_MPROTECT, 2, 1, SF_PROT_R, 0, 0);
	for (uint64_t seq = 0; seq < 2; seq++) {
		acc = one(d, 2, 1, 0x3333, seq);
		CHECK_EQ(acc.outcome, SF_FAULT);
		CHECK_EQ(acc.err, EFAULT);
		CHECK_EQ(wt_cpu(&a, 0, 2, 1, 0).value, 0x1112);	/* unchanged */
		acc = one(d, 2, 0, 0, seq);
		CHECK_EQ(acc.outcome, SF_OK);
		CHECK_EQ(acc.value, 0x1112);
	}
	wt_run(&a, &w, SF_OP_MUNMAP, 3, 1, 0, 0, 0);
	acc = one(d, 3, 0, 0, 1);
	CHECK_EQ(acc.outcome, SF_FAULT);
	/* the pipe of a failed write holds nothing stale: the next write's value lands */
	acc = one(d, 4, 1, 0x4444, 0);
	CHECK_EQ(acc.outcome, SF_OK);
	CHECK_EQ(wt_cpu(&a, 0, 4, 1, 0).value, 0x4444);
	b->unbind(d);
	b->close(d);
	sf_arena_close(&a);
	return tap_done();
}
