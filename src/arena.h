/*
 * The arena: the pages under test, inside an address range the daemon
 * reserves for itself (PROT_NONE guard reservation around it, far below
 * the kernel's mmap base), so no other mapping of the process can ever
 * land in a hole the workers make. Word w of page p lives at
 * base + p * page_size + w * (page_size / SF_WORDS_PER_PAGE).
 *
 * The arena also keeps the executor's model of each page (what the
 * workers computed from the syscalls they made), under the mutation lock:
 * mutations are serialised (the kernel's mmap_lock serialises them
 * anyway), so mutation events never overlap and the oracle stays sharp.
 */
#ifndef SF_ARENA_H
#define SF_ARENA_H
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include "state.h"

struct sf_arena {
	uint8_t *base;			/* page 0 */
	uint8_t *resv;			/* whole reservation incl. guards */
	size_t resv_len;
	size_t page_size;
	uint32_t npages;
	int memfd;			/* backs memfd-shared mappings: page p at offset p */
	int filefd;			/* backs file-shared mappings (an unlinked tmp file) */
	int anon_shared_fd;		/* per-page shared anon objects are memfd-backed too */
	uint64_t obj_memfd;		/* SF_OBJ_SET base ids: obj_memfd + p */
	uint64_t obj_file;
	struct sf_pstate *model;	/* executor's view; under lock */
	pthread_mutex_t lock;		/* the mutation lock */
};

int sf_arena_open(struct sf_arena *a, uint32_t npages, char *err, size_t errlen);
/* Back to the initial state: every page anon-private rw, fresh content. */
int sf_arena_reset(struct sf_arena *a);
void sf_arena_close(struct sf_arena *a);
/* The state every page has after open/reset (the oracle's cfg.initial). */
struct sf_pstate sf_arena_initial(void);

static inline volatile uint64_t *sf_arena_word(const struct sf_arena *a, uint32_t page, uint32_t word)
{
	return (volatile uint64_t *)(a->base + (size_t)page * a->page_size +
				     word * (a->page_size / 8)); /* 8 == SF_WORDS_PER_PAGE */
}
#endif
