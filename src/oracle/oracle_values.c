/*
 * The data half of the oracle: for every content object and word, the
 * writes that succeeded, so that a read's value can be explained by some
 * content a candidate state had. Keyed by object, not by page: content
 * moves with its object (mremap, migration, COW) for free.
 *
 * A write W explains a read [s, e] of value v in object O when W put v in
 * O, started by e, and no write that surely went to O (definite) surely
 * came after W and before the read: W2.t0 > W.t1 && W2.t1 < s.
 */
#include <string.h>
#include "oracle_priv.h"

static uint64_t hash_obj(uint64_t obj)
{
	return (obj * 0x9e3779b97f4a7c15ull) ^ (obj >> 29);
}

static struct objh **slot_of(struct objh **tab, size_t size, uint64_t obj)
{
	size_t i = hash_obj(obj) & (size - 1);

	while (tab[i] && tab[i]->obj != obj)
		i = (i + 1) & (size - 1);
	return &tab[i];
}

struct objh *orc_obj_find(struct sf_oracle *o, uint64_t obj)
{
	if (!o->tab_count)
		return NULL;
	return *slot_of(o->tab, o->tab_size, obj);
}

static int tab_resize(struct sf_oracle *o, size_t nsize)
{
	struct objh **nt = orc_alloc(o, nsize * sizeof(*nt));

	if (!nt)
		return -1;
	for (size_t i = 0; i < o->tab_size; i++)
		if (o->tab[i])
			*slot_of(nt, nsize, o->tab[i]->obj) = o->tab[i];
	orc_free(o, o->tab, o->tab_size * sizeof(*o->tab));
	o->tab = nt;
	o->tab_size = nsize;
	return 0;
}

struct objh *orc_obj_born(struct sf_oracle *o, uint64_t obj, uint64_t t0, uint64_t t1)
{
	struct objh *h, **sl;

	if ((o->tab_count + 1) * 2 > o->tab_size &&
	    tab_resize(o, o->tab_size ? o->tab_size * 2 : TAB_CAP0))
		return NULL;
	sl = slot_of(o->tab, o->tab_size, obj);
	if (*sl)
		return *sl;
	h = orc_alloc(o, sizeof(*h));
	if (!h)
		return NULL;
	h->obj = obj;
	h->born_t0 = t0;
	h->born_t1 = t1;
	*sl = h;
	o->tab_count++;
	return h;
}

static void whist_clear(struct sf_oracle *o, struct whist *w)
{
	orc_free(o, w->e, w->cap * sizeof(*w->e));
	memset(w, 0, sizeof(*w));
}

static void obj_release(struct sf_oracle *o, struct objh *h)
{
	for (unsigned i = 0; i < SF_WORDS_PER_PAGE; i++)
		whist_clear(o, &h->w[i]);
	orc_free(o, h, sizeof(*h));
}

void orc_objs_free(struct sf_oracle *o)
{
	for (size_t i = 0; i < o->tab_size; i++)
		if (o->tab[i])
			obj_release(o, o->tab[i]);
	orc_free(o, o->tab, o->tab_size * sizeof(*o->tab));
	o->tab = NULL;
	o->tab_size = o->tab_count = 0;
	for (unsigned i = 0; i < SF_WORDS_PER_PAGE; i++)
		whist_clear(o, &o->wild[i]);
}

/* Is there a definite write in w that started after t and ended before s? */
static bool killed(const struct whist *w, uint64_t t, uint64_t s)
{
	if (!w)
		return false;
	for (unsigned i = 0; i < w->n; i++)
		if (w->e[i].definite && w->e[i].t0 > t && w->e[i].t1 < s)
			return true;
	return false;
}

static void drop_lost(struct whist *w, uint64_t t1)
{
	if (!w->lost || t1 > w->lost_t1)
		w->lost_t1 = t1;
	w->lost = 1;
}

/* Drops writes no read starting at or after low can see: those a definite
 * write K that ended before low surely overwrote. */
static void whist_prune(struct whist *w, uint64_t low)
{
	uint64_t kt0 = 0;
	bool have = false;
	unsigned k = 0;

	for (unsigned i = 0; i < w->n; i++)
		if (w->e[i].definite && w->e[i].t1 < low && (!have || w->e[i].t0 > kt0)) {
			kt0 = w->e[i].t0;
			have = true;
		}
	if (!have)
		return;
	for (unsigned i = 0; i < w->n; i++)
		if (w->e[i].t1 >= kt0)
			w->e[k++] = w->e[i];
	w->n = k;
}

static void whist_add(struct sf_oracle *o, struct whist *w, const struct wr *nw)
{
	whist_prune(w, orc_low(o));
	if (w->n == w->cap && w->cap < WHIST_CAP) {
		uint16_t nc = w->cap ? w->cap * 2 : 2;
		struct wr *e = orc_realloc(o, w->e, w->cap * sizeof(*e), nc * sizeof(*e));

		if (e) {
			w->e = e;
			w->cap = nc;
		}
	}
	if (w->n == w->cap) {
		/* full (or out of memory): the oldest goes, reads it could
		 * explain are no longer checked unless something overwrote it */
		unsigned old = 0;

		if (!w->n) {
			drop_lost(w, nw->t1);
			o->st.widened++;
			return;
		}
		for (unsigned i = 1; i < w->n; i++)
			if (w->e[i].t1 < w->e[old].t1)
				old = i;
		drop_lost(w, w->e[old].t1);
		o->st.widened++;
		w->e[old] = w->e[--w->n];
	}
	w->e[w->n++] = *nw;
}

void orc_record_write(struct sf_oracle *o, const uint64_t *objs, unsigned nobj,
		      const struct sf_event *a, bool device)
{
	struct wr nw = {
		.t0 = a->t0, .t1 = a->t1, .value = a->value,
		.definite = nobj == 1, .device = device,
		.tear = !!(a->flags & SF_EVF_MAY_TEAR),
		.partial = orc_partial_write(a),
	};

	/* object unknown: the value may have gone anywhere */
	if (!nobj) {
		nw.definite = 0;
		whist_add(o, &o->wild[a->word], &nw);
		return;
	}
	for (unsigned i = 0; i < nobj; i++) {
		struct objh *h = orc_obj_born(o, objs[i], 0, 0);

		if (!h) {
			nw.definite = 0;
			whist_add(o, &o->wild[a->word], &nw);
			continue;
		}
		whist_add(o, &h->w[a->word], &nw);
	}
}

/* Does some write in list (or the birth, if v == 0) explain v in object w? */
static bool list_explains(const struct whist *list, const struct whist *w, uint64_t v,
			  uint64_t s, uint64_t e)
{
	for (unsigned i = 0; i < list->n; i++) {
		const struct wr *x = &list->e[i];

		/* a partial write never left its whole value (list_bytes has its bytes) */
		if (!x->partial && x->value == v && x->t0 <= e && !killed(w, x->t1, s))
			return true;
	}
	return false;
}

static int obj_explains(struct sf_oracle *o, uint64_t obj, const struct sf_event *a)
{
	const struct whist *wild = &o->wild[a->word];
	struct objh *h = orc_obj_find(o, obj);
	const struct whist *w = h ? &h->w[a->word] : NULL;
	uint64_t born_t0 = h ? h->born_t0 : 0, born_t1 = h ? h->born_t1 : 0;

	/* content of an evicted object: unknown */
	if (!h && o->objs_lost && obj < FRESH_BASE)
		return 1;
	/* dropped writes may explain anything not surely overwritten since */
	if (w && w->lost && !killed(w, w->lost_t1, a->t0))
		return 1;
	if (wild->lost && !killed(w, wild->lost_t1, a->t0))
		return 1;
	if (a->value == 0 && born_t0 <= a->t1 && !killed(w, born_t1, a->t0))
		return 1;
	if (w && list_explains(w, w, a->value, a->t0, a->t1))
		return 1;
	return list_explains(wild, w, a->value, a->t0, a->t1);
}

/*
 * A torn read (SF_EVF_MAY_TEAR): the bytes of v that some value the word
 * could hold during [s, e] has in the same place; *tear set when a write
 * that may itself have landed byte by byte overlaps the read.
 */
static unsigned list_bytes(const struct whist *list, const struct whist *w,
			   const struct sf_event *a, bool *tear)
{
	unsigned m = 0;

	for (unsigned i = 0; list && i < list->n; i++) {
		const struct wr *x = &list->e[i];

		if (x->t0 > a->t1 || killed(w, x->t1, a->t0))
			continue;
		m |= orc_write_bytes(x->value, x->partial, a->value);
		if (x->tear && (x->t1 >= a->t0 || x->partial))
			*tear = true;
	}
	return m;
}

static unsigned obj_bytes(struct sf_oracle *o, uint64_t obj, const struct sf_event *a, bool *tear)
{
	struct objh *h = orc_obj_find(o, obj);
	const struct whist *w = h ? &h->w[a->word] : NULL;
	unsigned m = list_bytes(w, w, a, tear) | list_bytes(&o->wild[a->word], w, a, tear);

	if ((h ? h->born_t0 : 0) <= a->t1 && !killed(w, h ? h->born_t1 : 0, a->t0))
		m |= orc_same_bytes(0, a->value);
	return m;
}

/*
 * The rule for accesses made byte by byte (docs/oracle.md): a value is
 * explained when each of its bytes comes from some value the word could
 * hold during the read. Only for reads flagged SF_EVF_MAY_TEAR or
 * overlapping a write so flagged; checked only once the whole-word rule
 * failed, so it costs nothing on the common path.
 */
static bool torn_explained(struct sf_oracle *o, const uint64_t *objs, unsigned nobj,
			   const struct sf_event *a)
{
	bool tear = a->flags & SF_EVF_MAY_TEAR;
	unsigned m = orc_pending_write_bytes(o, a->word, a->value, a->t1, &tear);

	for (unsigned i = 0; i < nobj; i++)
		m |= obj_bytes(o, objs[i], a, &tear);
	return tear && m == 0xff;
}

int orc_value_explained(struct sf_oracle *o, const uint64_t *objs, unsigned nobj,
			const struct sf_event *a)
{
	for (unsigned i = 0; i < nobj; i++)
		if (obj_explains(o, objs[i], a))
			return 1;
	/* writes not judged yet (they end after this read) may have landed */
	if (orc_pending_write_has(o, a->word, a->value, a->t1))
		return 1;
	return torn_explained(o, objs, nobj, a);
}

/* Does d come surely after every write of v to w (and the birth if v == 0)? */
static bool after_every_source(const struct whist *w, const struct whist *wild,
			       const struct objh *h, const struct wr *d,
			       const struct sf_event *a)
{
	const struct whist *lists[2] = { w, wild };

	if (a->value == 0 && (h ? h->born_t1 : 0) >= d->t0)
		return false;
	for (unsigned l = 0; l < 2; l++)
		for (unsigned i = 0; lists[l] && i < lists[l]->n; i++) {
			const struct wr *x = &lists[l]->e[i];

			if (x->value == a->value && x->t0 <= a->t1 && x->t1 >= d->t0)
				return false;
		}
	return true;
}

bool orc_device_write_lost(struct sf_oracle *o, const uint64_t *objs, unsigned nobj,
			   const struct sf_event *a, struct wr *lost)
{
	for (unsigned i = 0; i < nobj; i++) {
		struct objh *h = orc_obj_find(o, objs[i]);
		const struct whist *w = h ? &h->w[a->word] : NULL;

		for (unsigned j = 0; w && j < w->n; j++) {
			const struct wr *d = &w->e[j];

			if (!d->device || !d->definite || d->t1 >= a->t0)
				continue;
			if (after_every_source(w, &o->wild[a->word], h, d, a)) {
				*lost = *d;
				return true;
			}
		}
	}
	return false;
}

/* ---- sweeping objects no page can reach any more ---- */

static void mark_referenced(struct sf_oracle *o)
{
	for (size_t i = 0; i < o->tab_size; i++)
		if (o->tab[i])
			o->tab[i]->mark = 0;
	for (uint32_t p = 0; p < o->cfg.npages; p++) {
		const struct page *pg = &o->pages[p];

		for (uint32_t i = 0; i < pg->n; i++) {
			struct objh *h;

			if (pg->r[i].st.obj == SF_OBJ_UNKNOWN)
				continue;
			h = orc_obj_find(o, pg->r[i].st.obj);
			if (h)
				h->mark = 1;
		}
	}
}

/*
 * Fresh objects (ids the oracle made) die with the last record naming
 * them: nothing can name them again. Other objects (memfd/file page cache,
 * the initial ones) can come back with SF_OBJ_SET, so they are kept unless
 * there are too many; then their content becomes unknown (objs_lost).
 */
void orc_objs_sweep(struct sf_oracle *o)
{
	size_t limit = 4 * (size_t)o->cfg.npages + 65536, nsize = TAB_CAP0;
	size_t keep = 0, extra;
	struct objh **nt;

	mark_referenced(o);
	for (size_t i = 0; i < o->tab_size; i++)
		if (o->tab[i] && (o->tab[i]->mark || o->tab[i]->obj < FRESH_BASE))
			keep++;
	/* how many unreferenced non-fresh objects must go to stay under limit */
	extra = keep > limit ? keep - limit : 0;
	while (nsize < keep * 2 + 2)
		nsize *= 2;
	/* rebuild into a new table: open addressing has no tombstones */
	nt = orc_alloc(o, nsize * sizeof(*nt));
	if (!nt) {
		o->sweep_at = o->tab_count * 2 + 1024;
		return;
	}
	for (size_t i = 0; i < o->tab_size; i++) {
		struct objh *h = o->tab[i];

		if (!h)
			continue;
		if (!h->mark && (h->obj >= FRESH_BASE || extra)) {
			if (h->obj < FRESH_BASE) {
				extra--;
				o->objs_lost = true;
				o->st.widened++;
			}
			obj_release(o, h);
			o->tab_count--;
			continue;
		}
		*slot_of(nt, nsize, h->obj) = h;
	}
	orc_free(o, o->tab, o->tab_size * sizeof(*o->tab));
	o->tab = nt;
	o->tab_size = nsize;
	o->sweep_at = o->tab_count * 2 + 1024;
}
