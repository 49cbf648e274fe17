/*
 * What one run measured, and the writers of its results folder
 * (results/README.md documents the layout):
 *   run.json        headline figures, rewritten atomically every ~10 s
 *   timeline.jsonl  one line per second
 *   events.jsonl    mutations and a sample of accesses, rotated
 *   junit.xml       one testcase per (backend x check)
 *   findings/       see findings.h
 * Private to the run loop (run.c) and replay.
 */
#ifndef SF_RESULTS_H
#define SF_RESULTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "event.h"
#include "files.h"
#include "ops.h"
#include "oracle.h"
#include "backend.h"
#include "plant.h"

#define SF_MAX_SKIPPED 48

/* How a run ended (run.json "ended_by"); SF_END_RUNNING while it runs. */
enum sf_end {
	SF_END_RUNNING = 0,
	SF_END_DURATION,
	SF_END_SIGNAL,
	SF_END_MAX_FINDINGS,
	SF_END_ERROR,
	SF_END_DEVICE_LOST,
};
/* fewer judged accesses than this never make a clean run (exit 6) */
#define SF_MIN_JUDGED 100

struct sf_findings;
struct sf_disk;

struct sf_skip {
	char what[48];
	char why[160];
};

struct sf_run_state {
	char run_id[80];
	char dir[700];			/* run folder, "" when results are off */
	char backend[32], knob[48], arch[16];
	bool sim;			/* virtual time: no kernel log excerpts */
	uint64_t seed;
	uint64_t t_start;		/* CLOCK_MONOTONIC ns */
	char started[32], ended[32];	/* UTC, ISO 8601; ended "" while running */
	int exit_code;			/* -1 while running (null in run.json) */
	uint64_t duration_ns;		/* asked for (0 = until signal) */

	uint64_t counts[SF_OP__COUNT];	/* ops executed */
	uint64_t op_ns[SF_OP__COUNT];	/* thread time in each op kind (real backends) */
	uint64_t programs;
	uint64_t judged, decisive, faults;
	uint64_t rejected, widened;
	uint64_t stale_in_flight;	/* stale translations seen while a change was in flight */
	uint64_t value_checked, dirty_checked;	/* reads value-checked; pages checked against dirty logs */
	size_t mem_peak;
	uint64_t width_hist[65];	/* device access widths t1 - t0, log2 buckets */
	uint64_t mutations, accesses, slot_changes;	/* events seen */

	struct sf_findings *findings;
	struct sf_skip skipped[SF_MAX_SKIPPED];
	unsigned nskipped;

	long rss_start, rss_end, rss_max;	/* kB */
	struct sf_be_stats be_stats;
	/* device calls of real backends: batches that completed, calls that
	 * failed, accesses completed; the first failure in words */
	uint64_t dev_batches_ok, dev_errors, dev_accesses;
	char dev_first_error[160];
	uint64_t disk_used;		/* bytes of logs and findings written (disk.h) */
	bool have_be_stats;
	char hang[200];			/* watchdog report, "" if none */
	enum sf_end ended_by;
	char end_reason[256];		/* the same in words (signal name, error text) */
	bool complete;			/* ran as long as asked and judged enough */
	char unavailable[200];		/* the backend's probe said why not, "" if usable */
	unsigned klog_errors;
	struct sf_plant_stats plant;	/* svaplant's counts; mode "" when not armed */
	bool klog_on;
};

/* --- run.json (results.c) --- */
void sf_rs_init(struct sf_run_state *rs);
/* Adds a skipped entry once per `what`. */
void sf_rs_skip(struct sf_run_state *rs, const char *what, const char *why);
/* "duration", "signal", ... as in run.json; NULL for SF_END_RUNNING. */
const char *sf_end_name(enum sf_end e);
/* Seconds since start. */
double sf_rs_elapsed(const struct sf_run_state *rs);
/* An approximate percentile (0..100) of the access width histogram, ns. */
uint64_t sf_rs_width_pct(const struct sf_run_state *rs, double pct);
double sf_rs_decisive_share(const struct sf_run_state *rs);
/* "2025-01-02T03:04:05Z" of now into buf. */
void sf_utc_now(char *buf, size_t n);
long sf_proc_status_kb(const char *key);	/* "VmRSS:" ... from /proc/self/status */
/* DIR/<run-id>/ (unique) and DIR/latest -> it; fills rs->run_id, rs->dir. */
int sf_results_mkdir(struct sf_run_state *rs, const char *parent, char *err, size_t n);
int sf_results_write_run_json(const struct sf_run_state *rs);

/* --- timeline.jsonl (results_timeline.c) --- */
struct sf_timeline;
struct sf_timeline *sf_timeline_open(const char *dir);
/* Lines are offered to d first (disk.h); NULL: always written. */
void sf_timeline_set_disk(struct sf_timeline *t, struct sf_disk *d);
/* One line for second t_s with the deltas since the last line. */
void sf_timeline_tick(struct sf_timeline *t, const struct sf_run_state *rs, unsigned t_s);
void sf_timeline_close(struct sf_timeline *t);

/* --- events.jsonl (results_events.c) --- */
struct sf_evlog;
struct sf_evlog *sf_evlog_open(const char *dir, uint64_t rotate_bytes);
/* Writes are offered to d first (disk.h); refused once, logging stops. */
void sf_evlog_set_disk(struct sf_evlog *l, struct sf_disk *d);
/* A program starts: decides whether it is logged (rate budget). */
void sf_evlog_program(struct sf_evlog *l);
/* Logs mutations, faults and a sample of accesses; prog = program index. */
void sf_evlog_event(struct sf_evlog *l, const struct sf_event *ev, uint64_t prog);
void sf_evlog_close(struct sf_evlog *l);

/* --- junit.xml and LAVA lines (results_junit.c) --- */
/* 0, or -1 with errno (nothing, not even a temporary, left behind). */
int sf_results_write_junit(const struct sf_run_state *rs);
void sf_results_print_lava(const struct sf_run_state *rs, FILE *out);

/* --- progress and summary (progress.c) --- */
void sf_progress_tick(const struct sf_run_state *rs, bool quiet, bool final);
void sf_progress_summary(const struct sf_run_state *rs, FILE *out);
#endif
