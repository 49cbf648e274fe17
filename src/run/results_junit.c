/*
 * junit.xml (one testcase per backend x check) and LAVA result lines.
 * Checks: every verdict kind, "kernel-log" and "watchdog"; ops that could
 * not run here are testcases too, marked skipped, never failed.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "checks.h"
#include "findings.h"
#include "results.h"

enum check_result { CK_PASS, CK_FAIL, CK_SKIP };

/* The first finding of a verdict kind, or NULL. */
static const struct sf_finding *first_of(const struct sf_run_state *rs, enum sf_verdict_kind k)
{
	const struct sf_findings *fs = rs->findings;

	for (size_t i = 0; fs && i < fs->n; i++)
		if (fs->f[i].kind == k)
			return &fs->f[i];
	return NULL;
}

static enum check_result verdict_check(const struct sf_run_state *rs, enum sf_verdict_kind k)
{
	return first_of(rs, k) ? CK_FAIL : CK_PASS;
}

static enum check_result klog_check(const struct sf_run_state *rs)
{
	if (!rs->klog_on)
		return CK_SKIP;
	return rs->klog_errors ? CK_FAIL : CK_PASS;
}

/*
 * The run itself: ended as asked and judged enough. Written every 10 s
 * while it runs, so a killed run's last junit.xml fails here.
 */
static enum check_result complete_check(const struct sf_run_state *rs, char *msg, size_t n)
{
	if (!rs->ended_by) {
		snprintf(msg, n, "run still going at %.0f s, or killed then", sf_rs_elapsed(rs));
		return CK_FAIL;
	}
	snprintf(msg, n, "ended by %s: %s", sf_end_name(rs->ended_by), rs->end_reason);
	return rs->complete ? CK_PASS : CK_FAIL;
}

static void testcase(FILE *f, const struct sf_run_state *rs, const char *name,
		     enum check_result r, const char *msg, double secs)
{
	const char *backend = rs->backend;

	/* a backend that cannot run here checks nothing: every case is skipped */
	if (rs->unavailable[0]) {
		r = CK_SKIP;
		msg = rs->unavailable;
	}
	fprintf(f, "    <testcase classname=\"svafuzz.%s\" name=\"", backend);
	sf_xml_esc(f, name);
	fprintf(f, "\" time=\"%.3f\"", secs);
	if (r == CK_PASS) {
		fputs("/>\n", f);
		return;
	}
	fputs(">\n", f);
	fputs(r == CK_FAIL ? "      <failure message=\"" : "      <skipped message=\"", f);
	sf_xml_esc(f, msg ? msg : "");
	fputs("\"/>\n    </testcase>\n", f);
}

/*
 * Closes the memory stream f (which sets *text and *len) and writes the
 * text to dir/junit.xml. 0 or -1 with errno.
 */
static int write_text(FILE *f, char **text, size_t *len, const char *dir)
{
	char path[PATH_MAX];
	int rc, err;

	if (fclose(f)) {
		free(*text);
		errno = ENOMEM;
		return -1;
	}
	snprintf(path, sizeof(path), "%s/junit.xml", dir);
	rc = sf_write_atomic(path, *text, *len);
	err = errno;
	free(*text);
	errno = err;
	return rc;
}

int sf_results_write_junit(const struct sf_run_state *rs)
{
	char *text = NULL;
	size_t len = 0;
	unsigned tests = SF_V__COUNT + 3 + rs->nskipped, failures = 0, skipped = rs->nskipped;
	double secs = sf_rs_elapsed(rs);
	enum check_result kr = klog_check(rs);
	char cmsg[300];
	enum check_result cr = complete_check(rs, cmsg, sizeof(cmsg));
	FILE *f;

	if (!rs->dir[0])
		return 0;
	for (unsigned k = 0; k < SF_V__COUNT; k++)
		failures += verdict_check(rs, (enum sf_verdict_kind)k) == CK_FAIL;
	failures += (kr == CK_FAIL) + (rs->hang[0] != 0) + (cr == CK_FAIL);
	skipped += kr == CK_SKIP;
	if (rs->unavailable[0]) {
		failures = 0;
		skipped = tests;
	}
	/*
	 * Built in memory and written by sf_write_atomic: on a full disk its
	 * temporary is removed, and errno says why for the caller's message.
	 */
	f = open_memstream(&text, &len);
	if (!f)
		return -1;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
	fprintf(f, "  <testsuite name=\"svafuzz.%s\" tests=\"%u\" failures=\"%u\" errors=\"0\" "
		"skipped=\"%u\" time=\"%.3f\" timestamp=\"%s\">\n", rs->backend, tests, failures,
		skipped, secs, rs->started);
	for (unsigned k = 0; k < SF_V__COUNT; k++) {
		const struct sf_finding *fi = first_of(rs, (enum sf_verdict_kind)k);

		testcase(f, rs, sf_verdict_name((enum sf_verdict_kind)k),
			 fi ? CK_FAIL : CK_PASS, fi ? fi->why : NULL, secs);
	}
	testcase(f, rs, "kernel-log", kr,
		 kr == CK_SKIP ? "kernel log not watched" : "kernel error lines in the log", secs);
	testcase(f, rs, "watchdog", rs->hang[0] ? CK_FAIL : CK_PASS, rs->hang, secs);
	testcase(f, rs, "run-complete", cr, cmsg, secs);
	for (unsigned i = 0; i < rs->nskipped; i++) {
		char name[80];

		snprintf(name, sizeof(name), "op:%s", rs->skipped[i].what);
		testcase(f, rs, name, CK_SKIP, rs->skipped[i].why, 0);
	}
	fprintf(f, "  </testsuite>\n</testsuites>\n");
	return write_text(f, &text, &len, rs->dir);
}

static const char *lava_result(enum check_result r)
{
	return r == CK_PASS ? "pass" : r == CK_FAIL ? "fail" : "skip";
}

static void print_lava_skipped(const struct sf_run_state *rs, FILE *out)
{
	for (unsigned k = 0; k < SF_V__COUNT; k++)
		fprintf(out, "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=svafuzz-%s-%s RESULT=skip>\n",
			rs->backend, sf_verdict_name((enum sf_verdict_kind)k));
	fprintf(out, "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=svafuzz-%s-kernel-log RESULT=skip>\n",
		rs->backend);
	fprintf(out, "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=svafuzz-%s-watchdog RESULT=skip>\n",
		rs->backend);
	fprintf(out, "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=svafuzz-%s-run-complete RESULT=skip>\n",
		rs->backend);
	fflush(out);
}

void sf_results_print_lava(const struct sf_run_state *rs, FILE *out)
{
	const struct sf_findings *fs = rs->findings;

	if (rs->unavailable[0]) {
		print_lava_skipped(rs, out);
		return;
	}
	for (unsigned k = 0; k < SF_V__COUNT; k++) {
		const struct sf_finding *fi = first_of(rs, (enum sf_verdict_kind)k);

		if (fi)
			fprintf(out, "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=svafuzz-%s-%s RESULT=fail "
				"MEASUREMENT=%.3f UNITS=s_to_first>\n", rs->backend,
				sf_verdict_name((enum sf_verdict_kind)k), fi->t_first_s);
		else
			fprintf(out, "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=svafuzz-%s-%s RESULT=pass>\n",
				rs->backend, sf_verdict_name((enum sf_verdict_kind)k));
	}
	fprintf(out, "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=svafuzz-%s-kernel-log RESULT=%s>\n",
		rs->backend, lava_result(klog_check(rs)));
	fprintf(out, "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=svafuzz-%s-watchdog RESULT=%s>\n",
		rs->backend, rs->hang[0] ? "fail" : "pass");
	fprintf(out, "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=svafuzz-%s-run-complete RESULT=%s>\n",
		rs->backend, rs->ended_by && rs->complete ? "pass" : "fail");
	for (unsigned i = 0; i < rs->nskipped; i++)
		fprintf(out, "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=svafuzz-%s-op-%s RESULT=skip>\n",
			rs->backend, rs->skipped[i].what);
	fprintf(out, "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=svafuzz-%s-accesses-judged RESULT=pass "
		"MEASUREMENT=%llu UNITS=accesses>\n", rs->backend, (unsigned long long)rs->judged);
	fprintf(out, "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=svafuzz-%s-decisive-share RESULT=pass "
		"MEASUREMENT=%.4f UNITS=ratio>\n", rs->backend, sf_rs_decisive_share(rs));
	fprintf(out, "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=svafuzz-%s-findings RESULT=%s "
		"MEASUREMENT=%zu UNITS=findings>\n", rs->backend, fs && fs->n ? "fail" : "pass",
		fs ? fs->n : 0);
	fflush(out);
}
