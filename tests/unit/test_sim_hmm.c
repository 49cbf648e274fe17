/*
 * hmm's device-side ops in the sim (sim_hmm.c): migrate-to-dev and back
 * keep the content and mark the page SF_PS_DEVPRIV (set, then cleared);
 * a CPU access to a migrated page brings it back with its content and
 * invalidates the device's entry; exclusive needs write right (EBUSY
 * on a read-only page) and keeps the content; an unreadable page makes a
 * migration fail with EINVAL. No verdict anywhere: the model agrees with
 * the oracle.
 */
#include <errno.h>
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 dev-write 1.2\n"		/* op 0 */
	"0 migrate-to-dev 1+1\n"	/* op 1 */
	"0 dev-read 1.2\n"		/* op 2: the value, from device memory */
	"0 cpu-read 1.2\n"		/* op 3: migrated back, the value */
	"0 migrate-to-dev 1+1\n"	/* op 4 */
	"0 migrate-to-sys 1+1\n"	/* op 5 */
	"0 cpu-write 2.0\n"		/* op 6 */
	"0 exclusive 2+1\n"		/* op 7 */
	"0 cpu-read 2.0\n"		/* op 8: restored, the value */
	"0 mprotect 3+1 r\n"
	"0 exclusive 3+1\n"		/* op 10: EBUSY */
	"0 mprotect 4+1 none\n"
	"0 migrate-to-dev 4+1\n";	/* op 12: EINVAL */

int main(void)
{
	struct simt s;
	const struct sf_event *w0, *m1, *r2, *r3, *m5, *w6, *r8;

	if (simt_once(&s, NULL, NULL, prog))
		return 1;
	w0 = simt_event(&s, 0, SF_EV_ACCESS);
	m1 = simt_event(&s, 1, SF_EV_MUTATION);
	r2 = simt_event(&s, 2, SF_EV_ACCESS);
	r3 = simt_event(&s, 3, SF_EV_ACCESS);
	m5 = simt_event(&s, 5, SF_EV_MUTATION);
	w6 = simt_event(&s, 6, SF_EV_ACCESS);
	r8 = simt_event(&s, 8, SF_EV_ACCESS);
	CHECK(m1 && m1->outcome == SF_OK && m1->eff.obj_mode == SF_OBJ_KEEP);
	CHECK(m1 && m1->eff.flags_set == SF_PS_DEVPRIV);
	CHECK(m5 && m5->outcome == SF_OK && m5->eff.flags_clear == SF_PS_DEVPRIV);
	CHECK(w0 && r2 && r2->outcome == SF_OK && r2->value == w0->value);
	CHECK(w0 && r3 && r3->outcome == SF_OK && r3->value == w0->value);
	CHECK(w6 && r8 && r8->outcome == SF_OK && r8->value == w6->value);
	m5 = simt_event(&s, 10, SF_EV_MUTATION);
	CHECK(m5 && m5->outcome == SF_FAILED && m5->err == EBUSY);
	m5 = simt_event(&s, 12, SF_EV_MUTATION);
	CHECK(m5 && m5->outcome == SF_FAILED && m5->err == EINVAL);
	CHECK_EQ(s.nverdicts, 0);
	simt_close(&s);
	return tap_done();
}
