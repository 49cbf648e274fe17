/*
 * mremap: resize in place, or move (MREMAP_MAYMOVE | MREMAP_FIXED) to a
 * destination inside the arena, optionally with MREMAP_DONTUNMAP. Never
 * MAYMOVE alone: the kernel would pick an address outside the arena.
 *
 * Ranges the model cannot vouch for are refused without a syscall
 * (outcome failed, counted as skipped): the source must look like one
 * mapping (all pages mapped, known, same backing/prot/lock state, file
 * pages contiguous), a move's destination must be unmapped (we never
 * clobber a mapping), growth must stay inside the backing object (a
 * shared anon object or a file cannot grow under us: SIGBUS), and
 * DONTUNMAP is for private anon only (the source then reads zero).
 *
 * Effects: a move emits the destination first (MOVE: page i takes the
 * whole state of source page i, as the oracle's rule wants it fed before
 * the source changes), then the source (unmapped, or FRESH with DONTUNMAP).
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "clock.h"
#include "wk.h"

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

int wk_mremap_supported(char *why, size_t n)
{
	return 0;
}

/* Source pages look like one mapping the model knows exactly. */
static int source_ok(const struct sf_arena *a, uint32_t page, uint32_t n)
{
	const struct sf_pstate *s0 = &a->model[page];

	if (!wk_mapped(a, page) || wk_unknown(a, page) || a->locked[page] == SF_LOCK_MAYBE)
		return 0;
	for (uint32_t i = 1; i < n; i++) {
		const struct sf_pstate *s = &a->model[page + i];

		if (s->backing != s0->backing || s->prot != s0->prot || s->flags != s0->flags ||
		    a->locked[page + i] != a->locked[page])
			return 0;
		if (wk_filebacked(s->backing) && a->foff[page + i] != a->foff[page] + i)
			return 0;
	}
	return 1;
}

static int range_unmapped(const struct sf_arena *a, uint32_t page, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (wk_mapped(a, page + i) || wk_unknown(a, page + i))
			return 0;
	return 1;
}

/* 0 if the op may run, else the errno it is refused with. */
static int check(const struct sf_arena *a, const struct sf_seq_op *op)
{
	uint32_t n = op->npages, new_n = op->arg0, dst = op->arg1;
	int move = op->arg2 & SF_MREMAP_MOVE, dontunmap = op->arg2 & SF_MREMAP_DONTUNMAP;
	uint8_t bk = a->model[op->page].backing;

	if (new_n == 0 || !source_ok(a, op->page, n))
		return EINVAL;
	if (new_n > n && bk == SF_BK_ANON_SHARED)
		return EOPNOTSUPP;
	if (new_n > n && wk_filebacked(bk) &&
	    (uint64_t)a->foff[op->page] + new_n > a->file_pages)
		return EOPNOTSUPP;
	if (dontunmap && (!move || new_n != n || bk != SF_BK_ANON_PRIVATE))
		return EINVAL;
	if (!move)
		return 0;
	if ((uint64_t)dst + new_n > a->npages)
		return EINVAL;
	if (dst < op->page + n && op->page < dst + new_n)
		return EINVAL;		/* overlapping ranges */
	if (!range_unmapped(a, dst, new_n))
		return EEXIST;
	return 0;
}

/* Effect of page j of the part a resize adds after source page last. */
static struct sf_effect grown(const struct sf_arena *a, uint32_t last, uint32_t j)
{
	const struct sf_pstate *s = &a->model[last];
	struct sf_effect e;

	if (wk_filebacked(s->backing)) {
		e = wk_eff_map_file(a, s->backing, s->prot, a->foff[last] + 1 + j);
	} else {
		e = wk_eff_map(s->backing, s->prot, SF_OBJ_FRESH, 0);
	}
	/* the grown part belongs to the same VMA: uffd registration and all */
	e.flags_set = s->flags & SF_PS_UFFD_WP;
	e.flags_clear &= (uint8_t)~e.flags_set;
	return e;
}

static void emit_grown(struct sf_arena *a, struct wk_emit *em, uint32_t last, uint32_t at, uint32_t k)
{
	struct sf_effect *eff = malloc(k * sizeof(*eff));
	uint32_t foff = a->foff[last];
	uint8_t locked = a->locked[last];

	if (!eff) {	/* cannot say exactly: say unknown */
		wk_emit_uniform(em, at, k, sf_effect_unknown());
		return;
	}
	for (uint32_t j = 0; j < k; j++)
		eff[j] = grown(a, last, j);
	wk_emit_range(em, at, k, eff);
	for (uint32_t j = 0; j < k; j++) {
		if (wk_filebacked(a->model[at + j].backing))
			a->foff[at + j] = foff + 1 + j;
		a->locked[at + j] = locked;
	}
	free(eff);
}

/*
 * MREMAP_DONTUNMAP clears VM_LOCKED on the old VMA, and that VMA may reach
 * past the moved range (seen on 6.18: a lock on the page next to the moved
 * one was gone, and MADV_DONTNEED zapped it). The model does not know
 * where VMAs end, so locked neighbours that may share it become "maybe".
 */
static void unlock_source_vma(struct sf_arena *a, uint32_t page, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		a->locked[page + i] = SF_LOCK_NO;
	for (uint32_t p = page; p-- > 0 && wk_mapped(a, p) && a->locked[p];)
		a->locked[p] = SF_LOCK_MAYBE;
	for (uint32_t p = page + n; p < a->npages && wk_mapped(a, p) && a->locked[p]; p++)
		a->locked[p] = SF_LOCK_MAYBE;
}

static void emit_success(struct sf_arena *a, const struct sf_seq_op *op, struct wk_emit *em)
{
	uint32_t n = op->npages, new_n = op->arg0, dst = op->arg1;
	uint32_t last = op->page + n - 1, keep = new_n < n ? new_n : n;
	struct sf_effect src_eff = wk_eff_unmap();

	if (!(op->arg2 & SF_MREMAP_MOVE)) {
		if (new_n < n)
			wk_emit_uniform(em, op->page + new_n, n - new_n, wk_eff_unmap());
		else if (new_n > n)
			emit_grown(a, em, last, op->page + n, new_n - n);
		return;
	}
	struct sf_effect mv = wk_eff_keep();

	mv.obj_mode = SF_OBJ_MOVE;
	mv.obj_arg = op->page;
	if (new_n > n)	/* grown part first: it reads the source's last page */
		emit_grown(a, em, last, dst + n, new_n - n);
	wk_emit_uniform(em, dst, keep, mv);
	if (op->arg2 & SF_MREMAP_DONTUNMAP) {
		src_eff = wk_eff_keep();
		src_eff.obj_mode = SF_OBJ_FRESH;	/* still mapped, page tables moved away */
	}
	wk_emit_uniform(em, op->page, n, src_eff);
	if (op->arg2 & SF_MREMAP_DONTUNMAP)
		unlock_source_vma(a, op->page, n);
}

int wk_mremap_exec(struct sf_arena *a, const struct sf_seq_op *op, struct sf_slot *slot,
		       struct sf_event *ev)
{
	uint32_t n = op->npages, new_n = op->arg0, dst = op->arg1;
	int move = op->arg2 & SF_MREMAP_MOVE, flags = 0, err;
	void *old = wk_addr(a, op->page), *r;
	struct wk_emit em;

	wk_event_init(ev, op);
	err = check(a, op);
	ev->t0 = wk_begin(slot);
	if (err) {
		a->counters[SF_ARENA_CNT_SKIPPED]++;
		ev->t1 = ev->t0;
		ev->outcome = SF_FAILED;
		ev->err = (uint32_t)err;
		return 0;
	}
	if (move)
		flags = MREMAP_MAYMOVE | MREMAP_FIXED;
	if (op->arg2 & SF_MREMAP_DONTUNMAP)
		flags |= MREMAP_DONTUNMAP;
	r = mremap(old, wk_len(a, n), wk_len(a, new_n), flags, wk_addr(a, move ? dst : op->page));
	err = r == MAP_FAILED ? errno : 0;
	ev->t1 = sf_now_ns();
	ev->err = (uint32_t)err;
	wk_emit_init(&em, a, slot, ev);
	if (!err && r == (move ? (void *)wk_addr(a, dst) : old)) {
		emit_success(a, op, &em);
	} else if (!move || err == EINVAL) {
		/* resizing in place checks everything before it changes anything */
		ev->outcome = SF_FAILED;
		return 0;
	} else {
		/* a move that failed may have moved some VMAs */
		a->counters[SF_ARENA_CNT_UNKNOWN]++;
		wk_emit_uniform(&em, dst, new_n, sf_effect_unknown());
		wk_emit_uniform(&em, op->page, n, sf_effect_unknown());
	}
	wk_emit_finish(&em, ev, op->page, n);
	return 0;
}
