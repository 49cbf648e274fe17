/*
 * A whole trace file: lines, comments, the "# arena N" and "# semantics S"
 * headers, page bounds, and the stable t0 sort the oracle needs.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "input_file.h"
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

/* Last page an event touches: dirty logs cover 64 pages, but only as far as the arena. */
static uint32_t last_page(const struct sf_event *ev)
{
	if (ev->kind == SF_EV_MUTATION)
		return ev->page + ev->npages - 1;
	return ev->page;
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
		if (errno || *end || !isdigit((unsigned char)arg[0]) || v == 0 || v > (1u << 20)) {
			snprintf(why, n, "\"# arena %s\": pages must be 1..%u", arg, 1u << 20);
			return -1;
		}
		t->arena_pages = (uint32_t)v;
		return 1;
	}
	if (!strcmp(word, "semantics")) {
		if (!strcmp(arg, "mirror"))
			t->sem = SF_SEM_MIRROR;
		else if (!strcmp(arg, "pinned"))
			t->sem = SF_SEM_PINNED;
		else {
			snprintf(why, n, "\"# semantics %s\": mirror or pinned", arg);
			return -1;
		}
		return 1;
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
	if (sf_trace_parse_event(s, len, &ev, why, n))
		return -1;
	if (ev.kind == SF_EV_MARK)
		return push(t, &ev, lineno) ? (snprintf(why, n, "out of memory"), -1) : 0;
	if (t->arena_pages && last_page(&ev) >= t->arena_pages) {
		snprintf(why, n, "page %u is beyond the arena (# arena %u)", last_page(&ev),
			 t->arena_pages);
		return -1;
	}
	if (last_page(&ev) >= (1u << 20)) {
		snprintf(why, n, "page %u is beyond %u pages (give \"# arena N\")", last_page(&ev),
			 1u << 20);
		return -1;
	}
	if (last_page(&ev) + 1 > t->pages_used)
		t->pages_used = last_page(&ev) + 1;
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
