/* An event whose t0 goes backwards (or below an advance()) is rejected. */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;

	tr_init(&t, 2, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 0, 100, 110, SF_OK, 0)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 0, 100, 105, SF_OK, 0)), 0);	/* equal t0 is fine */
	CHECK_EQ(tr_feed(&t, tr_mprotect(0, 1, SF_PROT_R, 99, 120)), -1);
	CHECK_EQ(tr_stats(&t)->rejected, 1);
	CHECK_EQ(sf_oracle_page(t.o, 0).prot, SF_PROT_R | SF_PROT_W);
	sf_oracle_advance(t.o, 500);
	CHECK_EQ(tr_stats(&t)->accesses_judged, 2);	/* advance judged both */
	CHECK_EQ(tr_feed(&t, tr_munmap(0, 1, 499, 600)), -1);
	CHECK_EQ(tr_feed(&t, tr_munmap(0, 1, 500, 600)), 0);
	CHECK_EQ(tr_stats(&t)->rejected, 2);
	CHECK_EQ(tr_stats(&t)->events, 3);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 0);
	tr_free(&t);
	return tap_done();
}
