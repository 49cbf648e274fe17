/*
 * KVM dirty log: a device write between two fetches on a logged page must
 * be reported. Not owed when logging is off, when the write overlaps a
 * fetch, or when the memslot changed in between.
 */
#include "tap.h"
#include "trace_build.h"

static struct sf_pstate logged(void)
{
	struct sf_pstate s = tr_rw_state();

	s.flags = SF_PS_LOG_DIRTY;
	return s;
}

int main(void)
{
	struct trace t;

	/* missed: page 1 written, bit 1 clear; page 0 written and reported */
	tr_init_state(&t, 4, SF_SEM_MIRROR, logged());
	CHECK_EQ(tr_feed(&t, tr_dirty(0, 4, 0, 10, 20)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 0, 0, 30, 40, SF_OK, 1)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 1, 0, 30, 40, SF_OK, 2)), 0);
	CHECK_EQ(tr_feed(&t, tr_dirty(0, 4, 0x1, 50, 60)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_DIRTY_MISS], 1);
	CHECK_EQ(tr_total(&t), 1);
	CHECK_EQ(t.v[0].access.page, 1);
	CHECK_EQ(t.v[0].access.value, 2);
	CHECK_EQ(tr_stats(&t)->dirty_checked, 8);
	/* the obligation was settled by that fetch: the next one owes nothing */
	CHECK_EQ(tr_feed(&t, tr_dirty(0, 4, 0, 70, 80)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 1);
	tr_free(&t);

	/* logging off: nothing owed */
	tr_init(&t, 4, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_dirty(0, 4, 0, 10, 20)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 1, 0, 30, 40, SF_OK, 2)), 0);
	CHECK_EQ(tr_feed(&t, tr_dirty(0, 4, 0, 50, 60)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 0);
	tr_free(&t);

	/* the write overlaps either fetch: it may be in the other one */
	tr_init_state(&t, 4, SF_SEM_MIRROR, logged());
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 1, 0, 5, 15, SF_OK, 2)), 0);
	CHECK_EQ(tr_feed(&t, tr_dirty(0, 4, 0x2, 10, 20)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 2, 0, 45, 55, SF_OK, 3)), 0);
	CHECK_EQ(tr_feed(&t, tr_dirty(0, 4, 0, 50, 60)), 0);
	CHECK_EQ(tr_feed(&t, tr_dirty(0, 4, 0, 70, 80)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 0);
	tr_free(&t);

	/* a memslot change between write and fetch resets the log */
	tr_init_state(&t, 4, SF_SEM_MIRROR, logged());
	CHECK_EQ(tr_feed(&t, tr_dirty(0, 4, 0, 10, 20)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 1, 0, 30, 40, SF_OK, 2)), 0);
	struct sf_effect e = tr_eff(SF_EFF_KEEP, SF_EFF_KEEP, SF_OBJ_KEEP, 0);
	e.flags_set = SF_PS_LOG_DIRTY;
	e.flags_clear = SF_PS_NO_SLOT | SF_PS_SLOT_RO;
	CHECK_EQ(tr_feed(&t, tr_mut(SF_OP_SLOT_FLAGS, 0, 4, 42, 44, e)), 0);
	CHECK_EQ(tr_feed(&t, tr_dirty(0, 4, 0, 50, 60)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 0);
	tr_free(&t);
	return tap_done();
}
