/*
 * Judging one access against the states it may have seen, and a KVM
 * dirty-log fetch against the device writes it must report. Every verdict
 * carries a sentence a person can check against the event log.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "oracle_priv.h"

#define OK_BIT SF_ALLOW(SF_OK)
#define FAULT_BIT SF_ALLOW(SF_FAULT)
/* a sentence is made here, then fitted into sf_verdict.why at a token boundary */
#define WHY_SCRATCH 2048

/* ---- the sentence ---- */

static void put(char *buf, size_t len, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t len, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (*n + 1 >= len)
		return;
	va_start(ap, fmt);
	r = vsnprintf(buf + *n, len - *n, fmt, ap);
	va_end(ap);
	if (r > 0)
		*n = *n + (size_t)r < len ? *n + (size_t)r : len - 1;
}

static void put_cands(char *buf, size_t len, size_t *n, const struct judgement *j)
{
	char s[96];

	for (unsigned i = 0; i < j->n; i++) {
		const struct rec *r = &j->pg->r[j->idx[i]];

		sf_pstate_str(&r->st, s, sizeof(s));
		if (r->initial)
			put(buf, len, n, "%s%s (initial)", i ? "; " : "", s);
		else
			put(buf, len, n, "%s%s (latest change: %s [%llu,%llu])", i ? "; " : "", s,
			    sf_op_name((enum sf_op)r->op), (unsigned long long)r->t0,
			    (unsigned long long)r->t1);
	}
}

/* "mprotect of pages 0-3 at [1000,1234]" */
static void put_mutation(char *buf, size_t len, size_t *n, const struct sf_cause *c)
{
	put(buf, len, n, "%s of page%s %u", sf_op_name((enum sf_op)c->op), c->npages > 1 ? "s" : "",
	    c->page);
	if (c->npages > 1)
		put(buf, len, n, "-%u", c->page + c->npages - 1);
	put(buf, len, n, " at [%llu,%llu]", (unsigned long long)c->t0, (unsigned long long)c->t1);
}

static void put_cause(char *buf, size_t len, size_t *n, const struct sf_cause *c,
		      const char *access)
{
	if (c->initial) {
		/* no mutation made it: the page has been so since the program began */
		if (c->role == SF_CAUSE_REPLACED)
			put(buf, len, n, "the content is the page's initial one");
		else if (c->role == SF_CAUSE_REVOKED)
			put(buf, len, n, "the page's initial state forbids %s access", access);
		else	/* what the device missed kept the permission (pageout, migration...) */
			put(buf, len, n, "no mutation changed %s access or content since the "
			    "initial state", access);
		return;
	}
	put_mutation(buf, len, n, c);
	switch (c->role) {
	case SF_CAUSE_REVOKED:
		put(buf, len, n, " removed %s access", access);
		break;
	case SF_CAUSE_GRANTED:
		put(buf, len, n, " granted %s access", access);
		break;
	case SF_CAUSE_REPLACED:
		if (sf_op_class((enum sf_op)c->op) == SF_CLS_MUTATION)
			put(buf, len, n, " replaced the content");
		else	/* a write access: its fault broke copy-on-write */
			put(buf, len, n, " faulted and the kernel mapped a new page there (COW break)");
		break;
	default:
		put(buf, len, n, " write-protected every private page (COW)");
	}
}

/* "; cause: A, then B" and, for a fault, what the device did not see */
static void put_causes(char *buf, size_t len, size_t *n, const struct sf_verdict *v,
		       const char *access)
{
	const struct sf_cause *last;

	if (!v->ncause)
		return;
	last = &v->cause[v->ncause - 1];
	put(buf, len, n, "; cause: ");
	for (unsigned i = 0; i < v->ncause; i++) {
		if (i)
			put(buf, len, n, ", then ");
		put_cause(buf, len, n, &v->cause[i], access);
	}
	if (v->access.outcome == SF_OK || last->role == SF_CAUSE_REPLACED ||
	    v->kind == SF_V_LOST_INVAL)
		return;
	if (last->role == SF_CAUSE_WRPROTECT)
		put(buf, len, n, "; the device did not see the fault's COW break grant write again");
	else
		put(buf, len, n, "; the device did not see the grant");
}

static const char *who(const struct sf_event *a)
{
	if (a->flags & SF_EVF_RIGHTS)
		return "device snapshot: a";	/* "... a write of page ... succeeded" */
	return sf_op_class((enum sf_op)a->op) == SF_CLS_DEV_ACCESS ? "device" : "cpu";
}

static const char *verb(const struct sf_event *a)
{
	return a->op == SF_OP_DEV_WRITE || a->op == SF_OP_CPU_WRITE ? "write" : "read";
}

/* v->why from the sentence made in scratch */
static void emit(struct sf_oracle *o, enum sf_verdict_kind k, const struct judgement *j,
		 const struct sf_event *ev, struct sf_verdict *v, const char *scratch)
{
	sf_text_fit(v->why, sizeof(v->why), scratch);
	v->kind = k;
	v->access = *ev;
	v->allowed = j ? j->allowed : 0;
	v->ncand = 0;
	for (unsigned i = 0; j && i < j->n && i < SF_MAX_CANDIDATES; i++)
		v->cand[v->ncand++] = j->pg->r[j->idx[i]].st;
	o->st.verdicts[k]++;
	if (o->cfg.on_verdict)
		o->cfg.on_verdict(o->cfg.arg, v);
}

/* outcome verdicts: the outcome was not one any candidate allowed */
static void outcome_verdict(struct sf_oracle *o, const struct judgement *j,
			    enum sf_verdict_kind k)
{
	static const char *const what[] = { "succeeded", "faulted", "fault-looped" };
	const struct sf_event *a = j->a;
	struct sf_verdict v;
	char why[WHY_SCRATCH];
	size_t n = 0;

	memset(&v, 0, sizeof(v));
	v.access = *a;
	orc_causes(o, j, k, false, &v);
	put(why, sizeof(why), &n, "%s %s of page %u word %u %s at [%llu,%llu]; it needs %s access, "
	    "which every candidate state %s: ", who(a), verb(a), a->page, a->word,
	    what[a->outcome], (unsigned long long)a->t0, (unsigned long long)a->t1, verb(a),
	    a->outcome == SF_OK ? "forbids" : "allows");
	put_cands(why, sizeof(why), &n, j);
	put_causes(why, sizeof(why), &n, &v, verb(a));
	emit(o, k, j, a, &v, why);
}

static void value_verdict(struct sf_oracle *o, const struct judgement *j,
			  enum sf_verdict_kind k, const struct wr *lost)
{
	const struct sf_event *a = j->a;
	struct sf_verdict v;
	char why[WHY_SCRATCH];
	size_t n = 0;

	memset(&v, 0, sizeof(v));
	v.access = *a;
	orc_causes(o, j, k, true, &v);
	put(why, sizeof(why), &n, "%s read of page %u word %u at [%llu,%llu] returned 0x%llx",
	    who(a), a->page, a->word, (unsigned long long)a->t0, (unsigned long long)a->t1,
	    (unsigned long long)a->value);
	if (lost)
		put(why, sizeof(why), &n, " but device write of 0x%llx at [%llu,%llu] surely "
		    "came between its source and the read: ", (unsigned long long)lost->value,
		    (unsigned long long)lost->t0, (unsigned long long)lost->t1);
	else
		put(why, sizeof(why), &n, ", which no content of any candidate held: ");
	put_cands(why, sizeof(why), &n, j);
	put_causes(why, sizeof(why), &n, &v, "read");
	emit(o, k, j, a, &v, why);
}

/* ---- the judgement ---- */

/* Distinct objects of the candidates that allow the access; 0 if one is unknown. */
static unsigned cand_objs(const struct judgement *j, uint64_t *objs, bool *unknown)
{
	unsigned n = 0;

	*unknown = false;
	for (unsigned i = 0; i < j->n; i++) {
		const struct sf_pstate *st = &j->pg->r[j->idx[i]].st;
		unsigned k;

		if (!(j->allow[i] & OK_BIT))
			continue;
		if (st->obj == SF_OBJ_UNKNOWN) {
			*unknown = true;
			return 0;
		}
		for (k = 0; k < n && objs[k] != st->obj; k++)
			;
		if (k == n)
			objs[n++] = st->obj;
	}
	return n;
}

static void judge_write_value(struct sf_oracle *o, const struct judgement *j)
{
	uint64_t objs[REC_CAP];
	bool unknown;
	unsigned n = 0;

	/* a pinned device writes the page it pinned, whatever is mapped now */
	if (!(j->dev && j->sem == SF_SEM_PINNED))
		n = cand_objs(j, objs, &unknown);
	orc_record_write(o, objs, n, j->a, j->dev);
}

static void judge_read_value(struct sf_oracle *o, const struct judgement *j)
{
	uint64_t objs[REC_CAP];
	bool unknown;
	unsigned n;
	struct wr lost;

	if (j->dev && j->sem == SF_SEM_PINNED)
		return;
	n = cand_objs(j, objs, &unknown);
	if (unknown || !n)
		return;
	o->st.value_checked++;
	if (orc_value_explained(o, objs, n, j->a))
		return;
	if (j->dev)
		value_verdict(o, j, SF_V_STALE_READ, NULL);
	else if (orc_device_write_lost(o, objs, n, j->a, &lost))
		value_verdict(o, j, SF_V_LOST_WRITE, &lost);
	else
		value_verdict(o, j, SF_V_MODEL, NULL);
}

/* A device write every candidate logged: the next fetch must report it. */
static void dirty_obligation(struct sf_oracle *o, const struct judgement *j)
{
	struct page *pg = &o->pages[j->a->page];
	const struct sf_event *a = j->a;

	for (unsigned i = 0; i < j->n; i++) {
		uint8_t f = j->pg->r[j->idx[i]].st.flags;

		if (!(f & SF_PS_LOG_DIRTY) ||
		    (f & (SF_PS_UNKNOWN | SF_PS_SLOT_UNKNOWN | SF_PS_NO_SLOT)))
			return;
	}
	if (pg->has_slot && pg->slot_t1 >= a->t0)
		return;
	if (pg->has_dirty && a->t0 <= pg->dirty_t1)
		return;
	if (pg->obl.valid && pg->obl.t1 <= a->t1)
		return;
	pg->obl = (struct dirty_obl){
		.t0 = a->t0, .t1 = a->t1, .value = a->value, .seq = a->seq,
		.word = a->word, .thread = a->thread, .valid = 1,
	};
}

/*
 * The latest-starting device write of a page that succeeded: the device
 * saw it writable then, so a fork before it is not why it later faults
 * (oracle_cause.c). A CPU write does not count: its COW break is the very
 * upgrade a device may miss.
 */
static void note_write(struct page *pg, const struct sf_event *a)
{
	if (pg->has_wrote && a->t0 < pg->wrote_t0)
		return;
	pg->wrote_t0 = a->t0;
	pg->wrote_t1 = a->t1;
	pg->has_wrote = 1;
}

/*
 * The backend saw the device use a translation the page table no longer
 * had, with no invalidation in flight: whatever the model allows, the
 * invalidation that had to come with the change was lost.
 */
static void lost_inval_verdict(struct sf_oracle *o, const struct judgement *j)
{
	static const char *const what[] = {
		[SF_STALE_REPLACED] = "another page is mapped there now",
		[SF_STALE_UNMAPPED] = "nothing is mapped there now",
		[SF_STALE_WRITE] = "write access to the page was revoked",
	};
	const struct sf_event *a = j->a;
	enum sf_stale s = sf_event_stale(a);
	struct sf_verdict v;
	char why[WHY_SCRATCH];
	size_t n = 0;

	memset(&v, 0, sizeof(v));
	v.kind = SF_V_LOST_INVAL;
	v.access = *a;
	orc_stale_causes(o, j, s, &v);
	put(why, sizeof(why), &n, "device %s of page %u word %u at [%llu,%llu] used a translation "
	    "the CPU page table no longer held (%s) while no invalidation was in flight: the "
	    "device never got or never applied the invalidation", verb(a), a->page, a->word,
	    (unsigned long long)a->t0, (unsigned long long)a->t1, what[s]);
	if (j->n) {
		put(why, sizeof(why), &n, "; candidates: ");
		put_cands(why, sizeof(why), &n, j);
	}
	put_causes(why, sizeof(why), &n, &v, verb(a));
	if (!v.ncause && s == SF_STALE_WRITE)
		put(why, sizeof(why), &n, "; no recorded mutation took write access away (the "
		    "model still allows writing)");
	emit(o, SF_V_LOST_INVAL, j, a, &v, why);
}

void orc_access_dropped(struct sf_oracle *o, const struct sf_event *a)
{
	if ((a->op == SF_OP_DEV_WRITE || a->op == SF_OP_CPU_WRITE) && a->outcome == SF_OK &&
	    !(a->flags & SF_EVF_RIGHTS))
		orc_record_write(o, NULL, 0, a, a->op == SF_OP_DEV_WRITE);
	o->st.widened++;
}

void orc_judge(struct sf_oracle *o, const struct sf_event *a)
{
	/*
	 * Field by field: an initializer would zero idx[] and allow[] whole
	 * on every access, a rep stos that single-threaded TCG runs one store
	 * per translated block (it was a third of this function's time).
	 */
	struct judgement j;
	bool stale = sf_event_stale(a) != SF_STALE_NONE, bad = true;

	j.a = a;
	j.pg = &o->pages[a->page];
	j.write = a->op == SF_OP_DEV_WRITE || a->op == SF_OP_CPU_WRITE;
	j.dev = sf_op_class((enum sf_op)a->op) == SF_CLS_DEV_ACCESS;
	j.n = 0;
	j.allowed = 0;

	j.sem = j.dev ? o->cfg.sem : SF_SEM_CPU;
	o->st.accesses_judged++;
	if (j.dev && a->outcome != SF_OK)
		o->st.faults_seen++;
	/* the records it may have seen were dropped (cap): no judgement */
	if (j.pg->lost && a->t0 <= j.pg->lost_until) {
		if (a->flags & SF_EVF_RIGHTS)
			return;
		if (j.write && (a->outcome == SF_OK || orc_partial_write(a)))
			orc_record_write(o, NULL, 0, a, j.dev);
		if (j.write)
			orc_note_wfault(&o->pages[a->page], a);
		return;
	}
	j.n = orc_candidates(j.pg, a->t0, a->t1, j.idx);
	for (unsigned i = 0; i < j.n; i++) {
		j.allow[i] = (uint8_t)sf_pstate_allows(&j.pg->r[j.idx[i]].st, j.write, j.sem);
		j.allowed |= j.allow[i];
	}
	if (j.allowed == OK_BIT || j.allowed == FAULT_BIT)
		o->st.accesses_decisive++;

	if (a->outcome == SF_OK && !(j.allowed & OK_BIT))
		outcome_verdict(o, &j, !j.dev ? SF_V_MODEL :
				j.write ? SF_V_STALE_WRITE : SF_V_STALE_READ);
	else if (a->outcome == SF_FAULT && !(j.allowed & FAULT_BIT))
		outcome_verdict(o, &j, j.dev ? SF_V_SPURIOUS_FAULT : SF_V_MODEL);
	else if (a->outcome == SF_FAULT_LOOP && !(j.allowed & FAULT_BIT))
		outcome_verdict(o, &j, j.dev ? SF_V_FAULT_LOOP : SF_V_MODEL);
	else
		bad = false;
	/* a rights claim has no value and wrote nothing: its rights were all */
	if (a->flags & SF_EVF_RIGHTS)
		return;
	/*
	 * An outcome verdict already says the device was stale. With a change
	 * of the page in flight (two candidates), its invalidation may still
	 * be on its way: an IOMMU's comes with the CPU TLB flush, which for an
	 * unmap or mprotect is after invalidate_range_end, before the syscall
	 * returns. With one, every change had returned before the access began
	 * (a fork changes every private page: it counts wherever its range is;
	 * a failed mutation of the page may have acted in part: it counts too).
	 */
	if (j.dev && stale && !bad) {
		bool failed = j.pg->has_failed && j.pg->failed_t1 >= a->t0;

		if (j.n == 1 && !failed && !orc_fork_in_flight(o, a->t0, a->t1))
			lost_inval_verdict(o, &j);
		else
			o->st.stale_in_flight++;
	}
	if (j.write)
		orc_note_wfault(&o->pages[a->page], a);

	if (orc_partial_write(a))
		orc_record_write(o, NULL, 0, a, true);
	if (a->outcome != SF_OK)
		return;
	if (j.write && j.dev)
		note_write(&o->pages[a->page], a);
	if (j.write && j.dev && stale) {
		/* it went to the page the stale translation named: anywhere */
		orc_record_write(o, NULL, 0, a, true);
	} else if (j.write) {
		judge_write_value(o, &j);
		if (j.dev && (j.allowed & OK_BIT))
			dirty_obligation(o, &j);
	} else if ((j.allowed & OK_BIT) && !(j.dev && stale)) {
		judge_read_value(o, &j);
	}
}

void orc_dirty(struct sf_oracle *o, const struct sf_event *ev)
{
	uint32_t n = ev->npages < SF_DIRTY_PAGES_PER_EVENT ? ev->npages : SF_DIRTY_PAGES_PER_EVENT;

	for (uint32_t i = 0; i < n; i++) {
		struct page *pg = &o->pages[ev->page + i];

		o->st.dirty_checked++;
		if (pg->obl.valid && pg->obl.t1 < ev->t0 && !((ev->value >> i) & 1)) {
			struct sf_event w = {
				.t0 = pg->obl.t0, .t1 = pg->obl.t1, .value = pg->obl.value,
				.seq = pg->obl.seq, .page = ev->page + i, .npages = 1,
				.word = pg->obl.word, .thread = pg->obl.thread,
				.op = SF_OP_DEV_WRITE, .kind = SF_EV_ACCESS, .outcome = SF_OK,
			};
			struct sf_verdict v;
			char why[WHY_SCRATCH];
			size_t k = 0;

			memset(&v, 0, sizeof(v));
			put(why, sizeof(why), &k, "device write of 0x%llx to page %u word %u "
			    "at [%llu,%llu] is missing from the dirty log fetched at [%llu,%llu]",
			    (unsigned long long)w.value, w.page, w.word,
			    (unsigned long long)w.t0, (unsigned long long)w.t1,
			    (unsigned long long)ev->t0, (unsigned long long)ev->t1);
			if (pg->has_dirty)
				put(why, sizeof(why), &k, " (previous fetch ended %llu)",
				    (unsigned long long)pg->dirty_t1);
			emit(o, SF_V_DIRTY_MISS, NULL, &w, &v, why);
		}
		/* every write started by now is reported here or never owed */
		pg->obl.valid = 0;
		if (!pg->has_dirty || ev->t1 > pg->dirty_t1)
			pg->dirty_t1 = ev->t1;
		pg->has_dirty = 1;
	}
}
