/* Malformed trace lines: each refused with a reason, none crashes, none half-parsed. */
#include <string.h>
#include <trace.h>	/* src/oracle/trace.h: tests/unit/trace.h is the oracle tests' helper */
#include "tap.h"

struct bad {
	const char *line;
	const char *says;
};

#define ACC "\"t0\":1,\"t1\":2,\"kind\":\"access\",\"op\":\"dev-write\",\"page\":0,\"word\":0,\"outcome\":\"ok\""
#define EFF "\"eff\":{\"backing\":\"keep\",\"prot\":\"r\",\"obj\":\"keep\"}"
#define MUT "\"t0\":1,\"t1\":2,\"kind\":\"mutation\",\"op\":\"mprotect\",\"page\":0,\"npages\":1"

static const struct bad bads[] = {
	{ "{", "not JSON" },
	{ "{\"t0\":1,", "not JSON" },
	{ "not json at all", "not JSON" },
	{ "[1,2,3]", "not a JSON object" },
	{ "{\"t0\":1} trailing", "not JSON" },
	{ "{\"t0\":1}{\"t0\":2}", "not JSON" },
	{ "{\"t0\":1,\"t1\":2}", "missing \"kind\"" },
	{ "{" ACC "}", "missing \"value\"" },
	{ "{" ACC ",\"value\":\"0x1\",\"oucome\":\"ok\"}", "unknown key \"oucome\"" },
	{ "{" ACC ",\"value\":\"12\"}", "not hex" },
	{ "{" ACC ",\"value\":\"0xzz\"}", "not a 64-bit hex" },
	{ "{" ACC ",\"value\":\"0x1ffffffffffffffff\"}", "not a 64-bit hex" },
	{ "{" ACC ",\"value\":1.5}", "\"value\" must be" },
	{ "{\"t0\":-1,\"t1\":2,\"kind\":\"mark\",\"op\":\"barrier\"}", "\"t0\" is negative" },
	{ "{\"t0\":\"1\",\"t1\":2,\"kind\":\"mark\",\"op\":\"barrier\"}", "\"t0\" must be" },
	{ "{\"t0\":5,\"t1\":2,\"kind\":\"mark\",\"op\":\"barrier\"}", "t1 2 is before t0 5" },
	{ "{\"t0\":1,\"t1\":2,\"kind\":\"event\",\"op\":\"barrier\"}", "unknown kind \"event\"" },
	{ "{\"t0\":1,\"t1\":2,\"kind\":\"mark\",\"op\":\"frobnicate\"}", "unknown op \"frobnicate\"" },
	{ "{\"t0\":1,\"t1\":2,\"kind\":\"mark\",\"op\":7}", "\"op\" must be a string" },
	{ "{\"t0\":1,\"t1\":2,\"kind\":\"access\",\"op\":\"dev-write\",\"page\":0,\"word\":8,"
	  "\"outcome\":\"ok\",\"value\":\"0x1\"}", "beyond the 8 words" },
	{ "{\"t0\":1,\"t1\":2,\"kind\":\"access\",\"op\":\"mprotect\",\"page\":0,\"word\":0,"
	  "\"outcome\":\"ok\",\"value\":\"0x0\"}", "an access's op cannot be" },
	{ "{\"t0\":1,\"t1\":2,\"kind\":\"access\",\"op\":\"dev-read\",\"page\":0,\"word\":0,"
	  "\"outcome\":\"failed\",\"value\":\"0x0\"}", "an access's outcome" },
	{ "{\"t0\":1,\"t1\":2,\"kind\":\"access\",\"op\":\"dev-read\",\"page\":0,\"word\":0,"
	  "\"outcome\":\"maybe\",\"value\":\"0x0\"}", "unknown outcome \"maybe\"" },
	{ "{" MUT ",\"outcome\":\"ok\"}", "missing \"eff\"" },
	{ "{" MUT ",\"outcome\":\"fault\"," EFF "}", "a mutation's outcome" },
	{ "{\"t0\":1,\"t1\":2,\"kind\":\"mutation\",\"op\":\"dev-read\",\"page\":0,\"npages\":1,"
	  "\"outcome\":\"ok\"," EFF "}", "a mutation's op cannot be" },
	{ "{\"t0\":1,\"t1\":2,\"kind\":\"mutation\",\"op\":\"mprotect\",\"page\":0,\"npages\":0,"
	  "\"outcome\":\"ok\"," EFF "}", "\"npages\" is 0" },
	{ "{" MUT ",\"outcome\":\"ok\",\"eff\":{\"backing\":\"keep\",\"prot\":\"r\"}}", "needs \"backing\", \"prot\" and \"obj\"" },
	{ "{" MUT ",\"outcome\":\"ok\",\"eff\":{\"backing\":\"ram\",\"prot\":\"r\",\"obj\":\"keep\"}}", "unknown eff.backing \"ram\"" },
	{ "{" MUT ",\"outcome\":\"ok\",\"eff\":{\"backing\":\"keep\",\"prot\":\"rq\",\"obj\":\"keep\"}}", "unknown eff.prot \"rq\"" },
	{ "{" MUT ",\"outcome\":\"ok\",\"eff\":{\"backing\":\"keep\",\"prot\":\"r\",\"obj\":\"new\"}}", "unknown eff.obj \"new\"" },
	{ "{" MUT ",\"outcome\":\"ok\",\"eff\":{\"backing\":\"keep\",\"prot\":\"r\",\"obj\":\"keep\",\"set\":300}}", "more than 255" },
	{ "{" MUT ",\"outcome\":\"ok\",\"eff\":{\"backing\":\"keep\",\"prot\":\"r\",\"obj\":\"keep\",\"x\":1}}", "unknown key \"eff.x\"" },
	{ "{" MUT ",\"outcome\":\"ok\",\"eff\":[]}", "\"eff\" must be an object" },
	{ "{" ACC ",\"value\":\"0x1\"," EFF "}", "only mutations have \"eff\"" },
	{ "{\"t0\":1,\"t1\":2,\"kind\":\"mark\",\"op\":\"barrier\",\"thread\":70000}", "more than 65535" },
	{ "{\"t0\":1,\"t1\":2,\"kind\":\"mark\",\"op\":\"barrier\",\"page\":4294967296}", "more than" },
	{ "", "not JSON" },
};

int main(void)
{
	char why[300];
	struct sf_event ev;
	const char *good = "{" ACC ",\"value\":\"0x2a\",\"thread\":3}";

	for (unsigned i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		why[0] = '\0';
		CHECK_EQ(sf_trace_parse_event(bads[i].line, strlen(bads[i].line), &ev, why, sizeof(why)), -1);
		if (!strstr(why, bads[i].says))
			fprintf(stderr, "  case %u: %s -> \"%s\", want \"%s\"\n", i, bads[i].line, why,
				bads[i].says);
		CHECK(strstr(why, bads[i].says) != NULL);
	}
	/* the good base line parses, so the failures above are the defects themselves */
	CHECK_EQ(sf_trace_parse_event(good, strlen(good), &ev, why, sizeof(why)), 0);
	CHECK_EQ(ev.value, 42);
	CHECK_EQ(ev.thread, 3);
	CHECK_EQ(ev.kind, SF_EV_ACCESS);
	/* a failed mutation needs no effect, and keeps the model unchanged */
	{
		const char *failed = "{" MUT ",\"outcome\":\"failed\",\"err\":12}";

		CHECK_EQ(sf_trace_parse_event(failed, strlen(failed), &ev, why, sizeof(why)), 0);
		CHECK_EQ(ev.outcome, SF_FAILED);
		CHECK_EQ(ev.err, 12);
		CHECK_EQ(ev.eff.set_prot, SF_EFF_KEEP);
		CHECK_EQ(ev.eff.set_backing, SF_EFF_KEEP);
	}
	return tap_done();
}
