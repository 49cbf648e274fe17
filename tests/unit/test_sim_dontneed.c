/* MADV_DONTNEED: private anon content is gone (FRESH, reads 0); a shared page keeps its content. */
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 cpu-write 1.2\n"
	"0 madvise 1+1 dontneed\n"	/* op 1 */
	"0 cpu-read 1.2\n"		/* op 2: 0 */
	"0 munmap 3+1\n"
	"0 mmap 3+1 memfd-shared rw\n"
	"0 cpu-write 3.2\n"		/* op 5 */
	"0 madvise 3+1 dontneed\n"	/* op 6 */
	"0 dev-read 3.2\n";		/* op 7: the value */

int main(void)
{
	struct simt s;
	const struct sf_event *m1, *r1, *w3, *m3, *r3;

	if (simt_once(&s, NULL, NULL, prog))
		return 1;
	m1 = simt_event(&s, 1, SF_EV_MUTATION);
	r1 = simt_event(&s, 2, SF_EV_ACCESS);
	w3 = simt_event(&s, 5, SF_EV_ACCESS);
	m3 = simt_event(&s, 6, SF_EV_MUTATION);
	r3 = simt_event(&s, 7, SF_EV_ACCESS);
	CHECK(m1 && m1->eff.obj_mode == SF_OBJ_FRESH);
	CHECK(r1 && r1->outcome == SF_OK && r1->value == 0);
	CHECK(m3 && m3->eff.obj_mode == SF_OBJ_KEEP);
	CHECK(w3 && r3 && r3->outcome == SF_OK && r3->value == w3->value);
	CHECK_EQ(s.nverdicts, 0);
	simt_close(&s);
	return tap_done();
}
