/*
 * madvise: the kernel walks the range VMA by VMA, skips holes (ENOMEM at
 * the end) and stops at the first VMA it refuses, with the prefix done.
 * Content effects, per backing:
 *   dontneed  private anon: zero-filled on next touch (FRESH); shared
 *             mappings keep their page cache (KEEP); refused on mlocked VMAs
 *   free      private anon only: the kernel may or may not drop the page
 *             (FORGET); refused elsewhere and on mlocked VMAs
 *   remove    shared mappings only: punches the hole in the backing object
 *             (anon-shared: FRESH; memfd/file: new ids for those file pages
 *             and every alias); refused on private and mlocked VMAs
 *   others    no content effect (KEEP), whatever the kernel answers
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "clock.h"
#include "wk.h"

#ifndef MADV_COLD
#define MADV_COLD 20
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif

static const int advice_code[SF_ADV__COUNT] = {
	[SF_ADV_DONTNEED] = MADV_DONTNEED, [SF_ADV_FREE] = MADV_FREE,
	[SF_ADV_COLD] = MADV_COLD, [SF_ADV_PAGEOUT] = MADV_PAGEOUT,
	[SF_ADV_WILLNEED] = MADV_WILLNEED, [SF_ADV_HUGEPAGE] = MADV_HUGEPAGE,
	[SF_ADV_NOHUGEPAGE] = MADV_NOHUGEPAGE, [SF_ADV_COLLAPSE] = MADV_COLLAPSE,
	[SF_ADV_MERGEABLE] = MADV_MERGEABLE, [SF_ADV_REMOVE] = MADV_REMOVE,
};

/* obj_arg marking "this page's file page is discarded" in done[] (REMOVE) */
#define DISCARD_MARK UINT64_MAX

int wk_madvise_supported(char *why, size_t n)
{
	return 0;
}

/*
 * What the walk does at page p for advice adv: *done if reached, returns
 * errno if refused. A page whose lock state is unknown (locked 2) is
 * predicted as not refused, with the effect of success: if the kernel
 * succeeds that is what happened (it zapped the page), and if it refuses,
 * resolve_walk treats the page as unsure and trusts nothing.
 */
static int predict(const struct sf_arena *a, uint32_t p, unsigned adv, struct sf_effect *done)
{
	const struct sf_pstate *s = &a->model[p];
	int private_anon = s->backing == SF_BK_ANON_PRIVATE;
	int locked = a->locked[p] == SF_LOCK_YES;

	*done = wk_eff_keep();
	if (wk_unknown(a, p))
		return 0;	/* stays unknown; resolve_walk will not trust a failure */
	switch (adv) {
	case SF_ADV_DONTNEED:
		if (locked)
			return EINVAL;
		if (private_anon)
			done->obj_mode = SF_OBJ_FRESH;
		return 0;
	case SF_ADV_FREE:
		if (locked || !private_anon)
			return EINVAL;
		done->obj_mode = SF_OBJ_FORGET;
		return 0;
	case SF_ADV_REMOVE:
		if (locked || private_anon)
			return EINVAL;
		if (s->backing == SF_BK_FILE_SHARED && !a->file_punch_ok)
			return EOPNOTSUPP;
		if (s->backing == SF_BK_ANON_SHARED) {
			done->obj_mode = SF_OBJ_FRESH;
		} else {
			done->obj_mode = SF_OBJ_SET;
			done->obj_arg = DISCARD_MARK;
		}
		return 0;
	default:
		return 0;
	}
}

static void emit_effects(struct sf_arena *a, const struct sf_seq_op *op, struct wk_emit *em,
			 struct sf_effect *out, int exact)
{
	struct wk_discard d;

	if (op->arg0 != SF_ADV_REMOVE || wk_discard_init(&d, a)) {
		wk_emit_range(em, op->page, op->npages, out);
		return;
	}
	/* an unknown page may map any file page: any of them may be gone */
	for (uint32_t i = 0; i < op->npages; i++)
		if (wk_unknown(a, op->page + i)) {
			memset(d.memfd, 1, a->file_pages);
			memset(d.file, 1, a->file_pages);
			d.any = 1;
			exact = 0;
		}
	/* every file page a range page maps may be gone: exact ones from out[], else all */
	for (uint32_t i = 0; i < op->npages; i++) {
		if (out[i].obj_mode == SF_OBJ_SET && out[i].obj_arg == DISCARD_MARK) {
			wk_discard_mark_page(&d, a, op->page + i);
			out[i] = wk_eff_keep();	/* replaced by the alias pass */
		} else if (!exact) {
			wk_discard_mark_page(&d, a, op->page + i);
		}
	}
	wk_discard_emit(a, em, &d, op->page, op->npages, out, exact);
	wk_discard_free(&d);
}

int wk_madvise_exec(struct sf_arena *a, const struct sf_seq_op *op, struct sf_slot *slot,
			struct sf_event *ev)
{
	uint32_t n = op->npages;
	struct wk_walk_bufs b;
	int nomem = wk_walk_bufs_get(&b, n);
	struct sf_effect *done = b.done, *out = b.out;
	int *fail = b.fail;
	int ret, err, changed, exact;
	struct wk_emit em;

	wk_event_init(ev, op);
	if (nomem || op->arg0 >= SF_ADV__COUNT) {
		ev->t0 = ev->t1 = wk_begin(slot);
		ev->outcome = SF_FAILED;
		ev->err = op->arg0 >= SF_ADV__COUNT ? EINVAL : ENOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < n; i++)
		fail[i] = predict(a, op->page + i, op->arg0, &done[i]);
	ev->t0 = wk_begin(slot);
	ret = madvise(wk_addr(a, op->page), wk_len(a, n), advice_code[op->arg0]);
	err = ret ? errno : 0;
	ev->t1 = sf_now_ns();
	ev->err = (uint32_t)err;
	switch (op->arg0) {
	case SF_ADV_DONTNEED:
	case SF_ADV_FREE:
	case SF_ADV_REMOVE:
		exact = wk_resolve_walk(a, &(struct wk_walk){ .page = op->page, .n = n, .ret = ret,
					.err = err, .done = done, .fail = fail, .holes_stop = 0 },
					out, &changed);
		break;
	default:
		/* no content effect whether or not the kernel did it */
		a->counters[SF_ARENA_CNT_MADV_KEEP]++;
		for (uint32_t i = 0; i < n; i++)
			out[i] = wk_eff_keep();
		exact = 1;
		changed = 0;
		break;
	}
	if (ret && !changed) {
		ev->outcome = SF_FAILED;
		goto out;
	}
	wk_emit_init(&em, a, slot, ev);
	emit_effects(a, op, &em, out, exact);
	wk_emit_finish(&em, ev, op->page, n);
out:
	wk_walk_bufs_put(&b);
	return 0;
}
