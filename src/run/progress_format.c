/*
 * The progress line's text (progress_format.h). Pure: no clock, no I/O.
 */
#include <math.h>
#include <stdio.h>
#include "disk.h"
#include "progress_format.h"

void sf_fmt_hms(uint64_t s, char *buf, size_t n)
{
	snprintf(buf, n, "%llu:%02u:%02u", (unsigned long long)(s / 3600), (unsigned)(s / 60 % 60),
		 (unsigned)(s % 60));
}

void sf_fmt_rate(double v, char *buf, size_t n)
{
	/* thresholds at the rounding points, so 999.7 reads "1.0k", never "1000" */
	if (!(v > 0))
		snprintf(buf, n, "0");
	else if (v < 999.5)
		snprintf(buf, n, "%.0f", v);
	else if (v < 999950.0)
		snprintf(buf, n, "%.1fk", v / 1e3);
	else
		snprintf(buf, n, "%.1fM", v / 1e6);
}

/*
 * Elapsed rounds down and what is left rounds up, so the two always add up
 * to the --duration asked for.
 */
static void clock_part(const struct sf_progress_figures *f, char *buf, size_t n)
{
	char el[32], left[32];

	sf_fmt_hms(f->elapsed_s > 0 ? (uint64_t)f->elapsed_s : 0, el, sizeof(el));
	if (f->left_s < 0) {
		snprintf(buf, n, "[%s elapsed, no end set]", el);
		return;
	}
	sf_fmt_hms((uint64_t)ceil(f->left_s), left, sizeof(left));
	snprintf(buf, n, "[%s elapsed, %s left]", el, left);
}

void sf_progress_format(const struct sf_progress_figures *f, char *buf, size_t n)
{
	char clk[80], mut[16], judged[16], faults[16], disk[32] = "";

	clock_part(f, clk, sizeof(clk));
	sf_fmt_rate(f->mut_per_s, mut, sizeof(mut));
	sf_fmt_rate(f->judged_per_s, judged, sizeof(judged));
	sf_fmt_rate(f->faults_per_s, faults, sizeof(faults));
	if (f->disk_bytes != SF_PROGRESS_NO_DISK) {
		char size[24];

		sf_disk_size_str(f->disk_bytes, size, sizeof(size));
		snprintf(disk, sizeof(disk), ", disk %s", size);
	}
	snprintf(buf, n, "%s %s mut/s, %s judged/s, faults %s/s, findings %zu%s", clk, mut, judged,
		 faults, f->findings, disk);
}
