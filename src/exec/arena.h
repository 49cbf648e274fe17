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

struct sf_uffd;

/*
 * What the workers know of a page's mlock. MAYBE: a call the model cannot
 * explain may or may not have locked it, so nothing that depends on the
 * lock (a walk stopping, DONTNEED refusing) is predicted for it.
 */
enum sf_lock_state { SF_LOCK_NO, SF_LOCK_YES, SF_LOCK_MAYBE };

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
	/* added by workers: private bookkeeping of the workers, under lock */
	uint32_t *foff;			/* file page a memfd/file-backed page maps (UINT32_MAX: none) */
	uint64_t *memfd_obj;		/* current obj of each memfd page (new id after a punch) */
	uint64_t *file_obj;		/* same for the file */
	uint32_t file_pages;		/* size of memfd and file, in pages */
	uint8_t *locked;		/* mlock state per page: enum sf_lock_state */
	uint64_t fresh_next;		/* local ids for FRESH content in the model */
	int file_punch_ok;		/* the file's filesystem supports hole punching */
	int vma_budget_ok;		/* npages is far below vm.max_map_count */
	struct sf_uffd *uffd;		/* userfaultfd state (uffd.c), NULL until used */
	/* set with uffd by the workers, who own it: reset and close call it */
	void (*uffd_release)(struct sf_arena *a);
	volatile uint64_t *fork_done;	/* shared page: fork child's progress */
	uint64_t counters[8];		/* SF_ARENA_CNT_*: informational worker counts */
};

/* counters[] */
#define SF_ARENA_CNT_MIGRATE_CALLS 0
#define SF_ARENA_CNT_MIGRATE_MOVED 1
#define SF_ARENA_CNT_MADV_KEEP 2	/* advices with no content effect */
#define SF_ARENA_CNT_UFFD_FAULTS 3	/* write faults the uffd handler took */
#define SF_ARENA_CNT_UNKNOWN 4		/* effects reported unknown (failed half-way) */
#define SF_ARENA_CNT_SKIPPED 5		/* ops refused without a syscall (would leave the model) */

/* obj of page i right after open/reset is SF_ARENA_OBJ_INITIAL + i */
#define SF_ARENA_OBJ_INITIAL 1ull

int sf_arena_open(struct sf_arena *a, uint32_t npages, char *err, size_t errlen);
/* Back to the initial state: every page anon-private rw, fresh content. */
int sf_arena_reset(struct sf_arena *a);
void sf_arena_close(struct sf_arena *a);
/* The state every page has after open/reset (the oracle's cfg.initial). */
struct sf_pstate sf_arena_initial(void);

static inline volatile uint64_t *sf_arena_word(const struct sf_arena *a, uint32_t page, uint32_t word)
{
	return (volatile uint64_t *)(a->base + (size_t)page * a->page_size +
				     word * (a->page_size / SF_WORDS_PER_PAGE));
}
#endif
