/* A device read of an unmapped page succeeded: STALE_READ. */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;

	tr_init(&t, 4, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_munmap(0, 4, 10, 20)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 2, 0, 30, 40, SF_OK, 0)), 0);
	/* a fault there is what should happen */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 1, 0, 30, 40, SF_FAULT, 0)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_STALE_READ], 1);
	CHECK_EQ(tr_total(&t), 1);
	CHECK_EQ(t.v[0].access.page, 2);
	CHECK_EQ(t.v[0].cand[0].backing, SF_BK_NONE);
	CHECK_EQ(tr_stats(&t)->faults_seen, 1);
	tr_free(&t);
	return tap_done();
}
