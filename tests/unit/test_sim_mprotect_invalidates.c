/* mprotect's flush drops the page's IOTLB entry; with no-downgrade-inval the writable entry stays. */
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 cpu-write 2.0\n"	/* a writable PTE */
	"0 dev-read 2.0\n"	/* the IOTLB caches it, writable */
	"0 mprotect 2+1 r\n";

int main(void)
{
	struct simt s;

	if (simt_once(&s, NULL, NULL, prog))
		return 1;
	CHECK(!s.d->pages[2].tlb_valid);
	CHECK(s.d->pages[2].pfn >= 0 && !s.d->pages[2].w);
	CHECK(s.d->st.invalidations > 0);
	simt_close(&s);

	if (simt_once(&s, "no-downgrade-inval", NULL, prog))
		return 1;
	CHECK(s.d->pages[2].tlb_valid);
	CHECK(s.d->pages[2].tlb_w);
	CHECK(!s.d->pages[2].w);	/* the CPU side did change */
	simt_close(&s);
	return tap_done();
}
