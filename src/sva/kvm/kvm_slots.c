/*
 * Memslot churn and dirty logs of the KVM backend. Arena page p always
 * sits at the same guest-physical address (kvm_vm.h), whichever memslot
 * maps it, so an access can never reach another page through a slot that
 * moved. Sequence slot k is KVM slot k + 1 (slot 0 is the guest's own
 * memory). At bind the arena is covered by up to 16 equal slots.
 *
 * Each change is one mutation event whose effect says what the guest may
 * do afterwards: SF_PS_NO_SLOT (no slot maps the page), SF_PS_SLOT_RO,
 * SF_PS_LOG_DIRTY. A read-only flip needs delete + re-create (KVM cannot
 * toggle KVM_MEM_READONLY in place), and the page is unmapped in between:
 * that is two events, so the oracle knows the middle state too.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "arena.h"
#include "collector.h"
#include "clock.h"
#include "kvm_dev.h"

#define SLOT_FLAGS_ALL (SF_PS_NO_SLOT | SF_PS_SLOT_RO | SF_PS_LOG_DIRTY)
#define BIND_SLOTS 16u

static uint32_t kvm_flags(uint32_t f)
{
	return ((f & SF_SLOT_RO) ? KVM_MEM_READONLY : 0) |
	       ((f & SF_SLOT_LOG) ? KVM_MEM_LOG_DIRTY_PAGES : 0);
}

static int set_slot(struct sf_dev *d, unsigned k, uint32_t page, uint32_t npages, uint32_t f)
{
	struct sf_arena *a = d->arena;

	return sf_kvm_set_region(&d->vm, k + 1, sf_kvm_gpa(d, page, 0),
				 a->base + (size_t)page * a->page_size,
				 (uint64_t)npages * a->page_size, kvm_flags(f));
}

static int del_slot(struct sf_dev *d, unsigned k)
{
	return sf_kvm_set_region(&d->vm, k + 1, sf_kvm_gpa(d, d->slots[k].page, 0),
				 NULL, 0, 0);
}

int sf_kvm_slots_bind(struct sf_dev *d)
{
	uint32_t np = d->arena->npages;
	uint32_t chunk = (np + BIND_SLOTS - 1) / BIND_SLOTS;

	memset(d->slots, 0, sizeof(d->slots));
	for (uint32_t k = 0, p = 0; p < np; k++, p += chunk) {
		uint32_t len = np - p < chunk ? np - p : chunk;
		int rc = set_slot(d, k, p, len, 0);

		if (rc < 0) {
			sf_kvm_slots_unbind(d);
			return rc;
		}
		d->slots[k] = (struct sf_kvm_slot){ .active = 1, .page = p, .npages = len };
	}
	return 0;
}

void sf_kvm_slots_unbind(struct sf_dev *d)
{
	for (unsigned k = 0; k < SF_SEQ_MAX_SLOTS; k++)
		if (d->slots[k].active)
			del_slot(d, k);
	memset(d->slots, 0, sizeof(d->slots));
}

/* The effect of a slot now mapping its pages with flags f (SF_SLOT_*). */
static void effect_mapped(struct sf_event *ev, uint32_t f)
{
	uint8_t want = ((f & SF_SLOT_RO) ? SF_PS_SLOT_RO : 0) |
		       ((f & SF_SLOT_LOG) ? SF_PS_LOG_DIRTY : 0);

	memset(&ev->eff, 0, sizeof(ev->eff));
	ev->eff.set_backing = SF_EFF_KEEP;
	ev->eff.set_prot = SF_EFF_KEEP;
	ev->eff.obj_mode = SF_OBJ_KEEP;
	ev->eff.flags_set = want;
	ev->eff.flags_clear = SLOT_FLAGS_ALL & ~want;
}

static void effect_unmapped(struct sf_event *ev)
{
	effect_mapped(ev, 0);
	ev->eff.flags_set = SF_PS_NO_SLOT;
	ev->eff.flags_clear = SF_PS_SLOT_RO | SF_PS_LOG_DIRTY;
}

static void begin_event(struct sf_event *ev, enum sf_op op, const struct sf_kvm_slot *s)
{
	ev->kind = SF_EV_MUTATION;
	ev->op = op;
	ev->page = s->page;
	ev->npages = s->npages;
	ev->word = 0;
	ev->value = 0;
}

static void end_event(struct sf_event *ev, uint64_t t0, int rc)
{
	ev->t0 = t0;
	ev->t1 = sf_now_ns();
	ev->outcome = rc < 0 ? SF_FAILED : SF_OK;
	ev->err = rc < 0 ? (uint32_t)-rc : 0;
}

static void fail_event(struct sf_event *ev, struct sf_slot *slot, int err)
{
	uint64_t t0 = sf_slot_begin(slot);

	end_event(ev, t0, -err);
	effect_mapped(ev, 0);
}

static int slot_add(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		    struct sf_event *ev)
{
	struct sf_kvm_slot *s = &d->slots[op->arg0];
	struct sf_kvm_slot want = { .active = 1, .page = op->page, .npages = op->npages,
				    .flags = op->arg1 & (SF_SLOT_RO | SF_SLOT_LOG) };
	uint64_t t0;
	int rc;

	begin_event(ev, SF_OP_SLOT_ADD, &want);
	if (s->active || !op->npages || op->page + op->npages > d->arena->npages) {
		fail_event(ev, slot, s->active ? EEXIST : EINVAL);
		return 0;
	}
	t0 = sf_slot_begin(slot);
	rc = set_slot(d, op->arg0, want.page, want.npages, want.flags);
	end_event(ev, t0, rc);
	effect_mapped(ev, want.flags);
	if (rc == 0)
		*s = want;
	return 0;
}

static int slot_del(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		    struct sf_event *ev)
{
	struct sf_kvm_slot *s = &d->slots[op->arg0];
	uint64_t t0;
	int rc;

	begin_event(ev, SF_OP_SLOT_DEL, s);
	if (!s->active) {
		ev->page = 0;
		ev->npages = 1;
		fail_event(ev, slot, ENOENT);
		return 0;
	}
	t0 = sf_slot_begin(slot);
	rc = del_slot(d, op->arg0);
	end_event(ev, t0, rc);
	effect_unmapped(ev);
	if (rc == 0)
		s->active = 0;
	return 0;
}

static int slot_flags(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		      struct sf_event *ev)
{
	struct sf_kvm_slot *s = &d->slots[op->arg0];
	uint32_t f = op->arg1 & (SF_SLOT_RO | SF_SLOT_LOG);
	uint64_t t0;
	int rc;

	begin_event(ev, SF_OP_SLOT_FLAGS, s);
	if (!s->active) {
		ev->page = 0;
		ev->npages = 1;
		fail_event(ev, slot, ENOENT);
		return 0;
	}
	if ((f ^ s->flags) & SF_SLOT_RO) {
		/* delete, publish that middle state, then re-create */
		t0 = sf_slot_begin(slot);
		rc = del_slot(d, op->arg0);
		end_event(ev, t0, rc);
		effect_unmapped(ev);
		if (rc < 0)
			return 0;
		s->active = 0;
		sf_slot_put(slot, ev);
		begin_event(ev, SF_OP_SLOT_FLAGS, s);
	}
	t0 = sf_slot_begin(slot);
	rc = set_slot(d, op->arg0, s->page, s->npages, f);
	end_event(ev, t0, rc);
	effect_mapped(ev, f);
	if (rc == 0) {
		s->active = 1;
		s->flags = f;
	}
	return 0;
}

/* one event per word of KVM's bitmap: uint64_t words, 64 pages each */
_Static_assert(SF_DIRTY_PAGES_PER_EVENT == 64, "a dirty event covers one 64-bit bitmap word");

static int dirty_check(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		       struct sf_event *ev)
{
	struct sf_kvm_slot *s = &d->slots[op->arg0];
	size_t words = s->active ? (s->npages + SF_DIRTY_PAGES_PER_EVENT - 1) /
				   SF_DIRTY_PAGES_PER_EVENT : 1;
	uint64_t *bits = calloc(words, sizeof(*bits));
	struct kvm_dirty_log log = { .slot = op->arg0 + 1, .dirty_bitmap = bits };
	uint64_t t0;
	int rc;

	if (!bits)
		return -ENOMEM;
	begin_event(ev, SF_OP_DIRTY_CHECK, s);
	if (!s->active || !(s->flags & SF_SLOT_LOG)) {
		ev->page = s->active ? s->page : 0;
		ev->npages = 1;
		fail_event(ev, slot, ENOENT);
		free(bits);
		return 0;
	}
	t0 = sf_slot_begin(slot);
	rc = ioctl(d->vm.vm_fd, KVM_GET_DIRTY_LOG, &log) < 0 ? -errno : 0;
	end_event(ev, t0, rc);
	effect_mapped(ev, s->flags);
	if (rc < 0) {
		free(bits);
		return 0;
	}
	ev->kind = SF_EV_DIRTY;
	for (size_t w = 0; w < words; w++) {
		uint32_t left = s->npages - (uint32_t)w * SF_DIRTY_PAGES_PER_EVENT;

		ev->page = s->page + (uint32_t)w * SF_DIRTY_PAGES_PER_EVENT;
		ev->npages = left < SF_DIRTY_PAGES_PER_EVENT ? left : SF_DIRTY_PAGES_PER_EVENT;
		ev->value = bits[w];
		d->dirty_pages_checked += ev->npages;
		if (w + 1 < words)
			sf_slot_put(slot, ev);
	}
	free(bits);
	return 0;
}

int sf_kvm_mutate(struct sf_dev *d, const struct sf_seq_op *op, struct sf_slot *slot,
		  struct sf_event *ev)
{
	int rc;

	if (!d->arena || op->arg0 >= SF_SEQ_MAX_SLOTS)
		return -EINVAL;
	pthread_mutex_lock(&d->slot_lock);
	switch (op->op) {
	case SF_OP_SLOT_ADD:
		rc = slot_add(d, op, slot, ev);
		break;
	case SF_OP_SLOT_DEL:
		rc = slot_del(d, op, slot, ev);
		break;
	case SF_OP_SLOT_FLAGS:
		rc = slot_flags(d, op, slot, ev);
		break;
	case SF_OP_DIRTY_CHECK:
		rc = dirty_check(d, op, slot, ev);
		break;
	default:
		rc = -EINVAL;
	}
	if (rc == 0 && ev->kind == SF_EV_MUTATION && ev->outcome == SF_OK)
		d->slot_changes++;
	pthread_mutex_unlock(&d->slot_lock);
	return rc;
}
