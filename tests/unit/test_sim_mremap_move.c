/*
 * mremap move: the destination's MOVE event comes before the source's
 * unmap, both with one interval, and the content moves with the mapping.
 */
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 3\n"
	"0 cpu-write 1.3\n"
	"0 mremap 1+1 1 move 5\n"
	"0 cpu-read 5.3\n"
	"0 cpu-read 1.3\n";

int main(void)
{
	struct simt s;
	const struct sf_event *mv = NULL, *un = NULL, *w, *r, *gone;

	if (simt_once(&s, NULL, NULL, prog))
		return 1;
	for (size_t i = 0; i < s.nev; i++) {
		if (s.ev[i].seq != 1 || s.ev[i].kind != SF_EV_MUTATION)
			continue;
		if (!mv)
			mv = &s.ev[i];
		else if (!un)
			un = &s.ev[i];
	}
	CHECK(mv && un);
	if (mv && un) {
		CHECK_EQ(mv->page, 5);
		CHECK_EQ(mv->eff.obj_mode, SF_OBJ_MOVE);
		CHECK_EQ(mv->eff.obj_arg, 1);
		CHECK_EQ(un->page, 1);
		CHECK_EQ(un->eff.set_backing, SF_BK_NONE);
		CHECK(mv->t0 == un->t0 && mv->t1 == un->t1);
		CHECK(mv < un);		/* pushed first */
	}
	w = simt_event(&s, 0, SF_EV_ACCESS);
	r = simt_event(&s, 2, SF_EV_ACCESS);
	gone = simt_event(&s, 3, SF_EV_ACCESS);
	CHECK(w && r && r->outcome == SF_OK && r->value == w->value);
	CHECK(gone && gone->outcome == SF_FAULT);
	CHECK_EQ(s.nverdicts, 0);
	simt_close(&s);
	return tap_done();
}
