/* Discarding memfd/file content: new obj ids for the file pages and every alias (see wk.h). */
#include <stdlib.h>
#include "wk.h"

int wk_discard_init(struct wk_discard *d, const struct sf_arena *a)
{
	d->memfd = calloc(a->file_pages, 1);
	d->file = calloc(a->file_pages, 1);
	d->any = 0;
	if (!d->memfd || !d->file) {
		wk_discard_free(d);
		return -1;
	}
	return 0;
}

void wk_discard_free(struct wk_discard *d)
{
	free(d->memfd);
	free(d->file);
	d->memfd = d->file = NULL;
}

static uint8_t *marks_for(struct wk_discard *d, uint8_t backing)
{
	if (backing == SF_BK_MEMFD_SHARED)
		return d->memfd;
	return backing == SF_BK_FILE_SHARED ? d->file : NULL;
}

void wk_discard_mark_page(struct wk_discard *d, const struct sf_arena *a, uint32_t p)
{
	uint8_t *m = marks_for(d, a->model[p].backing);

	if (m && !wk_unknown(a, p) && a->foff[p] < a->file_pages) {
		m[a->foff[p]] = 1;
		d->any = 1;
	}
}

/*
 * The discarded pages of one file get new ids, from one fresh base so runs
 * stay contiguous (exact). Not exact (discarded or not, nobody knows),
 * their content is unknown until an exact discard renumbers them: a page
 * that maps one later must not be told it holds the old content, nor zeroes.
 */
static void relabel(const struct sf_arena *a, const uint8_t *marks, uint64_t *objs, int exact)
{
	uint64_t base = exact ? sf_arena_obj_alloc(a->file_pages) : 0;

	for (uint32_t q = 0; q < a->file_pages; q++)
		if (marks[q])
			objs[q] = exact ? base + q : SF_OBJ_UNKNOWN;
}

/* The current obj of each page of backing's file (memfd or file). */
static uint64_t *file_objs(const struct sf_arena *a, uint8_t backing)
{
	return backing == SF_BK_MEMFD_SHARED ? a->memfd_obj : a->file_obj;
}

struct sf_effect wk_eff_map_file(const struct sf_arena *a, uint8_t backing, uint8_t prot, uint32_t q)
{
	const uint64_t *objs = file_objs(a, backing);

	if (q >= a->file_pages || objs[q] == SF_OBJ_UNKNOWN)
		return wk_eff_map(backing, prot, SF_OBJ_FORGET, 0);
	return wk_eff_map(backing, prot, SF_OBJ_SET, objs[q]);
}

int wk_discard_emit(struct sf_arena *a, struct wk_emit *em, struct wk_discard *d, uint32_t page,
		    uint32_t n, const struct sf_effect *range_eff, int exact)
{
	struct sf_effect *eff = malloc((size_t)a->npages * sizeof(*eff));

	if (!eff)
		return -1;
	if (d->any) {
		relabel(a, d->memfd, a->memfd_obj, exact);
		relabel(a, d->file, a->file_obj, exact);
	}
	for (uint32_t p = 0; p < a->npages; p++) {
		const struct sf_pstate *s = &a->model[p];
		const uint8_t *m = marks_for(d, s->backing);

		eff[p] = p >= page && p - page < n ? range_eff[p - page] : wk_eff_keep();
		if (!m || wk_unknown(a, p) || a->foff[p] >= a->file_pages || !m[a->foff[p]])
			continue;
		if (!exact) {
			eff[p] = sf_effect_unknown();
			continue;
		}
		eff[p] = wk_eff_keep();
		eff[p].obj_mode = SF_OBJ_SET;
		eff[p].obj_arg = file_objs(a, s->backing)[a->foff[p]];
	}
	wk_emit_range(em, 0, a->npages, eff);
	free(eff);
	return 0;
}
