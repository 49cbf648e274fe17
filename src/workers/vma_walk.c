/*
 * What a syscall that walks its range VMA by VMA did (see wk.h,
 * wk_resolve_walk): from the kernel's answer and the model's prediction,
 * each page's effect, or unknown when the answer is not the predicted one.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "wk.h"

int wk_walk_bufs_get(struct wk_walk_bufs *b, uint32_t n)
{
	b->heap = NULL;
	b->done = b->out = NULL;
	b->fail = NULL;
	if (n <= WK_WALK_SHORT) {
		b->done = b->s_done;
		b->out = b->s_out;
		b->fail = b->s_fail;
		return 0;
	}
	b->heap = malloc(n * (2 * sizeof(struct sf_effect) + sizeof(int)));
	if (!b->heap)
		return -1;
	b->done = b->heap;
	b->out = b->done + n;
	b->fail = (int *)(b->out + n);
	return 0;
}

void wk_walk_bufs_put(struct wk_walk_bufs *b)
{
	free(b->heap);
	b->heap = NULL;
}

int wk_resolve_walk(struct sf_arena *a, const struct wk_walk *w, struct sf_effect *out,
		    int *changed)
{
	uint32_t page = w->page, n = w->n;
	int ret = w->ret, err = w->err;
	uint32_t stop = n;
	int want_err = 0;
	bool unsure = false, hole = false;

	for (uint32_t i = 0; i < n && stop == n; i++) {
		uint32_t p = page + i;

		if (wk_unknown(a, p) || a->locked[p] == SF_LOCK_MAYBE)
			unsure = true;	/* cannot say whether the walk stops here */
		else if (!wk_mapped(a, p)) {
			hole = true;
			if (w->holes_stop) {
				stop = i;
				want_err = ENOMEM;
			}
		} else if (w->fail[i]) {
			stop = i;
			want_err = w->fail[i];
		}
	}
	if (!want_err && hole)
		want_err = ENOMEM;
	*changed = 0;
	/*
	 * Exact only if the kernel said what the model predicts. A failure the
	 * model did not predict (or could not, over unknown pages, or ENOMEM
	 * that could come from vm.max_map_count) may have changed any prefix.
	 */
	bool exact = want_err ? (ret != 0 && err == want_err && !unsure &&
				 (want_err != ENOMEM || a->vma_budget_ok))
			      : ret == 0;
	for (uint32_t i = 0; i < n; i++) {
		if (!exact)
			out[i] = sf_effect_unknown();
		else if (i < stop && (ret == 0 || wk_mapped(a, page + i)))
			out[i] = w->done[i];
		else
			out[i] = wk_eff_keep();
		if (!wk_eff_is_keep(&out[i]))
			*changed = 1;
	}
	if (!exact)
		a->counters[SF_ARENA_CNT_UNKNOWN]++;
	return exact;
}
