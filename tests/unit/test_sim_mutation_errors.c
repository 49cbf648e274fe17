/* Refused mutations carry the kernel's errno and change nothing. */
#include <errno.h>
#include "test_sim_util.h"

static const char prog[] =
	"svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n"
	"0 mmap 2+1 anon-shared rw\n"	/* op 0: EEXIST, the arena is mapped */
	"0 munmap 4+1\n"
	"0 mprotect 3+2 r\n"		/* op 2: ENOMEM, page 4 is a hole */
	"0 mprotect 6+1 rwx\n"		/* op 3: page 6 a VMA of its own */
	"0 mremap 5+2 2 move 0\n"	/* op 4: EFAULT, two VMAs */
	"0 mremap 0+2 2 move 1\n"	/* op 5: EINVAL, overlap */
	"0 madvise 3+2 dontneed\n"	/* op 6: ENOMEM */
	"0 uffd-wp 4+1 on\n"		/* op 7: ENOENT */
	"0 madvise 0+1 remove\n"	/* op 8: EACCES, private */
	"0 cpu-write 3.0\n";		/* op 9: still rw */

static void expect(const struct simt *s, size_t seq, int err)
{
	const struct sf_event *e = simt_event(s, seq, SF_EV_MUTATION);

	CHECK(e != NULL);
	if (!e)
		return;
	CHECK_EQ(e->outcome, SF_FAILED);
	CHECK_EQ(e->err, err);
	CHECK(e->t0 == e->t1);
}

int main(void)
{
	struct simt s;
	const struct sf_event *w;

	if (simt_once(&s, NULL, NULL, prog))
		return 1;
	expect(&s, 0, EEXIST);
	expect(&s, 2, ENOMEM);
	expect(&s, 4, EFAULT);
	expect(&s, 5, EINVAL);
	expect(&s, 6, ENOMEM);
	expect(&s, 7, ENOENT);
	expect(&s, 8, EACCES);
	CHECK_EQ(s.d->pages[2].backing, SF_BK_ANON_PRIVATE);
	CHECK_EQ(s.d->pages[3].prot, SF_PROT_R | SF_PROT_W);
	w = simt_event(&s, 9, SF_EV_ACCESS);
	CHECK(w && w->outcome == SF_OK);
	CHECK_EQ(s.nverdicts, 0);
	simt_close(&s);
	return tap_done();
}
