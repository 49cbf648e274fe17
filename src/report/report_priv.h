/* Pieces of report.html shared between report*.c (not an interface). */
#ifndef SF_REPORT_PRIV_H
#define SF_REPORT_PRIV_H
#include <json-c/json.h>
#include <stddef.h>
#include <stdio.h>

/* timeline.jsonl, one array per column, indexed by line */
struct rp_timeline {
	double *t_s, *mutations, *accesses, *faults, *slot_changes, *findings, *rss_kb;
	size_t n, cap;
	unsigned bad_lines;	/* unparsable (a run killed mid-write leaves one) */
	unsigned first_bad;	/* line number of the first, 0 if none */
	char bad_why[80];	/* what is wrong with it */
	int missing;		/* no timeline.jsonl at all */
};

struct rp_marker {
	double t_s;
	char label[96];
};

/*
 * run.json's keys have the types and ranges results/README.md gives, and
 * its schema is "svafuzz-run/1": 0, or -1 with err naming the key.
 */
int rp_check_run(json_object *run, char *err, size_t n);

/* timeline.jsonl: lines that are not a timeline line are counted, the first named. */
int rp_timeline_load(const char *path, struct rp_timeline *tl);
void rp_timeline_free(struct rp_timeline *tl);

/* The stacked SVG charts; t_end = the run's length in seconds. */
void rp_svg_timeline(FILE *f, const struct rp_timeline *tl, double t_end,
		     const struct rp_marker *marks, size_t nmarks);

/* The jobs a merged folder was made from (nothing for a run's own folder). */
void rp_merged_inputs(FILE *f, json_object *run);

/* HTML-escaped text. */
void rp_esc(FILE *f, const char *s);
/* 1234567 -> "1.23M" */
const char *rp_human(double v, char *buf, size_t n);
/* 65500 -> "65.5 µs" */
const char *rp_ns(double ns, char *buf, size_t n);
/* 5400 -> "1h30m", 75 -> "1m15s", 12.5 -> "12.5s" */
const char *rp_duration(double s, char *buf, size_t n);
#endif
