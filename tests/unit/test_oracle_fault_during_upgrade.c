/* A write fault overlapping an upgrade R -> RW is explained by the old state: none. */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;

	tr_init(&t, 1, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_mprotect(0, 1, SF_PROT_R, 10, 20)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 0, 0, 90, 110, SF_FAULT, 1)), 0);
	CHECK_EQ(tr_feed(&t, tr_mprotect(0, 1, SF_PROT_R | SF_PROT_W, 100, 120)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 0, 0, 115, 130, SF_FAULT, 2)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 0);
	/* once the upgrade is done, the fault is a verdict */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 0, 0, 121, 130, SF_FAULT, 3)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_SPURIOUS_FAULT], 1);
	tr_free(&t);
	return tap_done();
}
