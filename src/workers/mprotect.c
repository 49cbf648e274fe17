/*
 * mprotect: the kernel changes VMA by VMA and stops at the first hole
 * (ENOMEM) with the prefix already changed, so a failure over a hole the
 * model knows about is still exact; anything else it did not predict is
 * reported as unknown.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "clock.h"
#include "wk.h"

int wk_mprotect_supported(char *why, size_t n)
{
	return 0;
}

int wk_mprotect_exec(struct sf_arena *a, const struct sf_seq_op *op, struct sf_slot *slot,
			 struct sf_event *ev)
{
	uint8_t prot = op->arg0 & (SF_PROT_R | SF_PROT_W | SF_PROT_X);
	struct wk_walk_bufs b;
	struct sf_effect *done, *out;
	struct wk_emit em;
	int ret, err, changed;

	wk_event_init(ev, op);
	if (wk_walk_bufs_get(&b, op->npages)) {
		ev->t0 = ev->t1 = wk_begin(slot);
		ev->outcome = SF_FAILED;
		ev->err = ENOMEM;
		return -1;
	}
	done = b.done;
	out = b.out;
	for (uint32_t i = 0; i < op->npages; i++) {
		done[i] = wk_eff_keep();
		done[i].set_prot = prot;
		b.fail[i] = 0;	/* mprotect fails on holes only (holes_stop) */
	}
	ev->t0 = wk_begin(slot);
	ret = mprotect(wk_addr(a, op->page), wk_len(a, op->npages), prot);
	err = ret ? errno : 0;
	ev->t1 = sf_now_ns();
	wk_resolve_walk(a, &(struct wk_walk){ .page = op->page, .n = op->npages, .ret = ret,
			.err = err, .done = done, .fail = b.fail, .holes_stop = 1 },
			out, &changed);
	ev->err = (uint32_t)err;
	ev->outcome = ret && !changed ? SF_FAILED : SF_OK;
	wk_emit_init(&em, a, slot, ev);
	if (ev->outcome == SF_OK)
		wk_emit_range(&em, op->page, op->npages, out);
	wk_emit_finish(&em, ev, op->page, op->npages);
	wk_walk_bufs_put(&b);
	return 0;
}
