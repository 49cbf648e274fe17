/* A write that ended before mprotect(R) began succeeded: no verdict. */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;

	tr_init(&t, 4, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 1, 0, 10, 20, SF_OK, 7)), 0);
	CHECK_EQ(tr_feed(&t, tr_mprotect(1, 1, SF_PROT_R, 30, 40)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 0);
	CHECK_EQ(tr_stats(&t)->accesses_judged, 1);
	CHECK_EQ(tr_stats(&t)->accesses_decisive, 1);
	/* the same write after the downgrade would be a verdict: the check can fail */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 1, 0, 50, 60, SF_OK, 8)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_STALE_WRITE], 1);
	tr_free(&t);
	return tap_done();
}
