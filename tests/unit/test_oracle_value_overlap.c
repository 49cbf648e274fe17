/* A read overlapping a write may return the old or the new value: no verdict. */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;

	tr_init(&t, 1, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_WRITE, 0, 0, 10, 20, SF_OK, 1)), 0);
	/* write [100,300]; reads inside it, one ending before the write does */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 0, 0, 100, 300, SF_OK, 2)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 0, 150, 160, SF_OK, 1)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 0, 150, 160, SF_OK, 2)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_READ, 0, 0, 290, 400, SF_OK, 1)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_READ, 0, 0, 290, 400, SF_OK, 2)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 0);
	CHECK_EQ(tr_stats(&t)->value_checked, 4);
	/* after the write ended, the old value is gone */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 0, 301, 310, SF_OK, 1)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_STALE_READ], 1);
	tr_free(&t);
	return tap_done();
}
