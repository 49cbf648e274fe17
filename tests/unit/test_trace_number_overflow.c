/*
 * An integer beyond 2^64-1 is refused naming its key: json-c would clamp
 * it to 2^64-1, and the oracle would judge a time the trace never said.
 */
#include <string.h>
#include <trace.h>	/* src/oracle/trace.h: tests/unit/trace.h is the oracle tests' helper */
#include "tap.h"

#define REST ",\"t1\":18446744073709551615,\"kind\":\"access\",\"op\":\"dev-write\",\"page\":0," \
	     "\"word\":0,\"outcome\":\"ok\",\"value\":\"0x1\"}"

static int parse(const char *line, struct sf_event *ev, char *why, size_t n)
{
	why[0] = '\0';
	return sf_trace_parse_event(line, strlen(line), ev, why, n);
}

int main(void)
{
	struct sf_event ev;
	char why[300];

	/* one more than 2^64-1, and far more */
	CHECK_EQ(parse("{\"t0\":18446744073709551616" REST, &ev, why, sizeof(why)), -1);
	CHECK(strstr(why, "\"t0\" is 18446744073709551616, more than 2^64-1") != NULL);
	CHECK_EQ(parse("{\"t0\":99999999999999999999" REST, &ev, why, sizeof(why)), -1);
	CHECK(strstr(why, "\"t0\"") != NULL);
	/* inside "eff" the key is named with its object */
	CHECK_EQ(parse("{\"t0\":1,\"t1\":2,\"kind\":\"mutation\",\"op\":\"mmap\",\"page\":0,\"npages\":1,"
		       "\"outcome\":\"ok\",\"eff\":{\"backing\":\"keep\",\"prot\":\"r\",\"obj\":\"set\","
		       "\"arg\":123456789012345678901234}}", &ev, why, sizeof(why)), -1);
	CHECK(strstr(why, "\"eff.arg\" is 123456789012345678901234") != NULL);
	/* 2^64-1 itself is a number the reader takes */
	CHECK_EQ(parse("{\"t0\":18446744073709551615" REST, &ev, why, sizeof(why)), 0);
	CHECK(ev.t0 == UINT64_MAX);
	return tap_done();
}
