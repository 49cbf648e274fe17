/*
 * The progress line's text, apart from the clock and the terminal, so
 * that what a user reads during an eight-hour soak is unit-tested:
 *
 *   [1:02:03 elapsed, 6:57:57 left] 12.3k mut/s, 45.6k judged/s,
 *   faults 1.2k/s, findings 2, disk 3.5 MiB
 *
 * (one line). Every rate says "/s"; counts that only grow (findings, disk)
 * do not.
 */
#ifndef SF_PROGRESS_FORMAT_H
#define SF_PROGRESS_FORMAT_H
#include <stddef.h>
#include <stdint.h>

#define SF_PROGRESS_NO_END (-1.0)		/* left_s of a run without --duration */
#define SF_PROGRESS_NO_DISK UINT64_MAX		/* disk_bytes when results are off */

struct sf_progress_figures {
	double elapsed_s;
	double left_s;				/* SF_PROGRESS_NO_END: until a signal */
	double mut_per_s, judged_per_s, faults_per_s;
	size_t findings;			/* distinct findings so far */
	uint64_t disk_bytes;			/* logs and findings written (what --max-disk counts) */
};

/* Whole seconds as "h:mm:ss" ("8:00:00", "0:00:07", "123:04:05"). */
void sf_fmt_hms(uint64_t s, char *buf, size_t n);
/* A rate in three significant-ish figures: "850", "12.3k", "4.5M". */
void sf_fmt_rate(double v, char *buf, size_t n);
/* The whole progress line, without "\r" or "\n". */
void sf_progress_format(const struct sf_progress_figures *f, char *buf, size_t n);
#endif
