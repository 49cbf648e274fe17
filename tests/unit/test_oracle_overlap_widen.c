/* Two overlapping mutations of one page: order unknown, state widened, no verdict. */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;

	tr_init(&t, 2, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_mprotect(0, 1, SF_PROT_R, 100, 300)), 0);
	CHECK_EQ(tr_feed(&t, tr_mprotect(0, 1, SF_PROT_R | SF_PROT_W, 200, 250)), 0);
	CHECK(sf_oracle_page(t.o, 0).flags & SF_PS_UNKNOWN);
	/* after both: rw or r, either outcome */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 0, 0, 400, 410, SF_OK, 1)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 0, 0, 400, 410, SF_FAULT, 2)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 0, 400, 410, SF_OK, 12345)), 0);
	/* a later mprotect alone does not make it known ... */
	CHECK_EQ(tr_feed(&t, tr_mprotect(0, 1, SF_PROT_R, 500, 510)), 0);
	CHECK(sf_oracle_page(t.o, 0).flags & SF_PS_UNKNOWN);
	/* ... munmap does */
	CHECK_EQ(tr_feed(&t, tr_munmap(0, 1, 600, 610)), 0);
	CHECK(!(sf_oracle_page(t.o, 0).flags & SF_PS_UNKNOWN));
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 0, 700, 710, SF_OK, 0)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_STALE_READ], 1);
	tr_free(&t);
	return tap_done();
}
