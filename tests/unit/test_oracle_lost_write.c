/* A device write succeeded, then a CPU read does not see it: LOST_WRITE. */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;

	tr_init(&t, 2, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_WRITE, 1, 0, 10, 20, SF_OK, 0xaa)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_WRITE, 1, 1, 10, 20, SF_OK, 0xcc)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 1, 0, 30, 40, SF_OK, 0xbb)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_READ, 1, 0, 50, 60, SF_OK, 0xaa)), 0);
	/* on a word the device never wrote, a wrong value is the model's problem */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_READ, 1, 1, 50, 60, SF_OK, 0xdd)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_LOST_WRITE], 1);
	CHECK_EQ(t.count[SF_V_MODEL], 1);
	CHECK_EQ(tr_total(&t), 2);
	CHECK_EQ(t.v[0].kind, SF_V_LOST_WRITE);
	CHECK_EQ(t.v[0].access.value, 0xaa);
	tr_free(&t);
	return tap_done();
}
