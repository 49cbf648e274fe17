/*
 * The cause of a verdict: the mutation that made the state an access
 * violated, not merely the page's latest change (docs/oracle.md, "The
 * cause of a verdict"). Each record carries, per property (read outcome,
 * write outcome, content), the mutation since which that property has been
 * what it is; a verdict reads it off its earliest candidate. Records that
 * were dropped do not matter: their provenance lives on in their
 * successors. Pure and O(1) per record; it changes no verdict, only what
 * is said about one.
 */
#include "oracle_priv.h"

static struct cref cref_of(const struct sf_event *ev)
{
	struct cref c = { .t0 = ev->t0, .t1 = ev->t1, .page = ev->page, .npages = ev->npages,
			  .op = ev->op };
	return c;
}

/*
 * Provenance is judged under the device's semantics: CPU verdicts (MODEL)
 * differ from it only in memslot flags, which no CPU access looks at.
 */
static void rec_allows(const struct sf_oracle *o, struct rec *r)
{
	r->allow_r = (uint8_t)sf_pstate_allows(&r->st, false, o->cfg.sem);
	r->allow_w = (uint8_t)sf_pstate_allows(&r->st, true, o->cfg.sem);
}

void orc_since_init(struct sf_oracle *o, struct rec *r)
{
	struct cref c = { .initial = 1 };

	rec_allows(o, r);
	for (unsigned i = 0; i < SINCE__COUNT; i++)
		r->since[i] = c;
}

/* nr is made by ev from base (the page's previous record): what changed is ev's doing. */
void orc_since_apply(struct sf_oracle *o, struct rec *nr, const struct rec *base,
		     const struct sf_event *ev)
{
	struct cref c = cref_of(ev);

	rec_allows(o, nr);
	nr->since[SINCE_READ] = nr->allow_r != base->allow_r ? c : base->since[SINCE_READ];
	nr->since[SINCE_WRITE] = nr->allow_w != base->allow_w ? c : base->since[SINCE_WRITE];
	nr->since[SINCE_OBJ] = nr->st.obj != base->st.obj ? c : base->since[SINCE_OBJ];
}

void orc_since_widened(struct sf_oracle *o, struct rec *r, uint32_t page)
{
	struct cref c = { .t0 = r->t0, .t1 = r->t1, .page = page, .npages = 1, .op = r->op };
	uint8_t was_r = r->allow_r, was_w = r->allow_w;

	rec_allows(o, r);
	if (r->allow_r != was_r)
		r->since[SINCE_READ] = c;
	if (r->allow_w != was_w)
		r->since[SINCE_WRITE] = c;
	r->since[SINCE_OBJ] = c;
}

void orc_note_wfault(struct page *pg, const struct sf_event *ev)
{
	if (pg->has_wfault && ev->t0 < pg->wfault.t0)
		return;
	pg->wfault = cref_of(ev);
	pg->has_wfault = 1;
}

void orc_fork_seen(struct sf_oracle *o, const struct sf_event *ev)
{
	o->forks[o->nforks++ % FORKS_KEPT] = cref_of(ev);
}

/* The i-th latest fork kept (0 = the latest), or NULL past the kept ones. */
static const struct cref *kept_fork(const struct sf_oracle *o, unsigned i)
{
	if (i >= FORKS_KEPT || i >= o->nforks)
		return NULL;
	return &o->forks[(o->nforks - 1 - i) % FORKS_KEPT];
}

/* The latest fork that may have run before the access ended, or NULL. */
static const struct cref *fork_before(const struct sf_oracle *o, uint64_t t)
{
	const struct cref *f;

	for (unsigned i = 0; (f = kept_fork(o, i)); i++)
		if (f->t0 <= t)
			return f;
	return NULL;
}

static void add_cause(struct sf_verdict *v, const struct cref *c, enum sf_cause_role role)
{
	struct sf_cause *k;

	if (v->ncause >= SF_MAX_CAUSES)
		return;
	k = &v->cause[v->ncause++];
	k->t0 = c->t0;
	k->t1 = c->t1;
	k->page = c->page;
	k->npages = c->npages;
	k->op = c->op;
	k->initial = c->initial;
	k->role = (uint8_t)role;
}

static bool all_private(const struct judgement *j)
{
	for (unsigned i = 0; i < j->n; i++)
		if (j->pg->r[j->idx[i]].st.backing != SF_BK_ANON_PRIVATE)
			return false;
	return j->n > 0;
}

static bool all_allow_write(const struct judgement *j)
{
	for (unsigned i = 0; i < j->n; i++)
		if (!(j->pg->r[j->idx[i]].allow_w & SF_ALLOW(SF_OK)))
			return false;
	return true;
}

/*
 * A write the device failed to see as allowed on a private page may have
 * met the write protection of a fork (any fork: dup_mmap write-protects
 * every private page of the process, whatever the op's range), whose COW
 * break (by the CPU or the device's own fault) granted write again.
 * Unless the content was replaced since the fork (then the page is no
 * longer shared) or a device write surely succeeded between the fork and
 * this access (then the device had seen the page writable again).
 */
static const struct cref *fork_in_play(const struct sf_oracle *o, const struct judgement *j,
				       const struct rec *c0)
{
	const struct cref *f, *obj = &c0->since[SINCE_OBJ];

	if (!j->write || !all_private(j))
		return NULL;
	f = fork_before(o, j->a->t1);
	if (!f)
		return NULL;
	if (!obj->initial && obj->t0 > f->t1)
		return NULL;
	if (j->pg->has_wrote && j->pg->wrote_t0 > f->t1 && j->pg->wrote_t1 < j->a->t0)
		return NULL;
	return f;
}

/*
 * What granted the access the device failed to see: the later of the
 * mutation that made the permission and the one that made the content. A
 * move or a new mapping that keeps the permission still installs a new
 * translation, which the device must see as much as an mprotect upgrade.
 */
static const struct cref *grant_of(const struct judgement *j, const struct rec *c0)
{
	const struct cref *perm = &c0->since[j->write ? SINCE_WRITE : SINCE_READ];
	const struct cref *obj = &c0->since[SINCE_OBJ];

	if (obj->initial || (!perm->initial && perm->t0 >= obj->t0))
		return perm;
	return obj;
}

static void grant_causes(const struct sf_oracle *o, const struct judgement *j,
			 const struct rec *c0, struct sf_verdict *v)
{
	const struct cref *g = grant_of(j, c0);
	const struct cref *f = j->dev ? fork_in_play(o, j, c0) : NULL;

	if (!f) {
		add_cause(v, g, SF_CAUSE_GRANTED);
		return;
	}
	add_cause(v, f, SF_CAUSE_WRPROTECT);
	/* granted after the fork: both played a part (fork, then the upgrade) */
	if (!g->initial && g->t0 > f->t1)
		add_cause(v, g, SF_CAUSE_GRANTED);
}

/* The earliest candidate that allows reading: its content is what a value verdict is about. */
static const struct rec *first_readable(const struct judgement *j)
{
	for (unsigned i = 0; i < j->n; i++) {
		const struct rec *r = &j->pg->r[j->idx[i]];

		if (r->allow_r & SF_ALLOW(SF_OK))
			return r;
	}
	return j->n ? &j->pg->r[j->idx[0]] : NULL;
}

void orc_causes(const struct sf_oracle *o, const struct judgement *j, enum sf_verdict_kind k,
		bool value, struct sf_verdict *v)
{
	const struct rec *c0;

	v->ncause = 0;
	if (!j || !j->n || k == SF_V_DIRTY_MISS)
		return;
	c0 = &j->pg->r[j->idx[0]];
	if (value)
		add_cause(v, &first_readable(j)->since[SINCE_OBJ], SF_CAUSE_REPLACED);
	else if (j->a->outcome == SF_OK)
		add_cause(v, &c0->since[j->write ? SINCE_WRITE : SINCE_READ], SF_CAUSE_REVOKED);
	else
		grant_causes(o, j, c0, v);
}

bool orc_fork_in_flight(const struct sf_oracle *o, uint64_t t0, uint64_t t1)
{
	const struct cref *f;

	for (unsigned i = 0; (f = kept_fork(o, i)); i++)
		if (f->t0 <= t1 && f->t1 >= t0)
			return true;
	return false;
}

/* The later-starting of two causes (an initial one is the earliest). */
static const struct cref *later(const struct cref *a, const struct cref *b)
{
	if (a->initial)
		return b;
	if (b->initial)
		return a;
	return b->t0 > a->t0 ? b : a;
}

/*
 * LOST_INVAL: the change the device should have heard about. A page
 * replaced with no mutation to say so was replaced by a write fault (a
 * COW break: after a fork, or of the zero page or a file's page cache), so
 * the latest write access names it when it is later than the model's own
 * content change. Write access revoked with the model still allowing it:
 * on a private page, a fork write-protected it (dup_mmap, any range); a
 * fork leaves shared pages alone, so there no recorded change is named.
 */
void orc_stale_causes(const struct sf_oracle *o, const struct judgement *j, int stale,
		      struct sf_verdict *v)
{
	const struct cref *m, *f;
	const struct rec *c0;

	v->ncause = 0;
	if (!j->n)
		return;
	c0 = &j->pg->r[j->idx[0]];
	switch (stale) {
	case SF_STALE_REPLACED:
		m = &c0->since[SINCE_OBJ];
		if (j->pg->has_wfault && (m->initial || j->pg->wfault.t0 > m->t0))
			m = &j->pg->wfault;
		add_cause(v, m, SF_CAUSE_REPLACED);
		break;
	case SF_STALE_UNMAPPED:
		add_cause(v, later(&c0->since[SINCE_OBJ], &c0->since[SINCE_READ]),
			  SF_CAUSE_REVOKED);
		break;
	default:
		m = &c0->since[SINCE_WRITE];
		f = fork_before(o, j->a->t1);
		if (f && all_private(j) && (m->initial || f->t0 > m->t0))
			add_cause(v, f, SF_CAUSE_WRPROTECT);
		else if (!all_allow_write(j))
			add_cause(v, m, SF_CAUSE_REVOKED);
		/* else no recorded change took write away: the why says so */
	}
}
