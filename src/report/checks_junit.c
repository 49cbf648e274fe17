/*
 * junit.xml from the checks of a run.json: what `svafuzz merge` writes
 * for the farm's view, in the layout the run's own junit.xml has
 * (results/README.md), so a CI reading one reads the other.
 */
#include "checks.h"

void sf_xml_esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;	/* attributes are in "" */
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\n' || *s == '\t')
				fputc(*s, f);
		}
	}
}

void sf_checks_junit(FILE *f, const struct sf_checks *cs, const char *backend,
		     const char *started, double secs)
{
	unsigned failures = 0, skipped = 0;

	for (size_t i = 0; i < cs->n; i++) {
		failures += cs->c[i].result == SF_CHECK_FAIL;
		skipped += cs->c[i].result == SF_CHECK_SKIP;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
	fprintf(f, "  <testsuite name=\"svafuzz.");
	sf_xml_esc(f, backend);
	fprintf(f, "\" tests=\"%zu\" failures=\"%u\" errors=\"0\" skipped=\"%u\" time=\"%.3f\" "
		"timestamp=\"", cs->n, failures, skipped, secs);
	sf_xml_esc(f, started);
	fprintf(f, "\">\n");
	for (size_t i = 0; i < cs->n; i++) {
		const struct sf_check *c = &cs->c[i];

		fprintf(f, "    <testcase classname=\"svafuzz.");
		sf_xml_esc(f, backend);
		fprintf(f, "\" name=\"");
		sf_xml_esc(f, c->name);
		fprintf(f, "\" time=\"%.3f\"", secs);
		if (c->result == SF_CHECK_PASS) {
			fprintf(f, "/>\n");
			continue;
		}
		fprintf(f, ">\n      <%s message=\"", c->result == SF_CHECK_FAIL ? "failure" : "skipped");
		sf_xml_esc(f, c->msg);
		fprintf(f, "\"/>\n    </testcase>\n");
	}
	fprintf(f, "  </testsuite>\n</testsuites>\n");
}
