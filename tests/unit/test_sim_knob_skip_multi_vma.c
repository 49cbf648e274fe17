/* An munmap over two VMAs invalidates only the first one's pages: the second stays writable: STALE_WRITE. */
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 cpu-write 2.0\n"
	"0 mprotect 3+1 rwx\n"	/* page 3 becomes a VMA of its own */
	"0 cpu-write 3.0\n"
	"0 dev-read 2.0\n"
	"0 dev-read 3.0\n"
	"0 munmap 2+2\n"
	"0 dev-write 2.1\n"	/* op 6 */
	"0 dev-write 3.1\n";	/* op 7 */

int main(void)
{
	static const struct simt_expect clean[] = { { 6, SF_FAULT }, { 7, SF_FAULT } };
	static const struct simt_expect buggy[] = { { 6, SF_FAULT }, { 7, SF_OK } };

	simt_check(NULL, prog, clean, 2, SF_V__COUNT, 0);
	simt_check("skip-multi-vma", prog, buggy, 2, SF_V_STALE_WRITE, 1);
	return tap_done();
}
