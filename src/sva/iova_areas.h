/*
 * IOVA areas of an arena, for backends whose device reaches arena page p
 * at one IOVA per page and whose mutations map and unmap ranges of them
 * (vfio's container or IOAS, iommufd's IOAS, whose maps also set
 * LOG_DIRTY): per page whether an area maps its
 * IOVA and whether one starts there, as the calls reported, and the
 * effect of a map or unmap in the oracle's gate words (SF_PS_NO_SLOT: no
 * area, every access must fail; SF_PS_SLOT_RO: a read-only area).
 */
#ifndef SF_IOVA_AREAS_H
#define SF_IOVA_AREAS_H
#include <stdint.h>
#include <string.h>
#include "clock.h"
#include "event.h"
#include "state.h"

#define SF_IOVA_GATE_FLAGS (SF_PS_NO_SLOT | SF_PS_SLOT_RO | SF_PS_LOG_DIRTY)

/* No change to what the CPU maps: only the gate words move, if any. */
static inline void sf_iova_effect_keep(struct sf_event *ev)
{
	memset(&ev->eff, 0, sizeof(ev->eff));
	ev->eff.set_backing = SF_EFF_KEEP;
	ev->eff.set_prot = SF_EFF_KEEP;
	ev->eff.obj_mode = SF_OBJ_KEEP;
}

/* The pages' IOVAs now have an area (writes allowed iff writeable), or none. */
static inline void sf_iova_effect(struct sf_event *ev, int mapped, int writeable)
{
	sf_iova_effect_keep(ev);
	ev->eff.flags_set = !mapped ? SF_PS_NO_SLOT : writeable ? 0 : SF_PS_SLOT_RO;
	ev->eff.flags_clear = SF_IOVA_GATE_FLAGS & ~ev->eff.flags_set;
}

/* A map or unmap call that began at t0 has returned rc (0 or -errno): its event's outcome. */
static inline void sf_iova_finish(struct sf_event *ev, uint64_t t0, int rc)
{
	ev->kind = SF_EV_MUTATION;
	ev->t0 = t0;
	ev->t1 = sf_now_ns();
	ev->outcome = rc < 0 ? SF_FAILED : SF_OK;
	ev->err = rc < 0 ? (uint32_t)-rc : 0;
}

/* The first run of pages without an area in [*page, end): its length, 0 if none. */
static inline uint32_t sf_iova_next_hole(const uint8_t *mapped, uint32_t *page, uint32_t end)
{
	uint32_t p = *page, q;

	while (p < end && mapped[p])
		p++;
	for (q = p; q < end && !mapped[q]; q++)
		;
	*page = p;
	return q - p;
}

/* [*page, *end) widened to the whole areas it touches (head: an area starts at the page). */
static inline void sf_iova_widen(const uint8_t *mapped, const uint8_t *head, uint32_t npages,
				 uint32_t *page, uint32_t *end)
{
	while (*page > 0 && mapped[*page] && !head[*page])
		(*page)--;
	while (*end < npages && mapped[*end] && !head[*end])
		(*end)++;
}
#endif
