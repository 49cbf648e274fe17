/*
 * A whole trace file: lines, comments, the "# arena N", "# semantics S" and
 * "# initial-flags N" headers, page bounds, and the stable t0 sort the
 * oracle needs.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "input_file.h"
#include "oracle_priv.h"	/* FRESH_BASE: where the oracle's own content ids begin */
#include "trace.h"

void sf_trace_init(struct sf_trace *t)
{
	memset(t, 0, sizeof(*t));
	t->sem = -1;
}

void sf_trace_free(struct sf_trace *t)
{
	free(t->ev);
	free(t->line);
	sf_trace_init(t);
}

static int push(struct sf_trace *t, const struct sf_event *ev, unsigned line)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct sf_event *nev = realloc(t->ev, cap * sizeof(*nev));
		unsigned *nl;

		if (!nev)
			return -1;
		t->ev = nev;
		nl = realloc(t->line, cap * sizeof(*nl));
		if (!nl)
			return -1;
		t->line = nl;
		t->cap = cap;
	}
	t->ev[t->n] = *ev;
	t->line[t->n++] = line;
	return 0;
}

/* The last page one part of an event reaches, and the field that says so. */
struct span {
	uint64_t last;
	const char *field, *what;
};

/*
 * Every part of an event that reaches pages: its page, a mutation's range,
 * a move's source pages, and the pages a dirty fetch reports dirty (not
 * the zero bits of its 64-page bitmap past the arena's end: docs/trace.md).
 */
static unsigned spans(const struct sf_event *ev, struct span *sp)
{
	unsigned k = 0;

	if (ev->kind == SF_EV_MARK)
		return 0;
	sp[k++] = (struct span){ ev->page, "page", "" };
	if (ev->kind == SF_EV_MUTATION)
		sp[k++] = (struct span){ (uint64_t)ev->page + ev->npages - 1, "npages",
					 " (the end of its range)" };
	/* saturated: arg is any 64-bit number the line gave */
	if (ev->kind == SF_EV_MUTATION && ev->outcome == SF_OK && ev->eff.obj_mode == SF_OBJ_MOVE)
		sp[k++] = (struct span){ ev->eff.obj_arg > UINT64_MAX - ev->npages ? UINT64_MAX :
					 ev->eff.obj_arg + ev->npages - 1, "eff.arg",
					 " (the move's source pages)" };
	if (ev->kind == SF_EV_DIRTY && ev->value)
		sp[k++] = (struct span){ ev->page + 63u - (unsigned)__builtin_clzll(ev->value),
					 "value", " (a bit set for it)" };
	return k;
}

/* 1 + the highest page an event touches (0 for a mark). */
static uint64_t pages_needed(const struct sf_event *ev)
{
	struct span sp[4];
	unsigned k = spans(ev, sp);
	uint64_t need = 0;

	for (unsigned i = 0; i < k; i++)
		if (sp[i].last + 1 > need)
			need = sp[i].last + 1;
	return need;
}

/* An event reaching page `arena` or beyond: -1 and why, naming the field. */
static int beyond(const struct sf_event *ev, uint32_t arena, const char *label, char *why,
		  size_t n)
{
	struct span sp[4];
	unsigned k = spans(ev, sp);

	for (unsigned i = 0; i < k; i++)
		if (sp[i].last >= arena) {
			snprintf(why, n, "page %llu is beyond the arena (%s): \"%s\"%s",
				 (unsigned long long)sp[i].last, label, sp[i].field, sp[i].what);
			return -1;
		}
	return 0;
}

/*
 * "# initial-flags 32": the flags every page starts with (a backend's
 * initial_flags: iommufd's domains log dirty from the start), by the
 * numbers of an effect's "set", 64 excepted (the oracle's own).
 */
static int initial_flags(struct sf_trace *t, const char *arg, char *why, size_t n)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 0);
	if (errno || *end || !isdigit((unsigned char)arg[0]) || v > SF_PS__ALL ||
	    (v & SF_PS_SLOT_UNKNOWN)) {
		snprintf(why, n, "\"# initial-flags %s\": a sum of page-state flags 0..255 without 64",
			 arg);
		return -1;
	}
	t->initial_flags = (uint8_t)v;
	return 1;
}

/* "# arena 64" / "# semantics pinned": 1 if it was a header, 0 a comment, -1 bad. */
static int header(struct sf_trace *t, const char *s, char *why, size_t n)
{
	char word[16], arg[32];
	unsigned long long v;
	char *end;

	if (sscanf(s, "# %15s %31s", word, arg) != 2)
		return 0;
	if (!strcmp(word, "arena")) {
		errno = 0;
		v = strtoull(arg, &end, 10);
		if (errno || *end || !isdigit((unsigned char)arg[0]) || v == 0 || v > SF_TRACE_MAX_PAGES) {
			snprintf(why, n, "\"# arena %s\": pages must be 1..%u", arg, SF_TRACE_MAX_PAGES);
			return -1;
		}
		t->arena_pages = (uint32_t)v;
		return 1;
	}
	if (!strcmp(word, "semantics")) {
		t->sem = sf_semantics_parse(arg);
		if (t->sem < 0) {
			snprintf(why, n, "\"# semantics %s\": mirror, pinned or hmm", arg);
			return -1;
		}
		return 1;
	}
	if (!strcmp(word, "initial-flags"))
		return initial_flags(t, arg, why, n);
	return 0;
}

/*
 * What the oracle refuses of one event, beyond its shape (trace.c): a
 * content id in its own range, and a dirty bit beyond the fetch's "npages"
 * (a page the fetch did not cover, which the oracle would ignore).
 */
static int event_takeable(const struct sf_event *ev, char *why, size_t n)
{
	const struct sf_effect *e = &ev->eff;

	if (ev->kind == SF_EV_MUTATION && ev->outcome == SF_OK && e->obj_mode == SF_OBJ_SET &&
	    (e->obj_arg >= FRESH_BASE || FRESH_BASE - e->obj_arg < ev->npages)) {
		snprintf(why, n, "\"eff.arg\" %llu: obj \"set\" content ids stay below 2^62 "
			 "(the oracle numbers new content from there)",
			 (unsigned long long)e->obj_arg);
		return -1;
	}
	if (ev->kind == SF_EV_DIRTY && ev->npages < SF_DIRTY_PAGES_PER_EVENT &&
	    (ev->value >> ev->npages)) {
		snprintf(why, n, "\"value\" 0x%llx has bits beyond the %u pages of \"npages\"",
			 (unsigned long long)ev->value, ev->npages);
		return -1;
	}
	return 0;
}

static int read_line(struct sf_trace *t, const char *s, size_t len, unsigned lineno,
		     char *why, size_t n)
{
	struct sf_event ev;

	while (len && isspace((unsigned char)*s))
		s++, len--;
	if (!len)
		return 0;
	if (*s == '#') {
		int h = header(t, s, why, n);

		if (h == 1 && t->n) {
			snprintf(why, n, "headers go before the first event");
			return -1;
		}
		return h < 0 ? -1 : 0;
	}
	if (sf_trace_parse_event(s, len, &ev, why, n) || event_takeable(&ev, why, n))
		return -1;
	if (t->arena_pages) {
		char label[32];

		snprintf(label, sizeof(label), "# arena %u", t->arena_pages);
		if (beyond(&ev, t->arena_pages, label, why, n))
			return -1;
	} else if (beyond(&ev, SF_TRACE_MAX_PAGES, "1048576 pages at most", why, n)) {
		return -1;
	}
	if (pages_needed(&ev) > t->pages_used)
		t->pages_used = (uint32_t)pages_needed(&ev);
	if (push(t, &ev, lineno)) {
		snprintf(why, n, "out of memory");
		return -1;
	}
	return 0;
}

/* Every line of in; 0 or -1 with "NAME:LINE: why" in err. */
static int read_all(struct sf_input *in, struct sf_trace *t, char *err, size_t n)
{
	char why[300];
	ssize_t len;

	while ((len = sf_input_line(in, why, sizeof(why))) > 0)
		if (read_line(t, in->buf, (size_t)len, in->lineno, why, sizeof(why)))
			break;
	if (len == 0)
		return 0;
	snprintf(err, n, "%s:%u: %s", in->path, in->lineno, why);
	return -1;
}

int sf_trace_read(FILE *f, const char *name, struct sf_trace *t, char *err, size_t n)
{
	struct sf_input in;
	int rc;

	if (sf_input_attach(&in, f, name, "trace", SF_TRACE_MAX_LINE, SF_TRACE_MAX_BYTES, err, n))
		return -1;
	rc = read_all(&in, t, err, n);
	sf_input_close(&in);
	return rc;
}

int sf_trace_load(const char *path, struct sf_trace *t, char *err, size_t n)
{
	struct sf_input in;
	int rc;

	if (sf_input_open(&in, path, "trace", true, SF_TRACE_MAX_LINE, SF_TRACE_MAX_BYTES, err, n))
		return -1;
	rc = read_all(&in, t, err, n);
	sf_input_close(&in);
	return rc;
}

int sf_trace_fit(struct sf_trace *t, uint32_t npages, const char *name, char *err, size_t n)
{
	char label[32], why[300];

	snprintf(label, sizeof(label), "%u pages", npages);
	for (size_t i = 0; i < t->n; i++) {
		struct sf_event *ev = &t->ev[i];

		if (beyond(ev, npages, label, why, sizeof(why))) {
			snprintf(err, n, "%s:%u: %s", name, t->line[i], why);
			return -1;
		}
		/* its bits past the arena are zero (beyond() said so): not pages to check */
		if (ev->kind == SF_EV_DIRTY && ev->npages > npages - ev->page)
			ev->npages = npages - ev->page;
	}
	return 0;
}

/* Merge sort on an index: stable, O(n log n), and the lines follow their events. */
static void merge_sort(size_t *idx, size_t *tmp, size_t n, const struct sf_event *ev)
{
	size_t mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	merge_sort(idx, tmp, mid, ev);
	merge_sort(idx + mid, tmp, n - mid, ev);
	while (i < mid && j < n)
		tmp[k++] = ev[idx[j]].t0 < ev[idx[i]].t0 ? idx[j++] : idx[i++];
	while (i < mid)
		tmp[k++] = idx[i++];
	while (j < n)
		tmp[k++] = idx[j++];
	memcpy(idx, tmp, n * sizeof(*idx));
}

size_t sf_trace_sort(struct sf_trace *t)
{
	size_t out_of_order = 0, *idx, *tmp;
	struct sf_event *ev;
	unsigned *line;

	for (size_t i = 1; i < t->n; i++)
		if (t->ev[i].t0 < t->ev[i - 1].t0)
			out_of_order++;
	if (!out_of_order)
		return 0;
	idx = malloc(t->n * sizeof(*idx));
	tmp = malloc(t->n * sizeof(*tmp));
	ev = malloc(t->n * sizeof(*ev));
	line = malloc(t->n * sizeof(*line));
	if (!idx || !tmp || !ev || !line) {
		/* cannot sort: leave it; the oracle will reject what goes backwards */
		free(idx), free(tmp), free(ev), free(line);
		return out_of_order;
	}
	for (size_t i = 0; i < t->n; i++)
		idx[i] = i;
	merge_sort(idx, tmp, t->n, t->ev);
	for (size_t i = 0; i < t->n; i++) {
		ev[i] = t->ev[idx[i]];
		line[i] = t->line[idx[i]];
	}
	free(t->ev);
	free(t->line);
	t->ev = ev;
	t->line = line;
	t->cap = t->n;
	free(idx);
	free(tmp);
	return out_of_order;
}
