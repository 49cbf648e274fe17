/*
 * Progress on stderr while a run goes (a status line every second on a
 * terminal, one line a minute otherwise, nothing when quiet) and the final
 * summary on stdout. The line's wording is progress_format.c's.
 */
#include <stdio.h>
#include <unistd.h>
#include "findings.h"
#include "progress_format.h"
#include "results.h"

struct progress_mark {
	double t;
	uint64_t mutations, judged, faults;
};

static struct progress_mark last;

static double per_s(uint64_t now, uint64_t then, double dt)
{
	return dt > 0 ? (double)(now - then) / dt : 0;
}

static void status_line(const struct sf_run_state *rs, double now, bool tty)
{
	double dt = now - last.t;
	struct sf_progress_figures f = {
		.elapsed_s = now,
		.left_s = SF_PROGRESS_NO_END,
		.mut_per_s = per_s(rs->mutations, last.mutations, dt),
		.judged_per_s = per_s(rs->judged, last.judged, dt),
		.faults_per_s = per_s(rs->faults, last.faults, dt),
		.findings = rs->findings ? rs->findings->nfam : 0,
		.disk_bytes = rs->dir[0] ? rs->disk_used : SF_PROGRESS_NO_DISK,
	};
	char line[256];

	if (rs->duration_ns) {
		double rem = (double)rs->duration_ns / 1e9 - now;

		f.left_s = rem > 0 ? rem : 0;
	}
	sf_progress_format(&f, line, sizeof(line));
	/* trailing blanks on a terminal wipe what a longer previous line left */
	fprintf(stderr, "%s%s%s", tty ? "\r" : "", line, tty ? "   " : "\n");
	fflush(stderr);
	last.t = now;
	last.mutations = rs->mutations;
	last.judged = rs->judged;
	last.faults = rs->faults;
}

void sf_progress_tick(const struct sf_run_state *rs, bool quiet, bool final)
{
	bool tty = isatty(2);
	double now = sf_rs_elapsed(rs);

	if (quiet)
		return;
	if (final) {
		if (tty && last.t > 0)
			fputc('\n', stderr);
		return;
	}
	if (now - last.t < (tty ? 1.0 : 60.0))
		return;
	status_line(rs, now, tty);
}

void sf_progress_summary(const struct sf_run_state *rs, FILE *out)
{
	const struct sf_findings *fs = rs->findings;

	fprintf(out, "backend: %s%s%s\n", rs->backend, rs->knob[0] ? " inject " : "", rs->knob);
	fprintf(out, "seed: %llu\n", (unsigned long long)rs->seed);
	fprintf(out, "programs: %llu in %.1fs\n", (unsigned long long)rs->programs, sf_rs_elapsed(rs));
	fprintf(out, "accesses judged: %llu (decisive %llu)\n", (unsigned long long)rs->judged,
		(unsigned long long)rs->decisive);
	fprintf(out, "decisive share: %.1f%%\n", 100.0 * sf_rs_decisive_share(rs));
	if (fs && fs->n)
		fprintf(out, "findings: %zu distinct (%zu causes, %llu verdicts), first after %.2fs\n",
			fs->nfam, fs->n, (unsigned long long)fs->verdicts, fs->t_first_s);
	else
		fprintf(out, "findings: 0\n");
	if (rs->hang[0])
		fprintf(out, "watchdog: %s\n", rs->hang);
	if (rs->ended_by)
		fprintf(out, "ended by %s: %s (%s)\n", sf_end_name(rs->ended_by), rs->end_reason,
			rs->complete ? "complete" : "incomplete: not a clean verdict");
	if (rs->dir[0])
		fprintf(out, "results: %s\n", rs->dir);
	fflush(out);
}
