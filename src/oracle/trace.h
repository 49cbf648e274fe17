/*
 * Event traces: JSON Lines, one event per line in the format sf_event_json
 * writes (src/event.h, docs/trace.md), read back for `svafuzz check`.
 * Hand-written traces are the point, so the reader is strict: a missing
 * required field, an unknown key or a bad name is an error naming its
 * line, never a silent default that could turn into a false verdict.
 */
#ifndef SF_TRACE_H
#define SF_TRACE_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "event.h"

/* The largest arena a trace may describe ("# arena N", --arena). */
#define SF_TRACE_MAX_PAGES (1u << 20)

struct sf_trace {
	struct sf_event *ev;
	unsigned *line;		/* source line of each event */
	size_t n, cap;
	uint32_t arena_pages;	/* "# arena N" header, or 0 */
	int sem;		/* "# semantics mirror|pinned|hmm" header (enum sf_semantics), or -1 */
	uint8_t initial_flags;	/* "# initial-flags N" header (SF_PS_* of every page at start), or 0 */
	uint32_t pages_used;	/* 1 + highest page any event touches (0: none) */
};

void sf_trace_init(struct sf_trace *t);
void sf_trace_free(struct sf_trace *t);

/* One JSON object into ev; 0, or -1 with what is wrong in why. Pure. */
int sf_trace_parse_event(const char *json, size_t len, struct sf_event *ev, char *why, size_t n);

/*
 * What json-c hides, from the text of a line json-c accepted as one
 * object: a key given twice (json-c keeps the last), an integer beyond
 * 2^64-1 (json-c clamps it). 0, or -1 naming the key in why.
 */
int sf_trace_scan_raw(const char *json, size_t len, char *why, size_t n);

/*
 * Whole trace from f (name is used in messages: "NAME:LINE: what is
 * wrong"). Blank lines and lines starting with '#' are skipped; "# arena N",
 * "# semantics S" and "# initial-flags N" are headers before the first event. A line or a
 * trace over its limit (src/input_file.h) and a read error are errors
 * naming the line, never an early end. 0 or -1 with err. sf_trace_load
 * reads path ("-": stdin), refusing anything but a regular file ("PATH: is
 * a directory, not a trace").
 */
int sf_trace_read(FILE *f, const char *name, struct sf_trace *t, char *err, size_t n);
int sf_trace_load(const char *path, struct sf_trace *t, char *err, size_t n);

/*
 * Fits the events to an arena of npages pages (the header's, --arena's,
 * or 1 + the highest page used): an event reaching beyond it is an error
 * naming its line and field ("NAME:LINE: ..." in err), so the oracle
 * never refuses what the reader let through; a dirty fetch's bitmap is
 * cut at the arena's end (its bits there are zero, or it is refused).
 */
int sf_trace_fit(struct sf_trace *t, uint32_t npages, const char *name, char *err, size_t n);

/* Stable sort by t0 (lines follow); returns how many events were out of order before. */
size_t sf_trace_sort(struct sf_trace *t);
#endif
