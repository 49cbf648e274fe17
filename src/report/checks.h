/*
 * The checks of a run, read back from its run.json: the same ones, with
 * the same results and messages, as the junit.xml the run writes (every
 * verdict kind, kernel-log, watchdog, run-complete, and op:NAME for each
 * op that could not run). KTAP, KCIDB and a merged junit.xml are made
 * from this list, so every format says the same thing about a run.
 */
#ifndef SF_CHECKS_H
#define SF_CHECKS_H
#include <json-c/json.h>
#include <stdio.h>

enum sf_check_result { SF_CHECK_PASS, SF_CHECK_FAIL, SF_CHECK_SKIP };

struct sf_check {
	char name[64];			/* "STALE_WRITE", "kernel-log", "op:slot-add" */
	enum sf_check_result result;
	char msg[1024];			/* why it failed or was skipped; "" */
	double t_first_s;		/* failed verdict kind: seconds to the first; else -1 */
};

struct sf_checks {
	struct sf_check *c;
	size_t n;
};

/* The checks of a run.json that sf_run_json_load accepted; -1 out of memory. */
int sf_checks_of_run(json_object *run, struct sf_checks *out);
void sf_checks_free(struct sf_checks *cs);

/* name as one component of a dotted test path: "op:slot-add" -> "op-slot-add" */
const char *sf_check_path_name(const char *name, char *buf, size_t n);

/* XML text in a ""-quoted attribute: & < > " escaped, no control characters XML 1.0 forbids. */
void sf_xml_esc(FILE *f, const char *s);

/*
 * junit.xml of the checks (one <testsuite name="svafuzz.BACKEND">), as
 * the run writes it, into f. secs: the time each case reports.
 */
void sf_checks_junit(FILE *f, const struct sf_checks *cs, const char *backend,
		     const char *started, double secs);
#endif
