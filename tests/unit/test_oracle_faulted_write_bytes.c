/*
 * A device write made as a byte copy (SF_EVF_MAY_TEAR) that faulted may
 * have stored its first bytes before the fault: a later read of the word
 * made of its bytes and the word's older content is explained, whether
 * the write ended before the read or was still in flight, but not the
 * whole value (the copy stopped short of its last byte). A faulted write
 * without the flag stored nothing, so the same read is a STALE_READ; a
 * byte neither value had stays one; a later whole write covers them all.
 * (A vm/iommufd_arm64 clean run: a write faulted racing an mmap, and the
 * next read returned 0xde, its low byte over the new page's zeroes.)
 */
#include <stdbool.h>
#include "tap.h"
#include "trace_build.h"

#define VAL 0x900322cc000001deull
#define MIX 0x00000000000001deull	/* bytes 0-1 of VAL, the rest the birth's 0 */

static struct sf_event flagged(struct sf_event e)
{
	e.flags |= SF_EVF_MAY_TEAR;
	return e;
}

/*
 * STALE_READ verdicts for the events, fed in order after page 0 is
 * unmapped at [50, 60] and mapped fresh (zeroes) at [200, 250]: the write
 * at [100, 300] races the mmap, so it may fault or land.
 */
static unsigned judge(const struct sf_event *ev, unsigned n)
{
	struct trace t;
	bool mapped = false;
	unsigned v;

	tr_init(&t, 1, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_munmap(0, 1, 50, 60)), 0);
	for (unsigned i = 0; i <= n; i++) {
		/* in t0 order, as the collector feeds them */
		if ((i == n || ev[i].t0 >= 200) && !mapped) {
			CHECK_EQ(tr_feed(&t, tr_mmap(0, 1, SF_PROT_R | SF_PROT_W, 200, 250)), 0);
			mapped = true;
		}
		if (i < n)
			CHECK_EQ(tr_feed(&t, ev[i]), 0);
	}
	sf_oracle_finish(t.o);
	v = t.count[SF_V_STALE_READ];
	CHECK_EQ(tr_total(&t), v);
	tr_free(&t);
	return v;
}

int main(void)
{
	struct sf_event w = tr_access(SF_OP_DEV_WRITE, 0, 0, 100, 300, SF_FAULT, VAL);
	struct sf_event after = tr_access(SF_OP_DEV_READ, 0, 0, 400, 410, SF_OK, MIX);
	struct sf_event during = tr_access(SF_OP_DEV_READ, 0, 0, 150, 250, SF_OK, MIX);
	struct sf_event whole = tr_access(SF_OP_DEV_WRITE, 0, 0, 320, 330, SF_OK, 0x42);

	/* a whole-word write that faulted wrote nothing */
	CHECK_EQ(judge((struct sf_event[]){ w, after }, 2), 1);
	/* a byte copy that faulted may have left its first bytes, ended or not */
	CHECK_EQ(judge((struct sf_event[]){ flagged(w), after }, 2), 0);
	CHECK_EQ(judge((struct sf_event[]){ flagged(w), during }, 2), 0);
	/* a byte (0x77) neither value had */
	after.value = 0x00000000007701deull;
	CHECK_EQ(judge((struct sf_event[]){ flagged(w), after }, 2), 1);
	/* a copy that faulted never stored its last byte: the whole value is stale */
	after.value = VAL;
	CHECK_EQ(judge((struct sf_event[]){ flagged(w), after }, 2), 1);
	during.value = VAL;
	CHECK_EQ(judge((struct sf_event[]){ flagged(w), during }, 2), 1);
	/* a definite whole write after it covers every byte it may have left */
	after.value = MIX;
	CHECK_EQ(judge((struct sf_event[]){ flagged(w), whole, after }, 3), 1);
	return tap_done();
}
