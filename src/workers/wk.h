/*
 * Helpers shared by the workers (private to src/workers/ and arena.c).
 *
 * One syscall can change several ranges differently (mremap move: the
 * destination takes the source's state, then the source is unmapped;
 * madvise over private and shared pages: fresh content on some, none on
 * others). A worker therefore computes one effect per page and the
 * emitter turns maximal runs of equal effects into events: every event
 * but the last is published right away (slot, or the thread's sink when
 * slot is NULL), the last is returned in *ev for the caller to put. Each
 * page gets at most one event per op, so events of one op never overlap
 * on a page (the oracle would widen them to unknown).
 */
#ifndef SF_WK_H
#define SF_WK_H
#include <sys/syscall.h>
#include <unistd.h>
#include "worker.h"

uint64_t sf_arena_obj_alloc(uint32_t n);	/* arena.c: fresh SF_OBJ_SET base */
void sf_uffd_release(struct sf_arena *a);	/* uffd.c: unregister, stop the handler */

/*
 * mlock/munlock by raw syscall: sanitizer runtimes turn the libc calls into
 * no-ops, and the model would then believe in locks the kernel never took.
 */
static inline int wk_sys_mlock(void *addr, size_t len, int lock)
{
	return (int)syscall(lock ? SYS_mlock : SYS_munlock, addr, len);
}

static inline uint8_t *wk_addr(const struct sf_arena *a, uint32_t page)
{
	return a->base + (size_t)page * a->page_size;
}

static inline size_t wk_len(const struct sf_arena *a, uint32_t n)
{
	return (size_t)n * a->page_size;
}

static inline int wk_unknown(const struct sf_arena *a, uint32_t p)
{
	return (a->model[p].flags & SF_PS_UNKNOWN) != 0;
}

static inline int wk_mapped(const struct sf_arena *a, uint32_t p)
{
	return a->model[p].backing != SF_BK_NONE;
}

/* memfd- or file-backed: content lives in a file page */
static inline int wk_filebacked(uint8_t backing)
{
	return backing == SF_BK_MEMFD_SHARED || backing == SF_BK_FILE_SHARED;
}

/* Reset ev for op, keeping ev->seq and ev->thread if the caller set them. */
void wk_event_init(struct sf_event *ev, const struct sf_seq_op *op);
/* t0 of the op: sf_slot_begin(slot), or the clock when slot is NULL. */
uint64_t wk_begin(struct sf_slot *slot);
/* Publish one event that is not the op's last. */
void wk_put(struct sf_slot *slot, const struct sf_event *ev);

/* inline: several calls per page of every op (it showed in a profile of bench_mutators) */
static inline struct sf_effect wk_eff_keep(void)
{
	return (struct sf_effect){ .set_backing = SF_EFF_KEEP, .set_prot = SF_EFF_KEEP,
				   .obj_mode = SF_OBJ_KEEP };
}
struct sf_effect wk_eff_unmap(void);
/* fresh mapping of backing/prot; obj mode FRESH, or SET with obj_arg = the page's absolute obj */
struct sf_effect wk_eff_map(uint8_t backing, uint8_t prot, uint8_t obj_mode, uint64_t obj);
/* a mapping of file page q of a memfd/file backing: its obj, or FORGET if its content is unknown */
struct sf_effect wk_eff_map_file(const struct sf_arena *a, uint8_t backing, uint8_t prot, uint32_t q);

struct wk_emit {
	struct sf_arena *a;
	struct sf_slot *slot;
	struct sf_event tmpl;		/* op, thread, seq, t0, t1, outcome, err */
	struct sf_event last;		/* held back: the op's last event */
	int have_last;
	int after_move;			/* events after a MOVE are stamped t0 + 1 */
};

void wk_emit_init(struct wk_emit *e, struct sf_arena *a, struct sf_slot *slot,
		  const struct sf_event *tmpl);
/*
 * Pages [page, page+n) get eff[i] (for SF_OBJ_SET obj_arg is page i's
 * absolute obj, for SF_OBJ_MOVE its absolute source page); one event per
 * maximal run; the model is updated page by page in that order.
 */
void wk_emit_range(struct wk_emit *e, uint32_t page, uint32_t n, const struct sf_effect *eff);
/* Same effect on every page of the range (SET/MOVE: obj_arg for the first page). */
void wk_emit_uniform(struct wk_emit *e, uint32_t page, uint32_t n, struct sf_effect eff);
/* The op's last event into *ev; if nothing was emitted, tmpl over [page, page+n). */
void wk_emit_finish(struct wk_emit *e, struct sf_event *ev, uint32_t page, uint32_t n);

/* Apply one effect to the model page p (mirror of the oracle's rule). */
void wk_model_apply(struct sf_arena *a, uint32_t p, const struct sf_effect *eff);

/*
 * A syscall that walks its range VMA by VMA and stops at the first one it
 * refuses (mprotect, mlock, madvise), in struct wk_walk (vma_walk.c): the
 * range, the syscall's ret and errno, and done[i]: page i's effect if the walk
 * reached it; fail[i]: errno the walk would stop with at page i (0: fine).
 * holes_stop: a hole stops the walk with ENOMEM (mprotect, mlock) instead
 * of being skipped and reported as ENOMEM at the end (madvise).
 * Returns 1 and fills out[] if the result (ret, err) is what the model
 * predicts, with every page reached set to done[i] and the others to
 * KEEP; returns 0 and fills out[] with unknown effects if not. *changed
 * says whether any page got a non-KEEP effect.
 */
struct wk_walk {
	uint32_t page, n;		/* the range walked */
	int ret, err;			/* what the syscall returned, and its errno */
	const struct sf_effect *done;
	const int *fail;
	int holes_stop;
};
int wk_resolve_walk(struct sf_arena *a, const struct wk_walk *w, struct sf_effect *out,
		    int *changed);

/*
 * The done, out and fail arrays of a walk over n pages: on the stack for
 * short ranges (most ops; a malloc and free of three arrays was a tenth of
 * a recorded single-page mprotect's user time), else one allocation.
 * Not zeroed: the caller fills every entry of done and fail, and
 * wk_resolve_walk() every one of out (zeroing them, a rep stos each, was
 * a third of the mprotect worker's own time). wk_walk_bufs_get() returns
 * -1 if it cannot allocate.
 */
#define WK_WALK_SHORT 16
struct wk_walk_bufs {
	struct sf_effect *done, *out;
	int *fail;
	void *heap;
	struct sf_effect s_done[WK_WALK_SHORT], s_out[WK_WALK_SHORT];
	int s_fail[WK_WALK_SHORT];
};
int wk_walk_bufs_get(struct wk_walk_bufs *b, uint32_t n);
void wk_walk_bufs_put(struct wk_walk_bufs *b);
int wk_eff_is_keep(const struct sf_effect *e);

/*
 * Discarded file pages (hole punch, MADV_REMOVE): a page of the memfd or
 * the file gets a new obj id, and so does every arena page that maps it,
 * wherever it is (mremap moves can map one file page at two places).
 */
struct wk_discard {
	uint8_t *memfd;		/* per file page: 1 = content discarded */
	uint8_t *file;
	int any;
};
int wk_discard_init(struct wk_discard *d, const struct sf_arena *a);
void wk_discard_free(struct wk_discard *d);
/* Mark the file page that arena page p maps (if it maps one and is known). */
void wk_discard_mark_page(struct wk_discard *d, const struct sf_arena *a, uint32_t p);
/*
 * Emit the op over the whole arena: pages [page, page+n) get range_eff[]
 * unless they map a discarded file page; pages mapping one get SET to the
 * file page's new obj (exact) or unknown (!exact: we do not know whether
 * the discard happened). Not exact, the file pages' own content becomes
 * unknown too (obj SF_OBJ_UNKNOWN), so that mapping one later says so.
 */
int wk_discard_emit(struct sf_arena *a, struct wk_emit *em, struct wk_discard *d, uint32_t page,
		    uint32_t n, const struct sf_effect *range_eff, int exact);
/*
 * The workers, one file each: X(OP, "name", fn) runs SF_OP_<OP> (its
 * sf_op_name) with wk_<fn>_supported() and wk_<fn>_exec(). The
 * declarations below and the table in workers.c are made from this list,
 * so a new worker is its file and one line here.
 */
#define WK_WORKERS(X)                              \
	X(MPROTECT, "mprotect", mprotect)          \
	X(MUNMAP, "munmap", munmap)                \
	X(MMAP, "mmap", mmap)                      \
	X(MREMAP, "mremap", mremap)                \
	X(MADVISE, "madvise", madvise)             \
	X(PUNCH, "punch", punch)                   \
	X(FORK, "fork", fork)                      \
	X(UFFD_WP, "uffd-wp", uffd)                \
	X(MIGRATE, "migrate", migrate)             \
	X(MLOCK, "mlock", mlock)                   \
	X(MUNLOCK, "munlock", munlock)             \
	X(COMPACT, "compact", compact)

#define WK_WORKER_DECL_(OP, nm, fn)                                                      \
	int wk_##fn##_supported(char *why, size_t n);                                    \
	int wk_##fn##_exec(struct sf_arena *a, const struct sf_seq_op *op,               \
			   struct sf_slot *slot, struct sf_event *ev);
WK_WORKERS(WK_WORKER_DECL_)
#undef WK_WORKER_DECL_
#endif
