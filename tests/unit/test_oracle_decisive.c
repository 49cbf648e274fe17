/* Decisive = the candidates allowed exactly one outcome; counted per judged access. */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;
	struct sf_pstate wonly = tr_rw_state();

	tr_init(&t, 2, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 0, 10, 20, SF_OK, 0)), 0);	/* rw: decisive */
	CHECK_EQ(tr_feed(&t, tr_mprotect(0, 1, SF_PROT_W, 30, 40)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 0, 35, 50, SF_OK, 0)), 0);	/* rw, or w-only (either): not */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 0, 0, 60, 70, SF_OK, 1)), 0);	/* w: decisive */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 1, 60, 70, SF_FAULT, 0)), 0);	/* w-only read: not */
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_stats(&t)->accesses_judged, 4);
	CHECK_EQ(tr_stats(&t)->accesses_decisive, 2);
	CHECK_EQ(tr_total(&t), 0);
	tr_free(&t);

	/* uffd-wp makes writes ambiguous, reads stay decisive */
	wonly.flags = SF_PS_UFFD_WP;
	tr_init_state(&t, 1, SF_SEM_MIRROR, wonly);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 0, 0, 10, 20, SF_FAULT, 1)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 0, 10, 20, SF_OK, 0)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_stats(&t)->accesses_decisive, 1);
	CHECK_EQ(tr_total(&t), 0);
	tr_free(&t);
	return tap_done();
}
