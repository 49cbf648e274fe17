/*
 * KVM backend: every way a guest access can fault is reported as a fault,
 * and never as a success: a host page made read-only (write faults), a
 * host page unmapped, a deleted memslot (MMIO exit), a read-only memslot
 * (MMIO write). Accesses after them in the same batch still succeed, with
 * the right values, and every interval lies inside its batch.
 * Skips (77) where /dev/kvm is missing, saying why.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "arena.h"
#include "clock.h"
#include "collector.h"
#include "backend.h"
#include "kvm_test.h"
#include "tap.h"


static struct sf_access acc(uint32_t page, uint32_t word, int write, uint64_t v)
{
	return (struct sf_access){ .page = page, .word = word, .write = (uint8_t)write,
				   .value = v };
}

static int run(struct sf_dev *d, struct sf_access *a, unsigned n)
{
	const struct sf_backend_ops *k = &sf_backend_kvm;
	uint64_t before = sf_now_ns();
	int rc = k->submit(d, 0, a, n);

	if (rc == 0)
		rc = k->complete(d, 0, a, n);
	for (unsigned i = 0; rc == 0 && i < n; i++)
		CHECK(a[i].t0 >= before && a[i].t0 <= a[i].t1 && a[i].t1 <= sf_now_ns());
	return rc;
}

static struct sf_seq_op slot_op(enum sf_op op, uint32_t slot, uint32_t page, uint32_t n,
				uint32_t flags)
{
	return (struct sf_seq_op){ .op = op, .page = page, .npages = n, .arg0 = slot,
				   .arg1 = flags };
}

int main(void)
{
	const struct sf_backend_ops *k = &sf_backend_kvm;
	struct sf_arena ar;
	struct sf_dev *d;
	int rc = kvm_test_setup(&ar, 64, &d);

	if (rc)
		return rc;
	struct sf_collector *c = sf_collector_new(NULL, 1, NULL, NULL);
	struct sf_slot *slot = sf_collector_slot(c, 0);

	/* baseline: write then read back, on two pages */
	struct sf_access a1[] = { acc(0, 0, 1, 0x1111), acc(0, 0, 0, 0), acc(5, 7, 1, 0x2222),
				  acc(5, 7, 0, 0) };
	CHECK_EQ(run(d, a1, 4), 0);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(a1[i].outcome, SF_OK);
	CHECK(a1[1].value == 0x1111 && a1[3].value == 0x2222);
	CHECK(*sf_arena_word(&ar, 0, 0) == 0x1111);

	/* host read-only page: the write faults, the read and later accesses work */
	CHECK_EQ(mprotect(ar.base + 1 * ar.page_size, ar.page_size, PROT_READ), 0);
	/* host unmapped page: both fault */
	CHECK_EQ(munmap(ar.base + 2 * ar.page_size, ar.page_size), 0);
	struct sf_access a2[] = { acc(1, 0, 1, 0x3333), acc(1, 0, 0, 0), acc(2, 0, 0, 0),
				  acc(2, 1, 1, 0x4444), acc(0, 0, 0, 0) };
	CHECK_EQ(run(d, a2, 5), 0);
	CHECK_EQ(a2[0].outcome, SF_FAULT);
	CHECK_EQ(a2[1].outcome, SF_OK);
	CHECK_EQ(a2[2].outcome, SF_FAULT);
	CHECK_EQ(a2[3].outcome, SF_FAULT);
	CHECK_EQ(a2[4].outcome, SF_OK);
	CHECK(a2[4].value == 0x1111);
	CHECK(*sf_arena_word(&ar, 1, 0) != 0x3333);

	/* a deleted memslot (pages 60..63 are the last bind slot, 15) and a read-only one */
	struct sf_event ev = { 0 };
	struct sf_seq_op del = slot_op(SF_OP_SLOT_DEL, 15, 0, 0, 0);
	struct sf_seq_op ro = slot_op(SF_OP_SLOT_FLAGS, 14, 0, 0, SF_SLOT_RO);

	CHECK_EQ(k->mutate(d, &del, slot, &ev), 0);
	CHECK(ev.outcome == SF_OK && ev.page == 60 && ev.npages == 4 &&
	      ev.eff.flags_set == SF_PS_NO_SLOT);
	sf_slot_end(slot);
	CHECK_EQ(k->mutate(d, &ro, slot, &ev), 0);
	CHECK(ev.outcome == SF_OK && ev.page == 56 && (ev.eff.flags_set & SF_PS_SLOT_RO));
	sf_slot_end(slot);
	struct sf_access a3[] = { acc(61, 0, 0, 0), acc(62, 0, 1, 0x5555), acc(57, 0, 1, 0x6666),
				  acc(57, 0, 0, 0), acc(3, 0, 1, 0x7777) };
	CHECK_EQ(run(d, a3, 5), 0);
	CHECK_EQ(a3[0].outcome, SF_FAULT);
	CHECK_EQ(a3[1].outcome, SF_FAULT);
	CHECK_EQ(a3[2].outcome, SF_FAULT);
	CHECK_EQ(a3[3].outcome, SF_OK);
	CHECK_EQ(a3[4].outcome, SF_OK);
	CHECK(*sf_arena_word(&ar, 57, 0) != 0x6666 && *sf_arena_word(&ar, 3, 0) == 0x7777);

	/* back: re-adding slot 15 makes its pages work again */
	struct sf_seq_op add = slot_op(SF_OP_SLOT_ADD, 15, 60, 4, 0);

	CHECK_EQ(k->mutate(d, &add, slot, &ev), 0);
	CHECK_EQ(ev.outcome, SF_OK);
	sf_slot_end(slot);
	struct sf_access a4[] = { acc(61, 0, 1, 0x8888), acc(61, 0, 0, 0) };
	CHECK_EQ(run(d, a4, 2), 0);
	CHECK(a4[0].outcome == SF_OK && a4[1].outcome == SF_OK && a4[1].value == 0x8888);

	k->unbind(d);
	k->close(d);
	sf_collector_free(c);
	sf_arena_close(&ar);
	return tap_done();
}
