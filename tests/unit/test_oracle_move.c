/* mremap MOVE: the destination keeps the source's state and values. */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;
	struct sf_pstate st;

	tr_init(&t, 8, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_CPU_WRITE, 1, 2, 10, 20, SF_OK, 0x42)), 0);
	CHECK_EQ(tr_feed(&t, tr_mprotect(1, 1, SF_PROT_R, 30, 40)), 0);
	/* mremap pages 0..1 to 4..5: MOVE first, then the source's unmap, same interval */
	CHECK_EQ(tr_feed(&t, tr_move(4, 2, 0, 50, 60)), 0);
	CHECK_EQ(tr_feed(&t, tr_munmap(0, 2, 50, 60)), 0);
	st = sf_oracle_page(t.o, 5);
	CHECK_EQ(st.prot, SF_PROT_R);
	CHECK_EQ(st.obj, 2);		/* page 1's initial content */
	CHECK_EQ(sf_oracle_page(t.o, 1).backing, SF_BK_NONE);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 5, 2, 70, 80, SF_OK, 0x42)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 4, 2, 70, 80, SF_OK, 0)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 0);
	CHECK_EQ(tr_stats(&t)->value_checked, 2);
	/* the moved page is read-only; and it never held 0x42 on word 3 */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 5, 2, 90, 95, SF_OK, 1)), 0);
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_READ, 5, 3, 90, 95, SF_OK, 0x42)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_STALE_WRITE], 1);
	CHECK_EQ(t.count[SF_V_STALE_READ], 1);
	tr_free(&t);
	return tap_done();
}
