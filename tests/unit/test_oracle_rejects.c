/* Malformed events are rejected, counted, and change nothing. */
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	struct trace t;
	struct sf_event bad[16];
	unsigned n = 0;

	tr_init(&t, 4, SF_SEM_MIRROR);
	bad[n] = tr_access(SF_OP_DEV_WRITE, 4, 0, 10, 20, SF_OK, 1), n++;	/* page out of range */
	bad[n] = tr_access(SF_OP_DEV_WRITE, 0, SF_WORDS_PER_PAGE, 10, 20, SF_OK, 1), n++;
	bad[n] = tr_access(SF_OP_DEV_WRITE, 0, 0, 20, 10, SF_OK, 1), n++;	/* t1 < t0 */
	bad[n] = tr_access(SF_OP_DEV_WRITE, 0, 0, 10, 20, SF_FAILED, 1), n++;
	bad[n] = tr_access(SF_OP_MPROTECT, 0, 0, 10, 20, SF_OK, 1), n++;	/* not an access op */
	bad[n] = tr_access(SF_OP__COUNT, 0, 0, 10, 20, SF_OK, 1), n++;
	bad[n] = tr_access(SF_OP_DEV_WRITE, 0, 0, 10, 20, SF_OK, 1), bad[n].npages = 2, n++;
	bad[n] = tr_mprotect(2, 3, SF_PROT_R, 10, 20), n++;			/* range past the end */
	bad[n] = tr_mprotect(0, 0, SF_PROT_R, 10, 20), n++;			/* empty */
	bad[n] = tr_mprotect(0, 1, 9, 10, 20), n++;				/* prot */
	bad[n] = tr_mut(SF_OP_DEV_READ, 0, 1, 10, 20, tr_eff(SF_EFF_KEEP, SF_PROT_R, 0, 0)), n++;
	bad[n] = tr_move(0, 2, 3, 10, 20), n++;					/* source past the end */
	bad[n] = tr_mprotect(0, 1, SF_PROT_R, 10, 20), bad[n].eff.obj_mode = 9, n++;
	bad[n] = tr_mprotect(0, 1, SF_PROT_R, 10, 20), bad[n].kind = 7, n++;
	bad[n] = tr_mprotect(0, 1, SF_PROT_R, 10, 20), bad[n].eff.flags_set = SF_PS_SLOT_UNKNOWN, n++;
	bad[n] = tr_dirty(0, 5, 0, 10, 20), n++;				/* range past the end */
	for (unsigned i = 0; i < n; i++)
		CHECK_EQ(sf_oracle_feed(t.o, &bad[i]), -1);
	CHECK_EQ(tr_stats(&t)->rejected, n);
	CHECK_EQ(tr_stats(&t)->events, 0);
	CHECK_EQ(sf_oracle_page(t.o, 0).prot, SF_PROT_R | SF_PROT_W);
	/* a well-formed one still goes in */
	CHECK_EQ(tr_feed(&t, tr_mprotect(0, 1, SF_PROT_R, 10, 20)), 0);
	CHECK_EQ(sf_oracle_page(t.o, 0).prot, SF_PROT_R);
	sf_oracle_finish(t.o);
	CHECK_EQ(tr_total(&t), 0);
	CHECK_EQ(tr_stats(&t)->events, 1);
	tr_free(&t);
	return tap_done();
}
