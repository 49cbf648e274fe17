/* A device read returning a value that was surely overwritten before it: STALE_READ. */
#include <string.h>
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;

	tr_init(&t, 2, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_WRITE, 0, 3, 10, 20, SF_OK, 0x111)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_WRITE, 0, 3, 30, 40, SF_OK, 0x222)), 0);
	/* the latest value and the overwritten one */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 3, 50, 60, SF_OK, 0x222)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 3, 50, 60, SF_OK, 0x111)), 0);
	/* the initial zero was overwritten too; another word still holds it */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 3, 70, 80, SF_OK, 0)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 2, 70, 80, SF_OK, 0)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_STALE_READ], 2);
	CHECK_EQ(tr_total(&t), 2);
	CHECK_EQ(t.v[0].access.value, 0x111);
	CHECK(strstr(t.v[0].why, "0x111") != NULL);
	CHECK_EQ(t.v[1].access.value, 0);
	CHECK_EQ(tr_stats(&t)->value_checked, 4);
	tr_free(&t);
	return tap_done();
}
