/*
 * Signatures across jobs: one entry each, its count summed, its first
 * time the earliest, and the reproducer with the fewest ops kept (ties go
 * to the earlier sight), as a run keeps its own (results/README.md).
 */
#include <stdlib.h>
#include <string.h>
#include "merge_priv.h"

/* "VERDICT/access/CAUSE/backend" -> "VERDICT/access/backend" */
static void family_of(const char *sig, char *fam, size_t n)
{
	const char *p[4] = { sig, NULL, NULL, NULL };
	unsigned k = 1;

	for (const char *s = sig; *s && k < 4; s++)
		if (*s == '/')
			p[k++] = s + 1;
	if (k < 4) {		/* already a family (or an odd one): as it is */
		snprintf(fam, n, "%s", sig);
		return;
	}
	snprintf(fam, n, "%.*s%s", (int)(p[2] - sig), sig, p[3]);
}

static struct mg_cause *find_or_add(struct mg_causes *cs, const char *sig)
{
	struct mg_cause *c;

	for (size_t i = 0; i < cs->n; i++)
		if (!strcmp(cs->c[i].sig, sig))
			return &cs->c[i];
	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? cs->cap * 2 : 32;
		struct mg_cause *nc = realloc(cs->c, cap * sizeof(*nc));

		if (!nc)
			return NULL;
		cs->c = nc;
		cs->cap = cap;
	}
	c = &cs->c[cs->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->sig, sizeof(c->sig), "%s", sig);
	family_of(sig, c->family, sizeof(c->family));
	c->src_ops = LONG_MAX;
	c->t_first_s = -1;
	return c;
}

int mg_note(struct mg_causes *cs, const struct mg_input *in, const char *sig,
	    const char *verdict, const char *access, uint64_t count, bool floor, double t_first_s,
	    const char *why, const char *src, long ops)
{
	struct mg_cause *c = find_or_add(cs, sig);

	if (!c)
		return -1;
	if (!c->verdict[0])
		snprintf(c->verdict, sizeof(c->verdict), "%s", verdict);
	if (!c->access[0])
		snprintf(c->access, sizeof(c->access), "%s", access);
	c->count += count;
	c->count_is_floor |= floor;
	c->jobs++;
	if (c->t_first_s < 0 || t_first_s < c->t_first_s) {
		c->t_first_s = t_first_s;
		snprintf(c->first_job, sizeof(c->first_job), "%s", in->run_id);
	}
	if (*src && (!c->src[0] || ops < c->src_ops)) {
		snprintf(c->src, sizeof(c->src), "%s", src);
		snprintf(c->src_job, sizeof(c->src_job), "%s", in->run_id);
		snprintf(c->why, sizeof(c->why), "%s", why);
		c->src_ops = ops;
	} else if (!c->src[0] && !c->why[0]) {
		snprintf(c->why, sizeof(c->why), "%s", why);
	}
	return 0;
}
