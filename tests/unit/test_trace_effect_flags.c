/*
 * eff.set and eff.clear take the page-state flags an effect may change
 * (1..32 and hmm's devpriv 128, state.h): the reader refuses 64 (the
 * oracle's own slot-unknown) naming the field and the bit, and the oracle
 * takes every value the reader takes, so reader, oracle and docs/trace.md
 * say the same.
 */
#include <stdio.h>
#include <string.h>
#include <trace.h>	/* src/oracle/trace.h: tests/unit/trace.h is the oracle tests' helper */
#include "oracle.h"
#include "tap.h"

static int parse_flags(const char *key, unsigned v, struct sf_event *ev, char *why, size_t n)
{
	char line[400];

	snprintf(line, sizeof(line), "{\"t0\":1,\"t1\":2,\"kind\":\"mutation\",\"op\":\"slot-flags\","
		 "\"page\":0,\"npages\":1,\"outcome\":\"ok\",\"eff\":{\"backing\":\"keep\","
		 "\"prot\":\"keep\",\"obj\":\"keep\",\"%s\":%u}}", key, v);
	why[0] = '\0';
	return sf_trace_parse_event(line, strlen(line), ev, why, n);
}

static int oracle_takes(const struct sf_event *ev)
{
	struct sf_oracle_cfg cfg = { .npages = 1, .sem = SF_SEM_MIRROR,
				     .initial = { .backing = SF_BK_ANON_PRIVATE,
						  .prot = SF_PROT_R | SF_PROT_W, .obj = 1 } };
	struct sf_oracle *o = sf_oracle_new(&cfg);
	int rc = sf_oracle_feed(o, ev);

	sf_oracle_free(o);
	return rc;
}

int main(void)
{
	static const char *const keys[] = { "set", "clear" };
	struct sf_event ev;
	char why[300];

	for (unsigned k = 0; k < 2; k++) {
		unsigned taken = 0;

		for (unsigned v = 0; v < 256; v++) {
			if (parse_flags(keys[k], v, &ev, why, sizeof(why)))
				continue;
			taken++;
			CHECK_EQ(oracle_takes(&ev), 0);
		}
		CHECK_EQ(taken, 128);	/* 0..63 and 128..191 */
		CHECK_EQ(parse_flags(keys[k], 64, &ev, why, sizeof(why)), -1);
		CHECK(strstr(why, keys[k]) != NULL && strstr(why, "\"eff.") != NULL);
		CHECK(strstr(why, "bit 64") != NULL);
		CHECK_EQ(parse_flags(keys[k], 128, &ev, why, sizeof(why)), 0);
		CHECK_EQ(parse_flags(keys[k], 192, &ev, why, sizeof(why)), -1);
	}
	return tap_done();
}
