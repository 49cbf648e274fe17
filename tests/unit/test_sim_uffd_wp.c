/* uffd-wp on: CPU and device writes fault, reads do not; off: writes succeed again. */
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 cpu-write 2.0\n"
	"0 uffd-wp 2+1 on\n"	/* op 1 */
	"0 cpu-write 2.1\n"	/* op 2: fault */
	"0 dev-write 2.2\n"	/* op 3: fault */
	"0 dev-read 2.0\n"	/* op 4: ok */
	"0 uffd-wp 2+1 off\n"
	"0 dev-write 2.2\n"	/* op 6: ok */
	"0 cpu-write 2.1\n";	/* op 7: ok */

int main(void)
{
	struct simt s;
	const struct sf_event *on, *e;
	static const unsigned want[][2] = { { 2, SF_FAULT }, { 3, SF_FAULT }, { 4, SF_OK },
					     { 6, SF_OK }, { 7, SF_OK } };

	if (simt_once(&s, NULL, NULL, prog))
		return 1;
	on = simt_event(&s, 1, SF_EV_MUTATION);
	CHECK(on && on->eff.flags_set == SF_PS_UFFD_WP);
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		e = simt_event(&s, want[i][0], SF_EV_ACCESS);
		CHECK(e && e->outcome == want[i][1]);
	}
	CHECK_EQ(s.nverdicts, 0);
	simt_close(&s);
	return tap_done();
}
