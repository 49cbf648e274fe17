/*
 * After fork and the child's exit, a CPU write reuses the frame in place
 * (wp_page_reuse: same pfn, now writable) and invalidates the device's
 * read-only entry for the page.
 */
#include "test_sim_util.h"

static const char before[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 cpu-write 2.0\n0 fork 2+1\n0 dev-read 2.0\n";
static const char after[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 cpu-write 2.0\n0 fork 2+1\n0 dev-read 2.0\n0 cpu-write 2.1\n";

int main(void)
{
	struct simt s;
	int32_t pfn;

	if (simt_once(&s, NULL, NULL, before))
		return 1;
	pfn = s.d->pages[2].pfn;
	CHECK(pfn > 0);
	CHECK(!s.d->pages[2].w);	/* write-protected by fork */
	CHECK(s.d->pages[2].tlb_valid && !s.d->pages[2].tlb_w);
	CHECK_EQ(s.d->frames[pfn].ref, 1);	/* the child is gone */
	simt_close(&s);

	if (simt_once(&s, NULL, NULL, after))
		return 1;
	CHECK_EQ(s.d->pages[2].pfn, pfn);
	CHECK(s.d->pages[2].w);
	CHECK(!s.d->pages[2].tlb_valid);
	simt_close(&s);
	return tap_done();
}
