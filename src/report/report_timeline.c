/*
 * report.html's timeline: timeline.jsonl read back, and drawn as stacked
 * SVG panels sharing one time axis, with findings as red markers across
 * all of them. An eight-hour run has 28,800 seconds: each pixel column
 * shows the mean of its seconds as a line and their peak as a light band,
 * so short bursts stay visible without drawing every point.
 */
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report_priv.h"

#define W 960		/* svg width */
#define LEFT 64		/* room for y labels */
#define RIGHT 16
#define PANEL_H 84
#define TITLE_H 22
#define GAP 20
#define AXIS_H 26
#define LANE_H 26	/* the findings lane above the panels */
#define FEW_MARKS 12	/* up to this many findings also get a line through every panel */
#define PLOT_W (W - LEFT - RIGHT)

static int grow(struct rp_timeline *tl)
{
	double **cols[] = { &tl->t_s, &tl->mutations, &tl->accesses, &tl->faults,
			    &tl->slot_changes, &tl->findings, &tl->rss_kb };
	size_t cap = tl->cap ? tl->cap * 2 : 1024;

	for (unsigned i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		double *p = realloc(*cols[i], cap * sizeof(double));

		if (!p)
			return -1;
		*cols[i] = p;
	}
	tl->cap = cap;
	return 0;
}

static double num(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	return json_object_get_double(v);
}

/* What is wrong with one line (NULL if nothing): an object of numbers >= 0, "t_s" at least. */
static const char *line_fault(json_object *o, const char *line)
{
	static const char *const keys[] = { "t_s", "mutations", "accesses", "faults",
					    "slot_changes", "findings", "rss_kb" };

	if (!strchr(line, '\n'))
		return "cut short (the run was killed while writing it?)";
	if (!o || !json_object_is_type(o, json_type_object))
		return "not a JSON object";
	if (!json_object_object_get_ex(o, "t_s", NULL))
		return "no \"t_s\"";
	for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_object *v = NULL;

		if (!json_object_object_get_ex(o, keys[i], &v))
			continue;
		if (!json_object_is_type(v, json_type_int) && !json_object_is_type(v, json_type_double))
			return "a count that is not a number";
		if (!(json_object_get_double(v) >= 0))
			return "a negative count";
	}
	return NULL;
}

static void note_bad(struct rp_timeline *tl, unsigned lineno, const char *why)
{
	if (!tl->bad_lines++) {
		tl->first_bad = lineno;
		snprintf(tl->bad_why, sizeof(tl->bad_why), "%s", why);
	}
}

int rp_timeline_load(const char *path, struct rp_timeline *tl)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;

	memset(tl, 0, sizeof(*tl));
	if (!f) {
		tl->missing = 1;
		return -1;
	}
	while (getline(&line, &cap, f) >= 0) {
		json_object *o = json_tokener_parse(line);
		const char *why = line_fault(o, line);

		lineno++;
		if (why) {
			if (line[0] != '\n')
				note_bad(tl, lineno, why);
			json_object_put(o);
			continue;
		}
		if (tl->n == tl->cap && grow(tl)) {
			json_object_put(o);
			break;
		}
		tl->t_s[tl->n] = num(o, "t_s");
		tl->mutations[tl->n] = num(o, "mutations");
		tl->accesses[tl->n] = num(o, "accesses");
		tl->faults[tl->n] = num(o, "faults");
		tl->slot_changes[tl->n] = num(o, "slot_changes");
		tl->findings[tl->n] = num(o, "findings");
		tl->rss_kb[tl->n] = num(o, "rss_kb");
		tl->n++;
		json_object_put(o);
	}
	free(line);
	fclose(f);
	return 0;
}

void rp_timeline_free(struct rp_timeline *tl)
{
	free(tl->t_s);
	free(tl->mutations);
	free(tl->accesses);
	free(tl->faults);
	free(tl->slot_changes);
	free(tl->findings);
	free(tl->rss_kb);
	memset(tl, 0, sizeof(*tl));
}

/* Smallest 1, 2 or 5 times a power of ten that is >= v. */
static double nice_ceiling(double v)
{
	double p;

	if (v <= 0)
		return 1;
	p = pow(10, floor(log10(v)));
	if (v <= p)
		return p;
	if (v <= 2 * p)
		return 2 * p;
	if (v <= 5 * p)
		return 5 * p;
	return 10 * p;
}

static double x_of(double t, double t_end)
{
	return LEFT + (t_end > 0 ? t / t_end : 0) * PLOT_W;
}

struct panel {
	const char *title;
	const char *color;
	const double *v;
	double scale;		/* shown value = v * scale (RSS kB -> MiB) */
	const char *unit;
};

/* Per pixel column: mean (the line), min and max (the band) of the seconds in it. */
static void columns(const struct rp_timeline *tl, const struct panel *p, double t_end,
		    double *mean, double *min, double *max, int *has)
{
	unsigned cnt[PLOT_W] = { 0 };

	for (unsigned c = 0; c < PLOT_W; c++)
		mean[c] = min[c] = max[c] = 0, has[c] = 0;
	for (size_t i = 0; i < tl->n; i++) {
		int c = (int)((x_of(tl->t_s[i], t_end) - LEFT) * (PLOT_W - 1) / PLOT_W);
		double v = p->v[i] * p->scale;

		if (c < 0 || c >= PLOT_W)
			continue;
		mean[c] += v;
		if (!has[c] || v > max[c])
			max[c] = v;
		if (!has[c] || v < min[c])
			min[c] = v;
		has[c] = 1;
		cnt[c]++;
	}
	for (unsigned c = 0; c < PLOT_W; c++)
		if (cnt[c])
			mean[c] /= cnt[c];
}

static void panel_svg(FILE *f, const struct rp_timeline *tl, const struct panel *p,
		      double t_end, int y0)
{
	double mean[PLOT_W], min[PLOT_W], max[PLOT_W], top = 0, sum = 0, ymax;
	int has[PLOT_W], first = 1, yb = y0 + TITLE_H + PANEL_H;
	char a[32], b[32], c[32];

	columns(tl, p, t_end, mean, min, max, has);
	for (size_t i = 0; i < tl->n; i++) {
		top = fmax(top, p->v[i] * p->scale);
		sum += p->v[i] * p->scale;
	}
	ymax = nice_ceiling(top);
	fprintf(f, "<text class=\"pt\" x=\"%d\" y=\"%d\">%s</text>"
		"<text class=\"ps\" x=\"%d\" y=\"%d\" text-anchor=\"end\">peak %s%s &#183; mean %s%s</text>\n",
		LEFT, y0 + 15, p->title, W - RIGHT, y0 + 15, rp_human(top, a, sizeof(a)), p->unit,
		rp_human(tl->n ? sum / (double)tl->n : 0, b, sizeof(b)), p->unit);
	/* frame, mid gridline and y labels */
	fprintf(f, "<rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
		"<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>"
		"<text class=\"yl\" x=\"%d\" y=\"%d\">%s</text><text class=\"yl\" x=\"%d\" y=\"%d\">%s</text>"
		"<text class=\"yl\" x=\"%d\" y=\"%d\">0</text>\n",
		LEFT, y0 + TITLE_H, PLOT_W, PANEL_H, LEFT, W - RIGHT, y0 + TITLE_H + PANEL_H / 2,
		y0 + TITLE_H + PANEL_H / 2, LEFT - 6, y0 + TITLE_H + 9, rp_human(ymax, c, sizeof(c)),
		LEFT - 6, y0 + TITLE_H + PANEL_H / 2 + 4, rp_human(ymax / 2, a, sizeof(a)), LEFT - 6, yb);
	if (!tl->n)
		return;
	/* band from the lowest to the highest second of each column */
	fprintf(f, "<path fill=\"%s\" fill-opacity=\"0.3\" d=\"", p->color);
	for (int x = 0; x < PLOT_W; x++) {
		if (!has[x])
			continue;
		fprintf(f, "%s%d,%.1f", first ? "M" : "L", LEFT + x, yb - max[x] / ymax * PANEL_H);
		first = 0;
	}
	for (int x = PLOT_W - 1; x >= 0 && !first; x--)
		if (has[x])
			fprintf(f, "L%d,%.1f", LEFT + x, yb - min[x] / ymax * PANEL_H);
	fprintf(f, "Z\"/>\n<path fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" d=\"", p->color);
	first = 1;
	for (int x = 0; x < PLOT_W; x++) {
		if (!has[x])
			continue;
		fprintf(f, "%s%d,%.1f", first ? "M" : "L", LEFT + x, yb - mean[x] / ymax * PANEL_H);
		first = 0;
	}
	fprintf(f, "\"/>\n");
}

/* A tick step from 1 s to a day giving at most ~10 ticks. */
static double tick_step(double t_end)
{
	static const double steps[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800,
					3600, 7200, 10800, 21600, 43200, 86400 };

	for (unsigned i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (t_end / steps[i] <= 10)
			return steps[i];
	return nice_ceiling(t_end / 10);
}

static int all_zero(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] != 0)
			return 0;
	return 1;
}

/* A red tick per finding in a lane of its own, so hundreds stay readable. */
static void findings_lane(FILE *f, double t_end, const struct rp_marker *marks, size_t nmarks,
			  int bottom)
{
	fprintf(f, "<text class=\"yl\" x=\"%d\" y=\"%d\">findings</text>"
		"<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>\n",
		LEFT - 6, LANE_H - 8, LEFT, W - RIGHT, LANE_H - 4, LANE_H - 4);
	for (size_t i = 0; i < nmarks; i++) {
		double x = x_of(fmin(marks[i].t_s, t_end), t_end);

		fprintf(f, "<g class=\"mark\"><title>");
		rp_esc(f, marks[i].label);
		fprintf(f, "</title><path d=\"M%.1f,%dl-5,-10h10z\"/>", x, LANE_H - 4);
		if (nmarks <= FEW_MARKS)
			fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>", x, x,
				LANE_H + TITLE_H, bottom);
		fprintf(f, "</g>\n");
	}
}

void rp_svg_timeline(FILE *f, const struct rp_timeline *tl, double t_end,
		     const struct rp_marker *marks, size_t nmarks)
{
	const struct panel all[] = {
		{ "Device and CPU accesses per second", "#2563eb", tl->accesses, 1, "/s" },
		{ "Mutations per second (mprotect, mmap, munmap, fork, ...)", "#7c3aed",
		  tl->mutations, 1, "/s" },
		{ "Device faults per second", "#ea580c", tl->faults, 1, "/s" },
		{ "Memslot changes per second", "#0d9488", tl->slot_changes, 1, "/s" },
		{ "Distinct findings so far", "#dc2626", tl->findings, 1, "" },
		{ "Resident memory", "#64748b", tl->rss_kb, 1.0 / 1024, " MiB" },
	};
	struct panel shown[sizeof(all) / sizeof(all[0])];
	unsigned np = 0;
	int h, top, bottom, lane = nmarks ? LANE_H : 0;
	double step;
	char buf[32];

	/* a series that stayed at zero the whole run says so in one line, not a panel */
	for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (i == 0 || !all_zero(all[i].v, tl->n))
			shown[np++] = all[i];
	h = lane + (int)np * (TITLE_H + PANEL_H + GAP) + AXIS_H;
	top = lane + TITLE_H;
	bottom = h - AXIS_H - GAP;
	if (t_end <= 0)
		t_end = tl->n ? tl->t_s[tl->n - 1] : 1;
	if (t_end <= 0)
		t_end = 1;
	fprintf(f, "<svg class=\"tl\" viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\" "
		"role=\"img\" aria-label=\"run timeline\">\n", W, h);
	for (unsigned i = 0; i < np; i++)
		panel_svg(f, tl, &shown[i], t_end, lane + (int)i * (TITLE_H + PANEL_H + GAP));
	/* time axis */
	step = tick_step(t_end);
	for (double t = 0; t <= t_end + 1e-9; t += step) {
		double x = x_of(t, t_end);

		fprintf(f, "<line class=\"tick\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>"
			"<text class=\"xl\" x=\"%.1f\" y=\"%d\">%s</text>\n", x, x, top, bottom + 4,
			x, h - 8, rp_duration(t, buf, sizeof(buf)));
	}
	if (nmarks)
		findings_lane(f, t_end, marks, nmarks, bottom);
	fprintf(f, "</svg>\n");
	for (unsigned i = 1; i < sizeof(all) / sizeof(all[0]); i++)
		if (all_zero(all[i].v, tl->n))
			fprintf(f, "<p class=\"muted\">%s: none during the run.</p>\n", all[i].title);
}
