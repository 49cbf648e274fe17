/*
 * The sim's model of the IOAS ops (sim_ioas.c): the device reaches a page
 * only through an area (ENOENT without one, EPERM for a write to a
 * read-only one), an unmap that cuts an area fails and changes nothing,
 * maps and copies refuse what is there; knob ioas-unmap-skips-domain
 * leaves the last page of an unmap reachable: STALE_READ.
 * Bind layout (areas of 1 to 4 pages): [0] [1] [2] [3,4] [5,6] [7].
 */
#include <errno.h>
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 dev-read 1.0\n"		/* 0: mapped at bind */
	"0 ioas-unmap 0+2\n"		/* 1: two whole areas */
	"0 dev-read 1.0\n"		/* 2: no area */
	"0 ioas-unmap 3+1\n"		/* 3: cuts [3,4]: ENOENT */
	"0 dev-write 3.0\n"		/* 4: still mapped */
	"0 ioas-map 0+2 r\n"		/* 5: read-only area */
	"0 dev-write 0.0\n"		/* 6: EPERM */
	"0 dev-read 0.1\n"		/* 7: ok */
	"0 ioas-copy 5+2\n"		/* 8: ok */
	"0 ioas-copy 5+1\n"		/* 9: EEXIST */
	"0 ioas-map 3+1 rw\n"		/* 10: EEXIST */
	"0 ioas-copy 1+3\n";		/* 11: ok (0..3 mapped) */

static const struct sf_event *ev(const struct simt *s, size_t seq, unsigned kind)
{
	const struct sf_event *e = simt_event(s, seq, kind);

	CHECK(e != NULL);
	return e;
}

static void check_outcome(const struct simt *s, size_t seq, unsigned kind, unsigned outcome,
			  uint32_t err)
{
	const struct sf_event *e = ev(s, seq, kind);

	if (!e)
		return;
	CHECK_EQ(e->outcome, outcome);
	CHECK_EQ(e->err, err);
}

int main(void)
{
	struct simt s;

	if (simt_once(&s, NULL, NULL, prog) == 0) {
		check_outcome(&s, 0, SF_EV_ACCESS, SF_OK, 0);
		check_outcome(&s, 1, SF_EV_MUTATION, SF_OK, 0);
		check_outcome(&s, 2, SF_EV_ACCESS, SF_FAULT, ENOENT);
		check_outcome(&s, 3, SF_EV_MUTATION, SF_FAILED, ENOENT);
		check_outcome(&s, 4, SF_EV_ACCESS, SF_OK, 0);
		check_outcome(&s, 5, SF_EV_MUTATION, SF_OK, 0);
		check_outcome(&s, 6, SF_EV_ACCESS, SF_FAULT, EPERM);
		check_outcome(&s, 7, SF_EV_ACCESS, SF_OK, 0);
		check_outcome(&s, 8, SF_EV_MUTATION, SF_OK, 0);
		check_outcome(&s, 9, SF_EV_MUTATION, SF_FAILED, EEXIST);
		check_outcome(&s, 10, SF_EV_MUTATION, SF_FAILED, EEXIST);
		check_outcome(&s, 11, SF_EV_MUTATION, SF_OK, 0);
		CHECK_EQ(s.nverdicts, 0);
		simt_close(&s);
	} else {
		CHECK(0);
	}
	if (simt_once(&s, "ioas-unmap-skips-domain", NULL, prog) == 0) {
		check_outcome(&s, 2, SF_EV_ACCESS, SF_OK, 0);	/* page 1: the last one */
		CHECK_EQ(s.verdicts[SF_V_STALE_READ], 1);
		CHECK_EQ(s.nverdicts, 1);
		simt_close(&s);
	} else {
		CHECK(0);
	}
	return tap_done();
}
