/* sf_event_json: the trace line format, and safe truncation. */
#include <string.h>
#include "tap.h"
#include "trace_build.h"

int main(void)
{
	char buf[512];
	struct sf_event a = tr_access(SF_OP_DEV_WRITE, 3, 2, 100, 150, SF_FAULT, 0xbeef);
	struct sf_event m = tr_mut(SF_OP_MMAP, 4, 2, 7, 9,
				   tr_eff(SF_BK_MEMFD_SHARED, SF_PROT_R, SF_OBJ_SET, 5));
	struct sf_effect u = sf_effect_unknown();
	int n;

	a.thread = 2;
	a.seq = 17;
	n = sf_event_json(&a, buf, sizeof(buf));
	CHECK_EQ(n, (int)strlen(buf));
	CHECK(strcmp(buf, "{\"t0\":100,\"t1\":150,\"thread\":2,\"kind\":\"access\",\"op\":\"dev-write\","
		      "\"page\":3,\"npages\":1,\"word\":2,\"outcome\":\"fault\",\"err\":0,"
		      "\"value\":\"0xbeef\",\"seq\":17}") == 0);
	n = sf_event_json(&m, buf, sizeof(buf));
	CHECK(strstr(buf, "\"kind\":\"mutation\",\"op\":\"mmap\"") != NULL);
	CHECK(strstr(buf, "\"eff\":{\"backing\":\"memfd-shared\",\"prot\":\"r\",\"set\":0,"
			  "\"clear\":0,\"obj\":\"set\",\"arg\":5}}") != NULL);
	CHECK(strstr(buf, "\"value\"") == NULL);
	m.eff = u;
	sf_event_json(&m, buf, sizeof(buf));
	CHECK(strstr(buf, "\"backing\":\"keep\",\"prot\":\"keep\",\"set\":1,") != NULL);
	CHECK(strstr(buf, "\"obj\":\"forget\"") != NULL);
	n = sf_event_json(&a, buf, 20);
	CHECK_EQ(n, 19);
	CHECK_EQ(strlen(buf), 19);
	CHECK_EQ(sf_event_json(&a, buf, 0), 0);
	CHECK(strcmp(sf_verdict_name(SF_V_DIRTY_MISS), "DIRTY_MISS") == 0);
	CHECK_EQ(sf_verdict_from_name("LOST_WRITE"), SF_V_LOST_WRITE);
	CHECK_EQ(sf_verdict_from_name("nope"), -1);
	return tap_done();
}
