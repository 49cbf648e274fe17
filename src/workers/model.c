/*
 * Effects and the workers' model of the arena (see wk.h): what an op does
 * to one page, and applying it to the model page, the mirror of the
 * oracle's rule, so that the next op's prediction starts from what the
 * oracle believes too.
 */
#include "wk.h"

/* Flags a new mapping never carries over from what was there before. */
#define MAPPING_FLAGS (SF_PS_UNKNOWN | SF_PS_UFFD_WP | SF_PS_COW)

struct sf_effect wk_eff_unmap(void)
{
	struct sf_effect e = {
		.set_backing = SF_BK_NONE, .set_prot = 0, .flags_clear = MAPPING_FLAGS,
		.obj_mode = SF_OBJ_KEEP,
	};
	return e;
}

struct sf_effect wk_eff_map(uint8_t backing, uint8_t prot, uint8_t obj_mode, uint64_t obj)
{
	struct sf_effect e = {
		.set_backing = backing, .set_prot = prot, .flags_clear = MAPPING_FLAGS,
		.obj_mode = obj_mode, .obj_arg = obj_mode == SF_OBJ_SET ? obj : 0,
	};
	return e;
}

int wk_eff_is_keep(const struct sf_effect *e)
{
	return e->set_backing == SF_EFF_KEEP && e->set_prot == SF_EFF_KEEP && !e->flags_set &&
	       !e->flags_clear && e->obj_mode == SF_OBJ_KEEP;
}

void wk_model_apply(struct sf_arena *a, uint32_t p, const struct sf_effect *eff)
{
	struct sf_pstate *s = &a->model[p];

	if (eff->obj_mode == SF_OBJ_MOVE) {
		uint32_t src = (uint32_t)eff->obj_arg;

		if (src < a->npages) {
			*s = a->model[src];
			a->foff[p] = a->foff[src];
			a->locked[p] = a->locked[src];
		} else {
			s->flags |= SF_PS_UNKNOWN;
			s->obj = SF_OBJ_UNKNOWN;
		}
	}
	if (eff->set_backing != SF_EFF_KEEP) {
		s->backing = eff->set_backing;
		if (!wk_filebacked(s->backing))
			a->foff[p] = UINT32_MAX;
		if (s->backing == SF_BK_NONE)
			a->locked[p] = SF_LOCK_NO;
	}
	if (eff->set_prot != SF_EFF_KEEP)
		s->prot = eff->set_prot;
	s->flags |= eff->flags_set;
	s->flags &= (uint8_t)~eff->flags_clear;
	switch (eff->obj_mode) {
	case SF_OBJ_FRESH:
		s->obj = a->fresh_next++;
		break;
	case SF_OBJ_SET:
		s->obj = eff->obj_arg;
		break;
	case SF_OBJ_FORGET:
		s->obj = SF_OBJ_UNKNOWN;
		break;
	default:
		break;
	}
}
