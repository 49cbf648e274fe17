/* A device fault on a rw page, strictly after every mutation: SPURIOUS_FAULT. */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;

	tr_init(&t, 4, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_mprotect(0, 4, SF_PROT_R, 10, 20)), 0);
	CHECK_EQ(tr_feed(&t, tr_mprotect(0, 4, SF_PROT_R | SF_PROT_W, 30, 40)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 1, 0, 50, 60, SF_FAULT, 1)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_SPURIOUS_FAULT], 1);
	CHECK_EQ(tr_total(&t), 1);
	CHECK_EQ(tr_stats(&t)->faults_seen, 1);
	CHECK_EQ(t.v[0].allowed, SF_ALLOW(SF_OK));
	tr_free(&t);
	return tap_done();
}
