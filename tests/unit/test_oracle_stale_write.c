/* A device write that started after mprotect(R) returned succeeded: STALE_WRITE. */
#include <string.h>
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;

	tr_init(&t, 4, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_mprotect(2, 2, SF_PROT_R, 1000, 1234)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 3, 4, 1300, 1400, SF_OK, 9)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 3, 4, 1500, 1600, SF_OK, 9)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_STALE_WRITE], 1);
	CHECK_EQ(tr_total(&t), 1);
	CHECK_EQ(t.v[0].access.t0, 1300);
	CHECK_EQ(t.v[0].access.page, 3);
	CHECK_EQ(t.v[0].ncand, 1);
	CHECK_EQ(t.v[0].cand[0].prot, SF_PROT_R);
	CHECK_EQ(t.v[0].allowed, SF_ALLOW(SF_FAULT));
	CHECK(strstr(t.v[0].why, "mprotect [1000,1234]") != NULL);
	CHECK(strstr(t.v[0].why, "anon-private r ") != NULL);
	tr_free(&t);
	return tap_done();
}
