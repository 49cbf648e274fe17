/*
 * A key given twice is refused naming it: json-c keeps the last value, so
 * a line saying both "fault" and "ok" would be judged as one of them.
 */
#include <stdio.h>
#include <string.h>
#include <trace.h>	/* src/oracle/trace.h: tests/unit/trace.h is the oracle tests' helper */
#include "tap.h"

static int parse(const char *line, char *why, size_t n)
{
	struct sf_event ev;

	why[0] = '\0';
	return sf_trace_parse_event(line, strlen(line), &ev, why, n);
}

int main(void)
{
	char why[300], err[400];
	struct sf_trace t;
	FILE *f;
	const char *text = "# arena 1\n"
		"{\"t0\":1,\"t1\":2,\"kind\":\"access\",\"op\":\"dev-write\",\"page\":0,\"word\":0,"
		"\"outcome\":\"fault\",\"value\":\"0x1\",\"outcome\":\"ok\"}\n";

	CHECK_EQ(parse(text + 10, why, sizeof(why)), -1);
	CHECK(strstr(why, "key \"outcome\" is given twice") != NULL);
	/* in "eff", named with its object */
	CHECK_EQ(parse("{\"t0\":1,\"t1\":2,\"kind\":\"mutation\",\"op\":\"mprotect\",\"page\":0,"
		       "\"npages\":1,\"outcome\":\"ok\",\"eff\":{\"backing\":\"keep\",\"prot\":\"r\","
		       "\"prot\":\"rw\",\"obj\":\"keep\"}}", why, sizeof(why)), -1);
	CHECK(strstr(why, "key \"eff.prot\" is given twice") != NULL);
	/* a key spelt with an escape is not a way around it */
	CHECK_EQ(parse("{\"t0\":1,\"t\\u0030\":1,\"t1\":2,\"kind\":\"mark\",\"op\":\"barrier\"}",
		       why, sizeof(why)), -1);
	CHECK(strstr(why, "escape") != NULL);
	/* and the file reader names the line */
	f = fmemopen((void *)text, strlen(text), "r");
	sf_trace_init(&t);
	CHECK_EQ(sf_trace_read(f, "T", &t, err, sizeof(err)), -1);
	CHECK(strstr(err, "T:2: key \"outcome\" is given twice") != NULL);
	sf_trace_free(&t);
	fclose(f);
	return tap_done();
}
