/*
 * punch: fallocate(PUNCH_HOLE | KEEP_SIZE) on the memfd, pages [page,
 * page+n) of the file. The hole reads zero from then on: those file pages
 * get new obj ids (zero-filled content for the oracle), and every arena
 * page mapping one of them, wherever mremap put it, takes the new id.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include "clock.h"
#include "wk.h"

int wk_punch_supported(char *why, size_t n)
{
	return 0;
}

int wk_punch_exec(struct sf_arena *a, const struct sf_seq_op *op, struct sf_slot *slot,
		      struct sf_event *ev)
{
	struct sf_effect *keep = calloc(op->npages, sizeof(*keep));
	struct wk_discard d;
	struct wk_emit em;
	int ret, err;

	wk_event_init(ev, op);
	if (!keep || op->page + op->npages > a->file_pages || wk_discard_init(&d, a)) {
		free(keep);
		ev->t0 = ev->t1 = wk_begin(slot);
		ev->outcome = SF_FAILED;
		ev->err = keep ? EINVAL : ENOMEM;
		return 0;
	}
	for (uint32_t i = 0; i < op->npages; i++) {
		keep[i] = wk_eff_keep();
		d.memfd[op->page + i] = 1;
	}
	d.any = 1;
	ev->t0 = wk_begin(slot);
	ret = fallocate(a->memfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			(off_t)op->page * (off_t)a->page_size, (off_t)wk_len(a, op->npages));
	err = ret ? errno : 0;
	ev->t1 = sf_now_ns();
	ev->err = (uint32_t)err;
	if (ret) {
		ev->outcome = SF_FAILED;	/* shmem punches all or nothing */
	} else {
		wk_emit_init(&em, a, slot, ev);
		wk_discard_emit(a, &em, &d, op->page, op->npages, keep, 1);
		wk_emit_finish(&em, ev, op->page, op->npages);
	}
	wk_discard_free(&d);
	free(keep);
	return 0;
}
