/* A fault loop on a page every candidate allows: FAULT_LOOP; on a forbidden page: none. */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;

	tr_init(&t, 4, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_mprotect(0, 1, SF_PROT_R, 10, 20)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 1, 0, 30, 40, SF_FAULT_LOOP, 1)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 0, 0, 30, 40, SF_FAULT_LOOP, 1)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_FAULT_LOOP], 1);
	CHECK_EQ(tr_total(&t), 1);
	CHECK_EQ(t.v[0].access.page, 1);
	CHECK_EQ(tr_stats(&t)->faults_seen, 2);
	tr_free(&t);
	return tap_done();
}
