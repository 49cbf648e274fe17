/*
 * Pinned backends keep the pages they pinned: device accesses succeed
 * whatever the CPU page table says (no STALE_*), a device fault is
 * SPURIOUS_FAULT, device read values are not checked; CPU accesses are
 * still judged by mirror rules.
 */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;

	tr_init(&t, 2, SF_SEM_PINNED);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_WRITE, 0, 0, 5, 8, SF_OK, 0x77)), 0);
	CHECK_EQ(tr_feed(&t, tr_munmap(0, 1, 10, 20)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 0, 0, 30, 40, SF_OK, 1)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 0, 1, 30, 40, SF_OK, 0x1234)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 0);
	CHECK_EQ(tr_stats(&t)->value_checked, 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 1, 0, 50, 60, SF_FAULT, 0)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_READ, 0, 0, 50, 60, SF_OK, 0x77)), 0);	/* unmapped */
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_SPURIOUS_FAULT], 1);
	CHECK_EQ(t.count[SF_V_MODEL], 1);
	CHECK_EQ(tr_total(&t), 2);
	/* a device write to pinned memory may later be seen by the CPU */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 1, 2, 70, 80, SF_OK, 0x99)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_READ, 1, 2, 90, 95, SF_OK, 0x99)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 2);
	tr_free(&t);
	return tap_done();
}
