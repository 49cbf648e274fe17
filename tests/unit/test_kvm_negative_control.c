/*
 * Negative control of the KVM backend: the checker is alive. Real guest
 * accesses after a recorded mprotect(PROT_READ) of one page: told the
 * truth, the oracle raises nothing; told that the faulted write succeeded,
 * it raises STALE_WRITE; told that a permitted read faulted, it raises
 * SPURIOUS_FAULT. Skips (77) where /dev/kvm is missing, saying why.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "arena.h"
#include "clock.h"
#include "collector.h"
#include "oracle.h"
#include "backend.h"
#include "kvm_test.h"
#include "tap.h"


static unsigned counts[SF_V__COUNT];

static void on_verdict(void *arg, const struct sf_verdict *v)
{
	unsigned *c = arg;

	c[v->kind]++;
}

static struct sf_event access_event(const struct sf_access *a, uint8_t outcome)
{
	return (struct sf_event){ .t0 = a->t0, .t1 = a->t1, .value = a->value, .page = a->page,
				  .npages = 1, .word = a->word,
				  .op = a->write ? SF_OP_DEV_WRITE : SF_OP_DEV_READ,
				  .kind = SF_EV_ACCESS, .outcome = outcome };
}

/* Judges the recorded mprotect and the two accesses, with outcomes as given. */
static void judge(const struct sf_event *mp, const struct sf_access *a, uint8_t out0,
		  uint8_t out1, unsigned *c)
{
	struct sf_oracle_cfg cfg = { .npages = 8, .sem = SF_SEM_MIRROR,
				     .initial = sf_arena_initial(), .on_verdict = on_verdict,
				     .arg = c };
	struct sf_oracle *o = sf_oracle_new(&cfg);
	struct sf_event e0 = access_event(&a[0], out0), e1 = access_event(&a[1], out1);

	memset(c, 0, sizeof(unsigned) * SF_V__COUNT);
	sf_oracle_feed(o, mp);
	if (e0.t0 <= e1.t0) {
		sf_oracle_feed(o, &e0);
		sf_oracle_feed(o, &e1);
	} else {
		sf_oracle_feed(o, &e1);
		sf_oracle_feed(o, &e0);
	}
	sf_oracle_finish(o);
	sf_oracle_free(o);
}

int main(void)
{
	const struct sf_backend_ops *k = &sf_backend_kvm;
	struct sf_arena ar;
	struct sf_dev *d;
	int rc = kvm_test_setup(&ar, 8, &d);

	if (rc)
		return rc;
	struct sf_event mp = { .page = 1, .npages = 1, .op = SF_OP_MPROTECT,
			       .kind = SF_EV_MUTATION, .outcome = SF_OK };

	mp.eff.set_backing = SF_EFF_KEEP;
	mp.eff.set_prot = SF_PROT_R;
	mp.eff.obj_mode = SF_OBJ_KEEP;
	mp.t0 = sf_now_ns();
	CHECK_EQ(mprotect(ar.base + ar.page_size, ar.page_size, PROT_READ), 0);
	mp.t1 = sf_now_ns();

	struct sf_access a[2] = {
		{ .page = 1, .word = 0, .write = 1, .value = 0x8000000000000001ull },
		{ .page = 2, .word = 0, .write = 0 },
	};
	CHECK_EQ(k->submit(d, 0, a, 2), 0);
	CHECK_EQ(k->complete(d, 0, a, 2), 0);
	CHECK_EQ(a[0].outcome, SF_FAULT);	/* the real kernel refused the write */
	CHECK_EQ(a[1].outcome, SF_OK);
	CHECK(a[0].t0 > mp.t1);

	judge(&mp, a, a[0].outcome, a[1].outcome, counts);
	for (int v = 0; v < SF_V__COUNT; v++)
		CHECK_EQ(counts[v], 0);
	judge(&mp, a, SF_OK, a[1].outcome, counts);	/* lie: the faulted write succeeded */
	CHECK_EQ(counts[SF_V_STALE_WRITE], 1);
	judge(&mp, a, a[0].outcome, SF_FAULT, counts);	/* lie: the permitted read faulted */
	CHECK_EQ(counts[SF_V_SPURIOUS_FAULT], 1);

	k->unbind(d);
	k->close(d);
	sf_arena_close(&ar);
	return tap_done();
}
