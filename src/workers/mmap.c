/*
 * mmap: MAP_FIXED_NOREPLACE inside the arena only, so a failure (EEXIST
 * when anything is mapped there) changes nothing. memfd/file page p is at
 * file offset p * page_size: page i's content is that file page's obj.
 */
#include <errno.h>
#include <sys/mman.h>
#include "clock.h"
#include "wk.h"

int wk_mmap_supported(char *why, size_t n)
{
	return 0;
}

static void map_effects(struct sf_arena *a, const struct sf_seq_op *op, struct wk_emit *em)
{
	uint8_t backing = (uint8_t)op->arg0, prot = op->arg1 & 7;

	if (!wk_filebacked(backing)) {
		wk_emit_uniform(em, op->page, op->npages,
				wk_eff_map(backing, prot, SF_OBJ_FRESH, 0));
		return;
	}
	struct sf_effect eff[64];

	/* in chunks: file pages may carry ids from different punch generations */
	for (uint32_t done = 0; done < op->npages;) {
		uint32_t k = op->npages - done < 64 ? op->npages - done : 64;

		for (uint32_t i = 0; i < k; i++)
			eff[i] = wk_eff_map_file(a, backing, prot, op->page + done + i);
		wk_emit_range(em, op->page + done, k, eff);
		for (uint32_t i = 0; i < k; i++)
			a->foff[op->page + done + i] = op->page + done + i;
		done += k;
	}
}

int wk_mmap_exec(struct sf_arena *a, const struct sf_seq_op *op, struct sf_slot *slot,
		     struct sf_event *ev)
{
	int flags = MAP_FIXED_NOREPLACE, fd = -1, err = 0;
	void *want = wk_addr(a, op->page), *got;
	off_t off = 0;
	struct wk_emit em;

	wk_event_init(ev, op);
	switch (op->arg0) {
	case SF_BK_ANON_PRIVATE:
		flags |= MAP_PRIVATE | MAP_ANONYMOUS;
		break;
	case SF_BK_ANON_SHARED:
		flags |= MAP_SHARED | MAP_ANONYMOUS;
		break;
	case SF_BK_MEMFD_SHARED:
	case SF_BK_FILE_SHARED:
		flags |= MAP_SHARED;
		fd = op->arg0 == SF_BK_MEMFD_SHARED ? a->memfd : a->filefd;
		off = (off_t)op->page * (off_t)a->page_size;
		break;
	default:
		ev->t0 = ev->t1 = wk_begin(slot);
		ev->outcome = SF_FAILED;
		ev->err = EINVAL;
		return 0;
	}
	ev->t0 = wk_begin(slot);
	got = mmap(want, wk_len(a, op->npages), (int)(op->arg1 & 7), flags, fd, off);
	if (got == MAP_FAILED)
		err = errno;
	ev->t1 = sf_now_ns();
	if (got != MAP_FAILED && got != want) {
		/* a kernel that took NOREPLACE as a hint: undo, nothing in the arena changed */
		munmap(got, wk_len(a, op->npages));
		err = EEXIST;
	}
	ev->err = (uint32_t)err;
	if (err) {
		ev->outcome = SF_FAILED;
		return 0;
	}
	wk_emit_init(&em, a, slot, ev);
	map_effects(a, op, &em);
	wk_emit_finish(&em, ev, op->page, op->npages);
	return 0;
}
