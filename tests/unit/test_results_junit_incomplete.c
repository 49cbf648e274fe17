/*
 * junit.xml's run-complete case: it fails while the run is still going
 * (the copy a SIGKILL leaves behind) and when a finite run was cut short,
 * naming why; it passes for a run that ended as asked.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "findings.h"
#include "results.h"
#include "tap.h"

static char buf[16384];

/* junit.xml of rs, read back into buf. */
static void write_read(struct sf_run_state *rs)
{
	char path[PATH_MAX];
	FILE *f;
	size_t n;

	buf[0] = 0;
	CHECK_EQ(sf_results_write_junit(rs), 0);
	snprintf(path, sizeof(path), "%s/junit.xml", rs->dir);
	f = fopen(path, "r");
	CHECK(f != NULL);
	if (!f)
		return;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
}

/* The run-complete testcase's text, from its opening tag on. */
static const char *complete_case(void)
{
	const char *c = strstr(buf, "name=\"run-complete\"");

	return c ? c : "";
}

int main(void)
{
	char dir[] = "/tmp/sf_jui_XXXXXX";
	struct sf_run_state rs;

	CHECK(mkdtemp(dir) != NULL);
	sf_rs_init(&rs);
	snprintf(rs.dir, sizeof(rs.dir), "%s", dir);
	snprintf(rs.backend, sizeof(rs.backend), "sim");
	rs.findings = sf_findings_new();

	/* still running: what a SIGKILL would leave */
	write_read(&rs);
	CHECK(strstr(complete_case(), "<failure message=\"run still going") != NULL);
	CHECK(strstr(buf, "failures=\"1\"") != NULL);

	/* a finite run cut by a signal */
	rs.ended_by = SF_END_SIGNAL;
	snprintf(rs.end_reason, sizeof(rs.end_reason), "SIGTERM");
	rs.complete = false;
	write_read(&rs);
	CHECK(strstr(complete_case(), "<failure message=\"ended by signal: SIGTERM\"") != NULL);

	/* ended as asked */
	rs.ended_by = SF_END_DURATION;
	rs.complete = true;
	write_read(&rs);
	CHECK(strncmp(complete_case(), "name=\"run-complete\" time=", 25) == 0);
	CHECK(strstr(complete_case(), "/>") != NULL);
	CHECK(strstr(buf, "failures=\"0\"") != NULL);
	sf_findings_free(rs.findings);
	return tap_done();
}
