/*
 * The progress line: clocks as h:mm:ss (an 8 h soak reads 8:00:00, not
 * 28800s), elapsed and left adding up to the duration, every rate labelled
 * "/s", findings and disk as plain figures.
 */
#include <string.h>
#include "progress_format.h"
#include "tap.h"

static const char *hms(uint64_t s)
{
	static char buf[32];

	sf_fmt_hms(s, buf, sizeof(buf));
	return buf;
}

static const char *rate(double v)
{
	static char buf[32];

	sf_fmt_rate(v, buf, sizeof(buf));
	return buf;
}

static void check_clocks(void)
{
	CHECK(!strcmp(hms(0), "0:00:00"));
	CHECK(!strcmp(hms(7), "0:00:07"));
	CHECK(!strcmp(hms(61), "0:01:01"));
	CHECK(!strcmp(hms(3599), "0:59:59"));
	CHECK(!strcmp(hms(28800), "8:00:00"));
	CHECK(!strcmp(hms(123 * 3600 + 4 * 60 + 5), "123:04:05"));
}

static void check_rates(void)
{
	CHECK(!strcmp(rate(0), "0"));
	CHECK(!strcmp(rate(-3), "0"));
	CHECK(!strcmp(rate(850.2), "850"));
	CHECK(!strcmp(rate(999.7), "1.0k"));
	CHECK(!strcmp(rate(12345), "12.3k"));
	CHECK(!strcmp(rate(45600), "45.6k"));
	CHECK(!strcmp(rate(999960), "1.0M"));
	CHECK(!strcmp(rate(4.5e6), "4.5M"));
}

static void check_line(void)
{
	struct sf_progress_figures f = {
		.elapsed_s = 20.3, .left_s = 39.7,
		.mut_per_s = 12345, .judged_per_s = 45600, .faults_per_s = 1234,
		.findings = 2, .disk_bytes = 3u << 20,
	};
	char line[256];

	sf_progress_format(&f, line, sizeof(line));
	CHECK(!strcmp(line, "[0:00:20 elapsed, 0:00:40 left] 12.3k mut/s, 45.6k judged/s, "
			    "faults 1.2k/s, findings 2, disk 3.0 MiB"));

	f.elapsed_s = 28800;
	f.left_s = 0;
	sf_progress_format(&f, line, sizeof(line));
	CHECK(!strncmp(line, "[8:00:00 elapsed, 0:00:00 left] ", 32));

	f.left_s = SF_PROGRESS_NO_END;
	f.disk_bytes = SF_PROGRESS_NO_DISK;
	sf_progress_format(&f, line, sizeof(line));
	CHECK(!strncmp(line, "[8:00:00 elapsed, no end set] ", 30));
	CHECK(!strstr(line, "disk"));
	CHECK(!strstr(line, "28800"));
}

int main(void)
{
	check_clocks();
	check_rates();
	check_line();
	return tap_done();
}
