/* munmap: holes are fine; the kernel gathers and splits VMAs before it unmaps anything. */
#include <errno.h>
#include <sys/mman.h>
#include "clock.h"
#include "wk.h"

int wk_munmap_supported(char *why, size_t n)
{
	return 0;
}

int wk_munmap_exec(struct sf_arena *a, const struct sf_seq_op *op, struct sf_slot *slot,
		       struct sf_event *ev)
{
	struct wk_emit em;
	int ret, err;

	wk_event_init(ev, op);
	ev->t0 = wk_begin(slot);
	ret = munmap(wk_addr(a, op->page), wk_len(a, op->npages));
	err = ret ? errno : 0;
	ev->t1 = sf_now_ns();
	ev->err = (uint32_t)err;
	wk_emit_init(&em, a, slot, ev);
	if (ret == 0) {
		wk_emit_uniform(&em, op->page, op->npages, wk_eff_unmap());
	} else if (err != EINVAL) {
		/* not expected on our aligned ranges: say we do not know */
		a->counters[SF_ARENA_CNT_UNKNOWN]++;
		wk_emit_uniform(&em, op->page, op->npages, sf_effect_unknown());
	} else {
		ev->outcome = SF_FAILED;
	}
	if (ev->outcome == SF_OK)
		wk_emit_finish(&em, ev, op->page, op->npages);
	return 0;
}
