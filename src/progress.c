/*
 * Progress on stderr while a run goes (a status line every second on a
 * terminal, one line a minute otherwise, nothing when quiet) and the final
 * summary on stdout.
 */
#include <stdio.h>
#include <unistd.h>
#include "findings.h"
#include "results.h"

struct progress_mark {
	double t;
	uint64_t mutations, judged;
};

static struct progress_mark last;

static void status_line(const struct sf_run_state *rs, double now, bool tty)
{
	double dt = now - last.t;
	double mps = dt > 0 ? (double)(rs->mutations - last.mutations) / dt : 0;
	double jps = dt > 0 ? (double)(rs->judged - last.judged) / dt : 0;
	char left[32] = "forever";

	if (rs->duration_ns) {
		double rem = (double)rs->duration_ns / 1e9 - now;

		snprintf(left, sizeof(left), "%.0fs left", rem > 0 ? rem : 0);
	}
	fprintf(stderr, "%s[%6.0fs %s] %.0f mutations/s, %.0f judged/s, %llu faults, %zu findings%s",
		tty ? "\r" : "", now, left, mps, jps, (unsigned long long)rs->faults,
		rs->findings ? rs->findings->n : 0, tty ? "   " : "\n");
	fflush(stderr);
	last.t = now;
	last.mutations = rs->mutations;
	last.judged = rs->judged;
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
		fprintf(out, "findings: %zu distinct (%llu verdicts), first after %.2fs\n", fs->n,
			(unsigned long long)fs->verdicts, fs->t_first_s);
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
