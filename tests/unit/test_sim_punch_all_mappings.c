/*
 * A hole punch drops the memfd page under every mapping of it: two arena
 * pages that map the same file offset (one moved there by mremap) share
 * content, and both get the page's next content object when it is punched.
 */
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 munmap 1+1\n"
	"0 mmap 1+1 memfd-shared rw\n"	/* offset 1 */
	"0 munmap 4+1\n"
	"0 mremap 1+1 1 move 4\n"	/* page 4 maps offset 1 */
	"0 mmap 1+1 memfd-shared rw\n"	/* page 1 maps offset 1 again */
	"0 cpu-write 4.0\n"		/* op 5 */
	"0 dev-read 1.0\n"		/* op 6: the same page */
	"0 punch 1+1\n"			/* op 7 */
	"0 cpu-read 4.0\n";		/* op 8: 0 */

int main(void)
{
	struct simt s;
	const struct sf_event *w, *r, *z;
	unsigned hit1 = 0, hit4 = 0;
	uint64_t obj1 = 0, obj4 = 1;

	if (simt_once(&s, NULL, NULL, prog))
		return 1;
	w = simt_event(&s, 5, SF_EV_ACCESS);
	r = simt_event(&s, 6, SF_EV_ACCESS);
	z = simt_event(&s, 8, SF_EV_ACCESS);
	CHECK(w && r && r->value == w->value);
	CHECK(z && z->outcome == SF_OK && z->value == 0);
	for (size_t i = 0; i < s.nev; i++) {
		const struct sf_event *e = &s.ev[i];

		if (e->seq != 7 || e->kind != SF_EV_MUTATION || e->eff.obj_mode != SF_OBJ_SET)
			continue;
		if (e->page <= 1 && e->page + e->npages > 1) {
			hit1++;
			obj1 = e->eff.obj_arg + (1 - e->page);
		}
		if (e->page <= 4 && e->page + e->npages > 4) {
			hit4++;
			obj4 = e->eff.obj_arg + (4 - e->page);
		}
	}
	CHECK_EQ(hit1, 1);
	CHECK_EQ(hit4, 1);
	CHECK(obj1 == obj4);
	CHECK_EQ(s.nverdicts, 0);
	simt_close(&s);
	return tap_done();
}
