/* A CPU access disagreeing with the model is MODEL, never a device verdict. */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;

	tr_init(&t, 2, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_mprotect(0, 1, SF_PROT_R, 10, 20)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_WRITE, 0, 0, 30, 40, SF_OK, 5)), 0);	/* forbidden */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_READ, 1, 0, 30, 40, SF_FAULT, 0)), 0);	/* allowed */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_WRITE, 1, 0, 30, 40, SF_FAULT_LOOP, 0)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_READ, 1, 1, 50, 60, SF_OK, 77)), 0);	/* value */
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_MODEL], 4);
	CHECK_EQ(tr_total(&t), 4);
	CHECK_EQ(t.count[SF_V_STALE_WRITE] + t.count[SF_V_SPURIOUS_FAULT] +
		 t.count[SF_V_FAULT_LOOP] + t.count[SF_V_STALE_READ] + t.count[SF_V_LOST_WRITE], 0);
	CHECK_EQ(tr_stats(&t)->faults_seen, 0);	/* CPU faults are not device faults */
	tr_free(&t);
	return tap_done();
}
