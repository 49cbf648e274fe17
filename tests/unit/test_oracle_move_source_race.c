/*
 * A MOVE reads its source while its interval runs: another mutation of the
 * source that starts inside that interval may have come first, so the
 * destination becomes unknown. The source's own unmap by the same mremap
 * (same interval, or same op 1 ns later as workers emit it) does not.
 */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;
	struct sf_event mv, un;

	/* worker style: the unmap starts 1 ns later, same op (seq, thread) */
	tr_init(&t, 4, SF_SEM_MIRROR);
	mv = tr_move(2, 1, 0, 100, 200);
	un = tr_munmap(0, 1, 101, 200);
	mv.seq = un.seq = 7;
	mv.thread = un.thread = 1;
	CHECK_EQ(tr_feed(&t, mv), 0);
	CHECK_EQ(tr_feed(&t, un), 0);
	CHECK(!(sf_oracle_page(t.o, 2).flags & SF_PS_UNKNOWN));
	CHECK_EQ(sf_oracle_page(t.o, 2).obj, 1);
	tr_free(&t);

	/* a different op on the source inside the MOVE's interval */
	tr_init(&t, 4, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_move(2, 1, 0, 100, 200)), 0);
	CHECK_EQ(tr_feed(&t, tr_mprotect(0, 1, SF_PROT_R, 150, 160)), 0);
	CHECK(sf_oracle_page(t.o, 2).flags & SF_PS_UNKNOWN);
	/* the destination may be r or rw: a write fault there is no verdict */
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 2, 0, 300, 310, SF_FAULT, 1)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 0);
	tr_free(&t);

	/* the same mprotect after the MOVE ended changes nothing there */
	tr_init(&t, 4, SF_SEM_MIRROR);
	CHECK_EQ(tr_feed(&t, tr_move(2, 1, 0, 100, 200)), 0);
	CHECK_EQ(tr_feed(&t, tr_mprotect(0, 1, SF_PROT_R, 250, 260)), 0);
	CHECK(!(sf_oracle_page(t.o, 2).flags & SF_PS_UNKNOWN));
	CHECK_EQ(tr_feed(&t, tr_access(SF_OP_DEV_WRITE, 2, 0, 300, 310, SF_FAULT, 1)), 0);
	sf_oracle_finish(t.o);
	CHECK_EQ(t.count[SF_V_SPURIOUS_FAULT], 1);
	tr_free(&t);
	return tap_done();
}
