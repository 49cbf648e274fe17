/*
 * junit.xml: one testcase per verdict kind + kernel-log + watchdog +
 * run-complete, a
 * failure (with the first finding's why, XML-escaped) for a verdict kind
 * found, skipped for ops that could not run and for an unwatched kernel log.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "findings.h"
#include "results.h"
#include "tap.h"

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

int main(void)
{
	char dir[] = "/tmp/sf_ju_XXXXXX", path[PATH_MAX], buf[16384];
	struct sf_run_state rs;
	struct sf_pending p;
	struct sf_finding_ctx ctx = { .run_dir = "", .backend = "sim", .knob = "", .arch = "" };
	struct sf_seq prog;
	FILE *f;
	size_t n;

	CHECK(mkdtemp(dir) != NULL);
	sf_rs_init(&rs);
	snprintf(rs.dir, sizeof(rs.dir), "%s", dir);
	snprintf(rs.backend, sizeof(rs.backend), "sim");
	rs.findings = sf_findings_new();
	rs.ended_by = SF_END_DURATION;
	rs.complete = true;
	sf_seq_init(&prog);
	ctx.prog = &prog;
	memset(&p, 0, sizeof(p));
	p.v.kind = SF_V_STALE_WRITE;
	p.v.access.op = SF_OP_DEV_WRITE;
	snprintf(p.v.why, sizeof(p.v.why), "write <succeeded> & no state allowed it");
	sf_findings_add(rs.findings, &p, &ctx);
	sf_rs_skip(&rs, "migrate", "one NUMA node");
	CHECK_EQ(sf_results_write_junit(&rs), 0);

	snprintf(path, sizeof(path), "%s/junit.xml", dir);
	f = fopen(path, "r");
	CHECK(f != NULL);
	n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	buf[n] = 0;
	if (f)
		fclose(f);
	CHECK_EQ(count(buf, "<testcase "), SF_V__COUNT + 3 + 1);
	CHECK_EQ(count(buf, "<failure "), 1);
	CHECK(strstr(buf, "write &lt;succeeded&gt; &amp; no state allowed it") != NULL);
	CHECK(strstr(buf, "name=\"STALE_WRITE\"") != NULL);
	/* the unsupported op and the unwatched kernel log are skipped, not failed */
	CHECK_EQ(count(buf, "<skipped "), 2);
	CHECK(strstr(buf, "op:migrate") != NULL);
	CHECK(strstr(buf, "failures=\"1\"") != NULL);
	CHECK_EQ(count(buf, "<testsuite "), 1);
	CHECK_EQ(count(buf, "</testsuite>"), 1);
	sf_findings_free(rs.findings);
	return tap_done();
}
