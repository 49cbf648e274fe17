/* /dev/kmsg records: "prio,seq,usec,flags;text\n KEY=value\n" parsed to ns and text. */
#include <string.h>
#include "klog.h"
#include "tap.h"

static int parse(const char *rec, uint64_t *ns, uint64_t *seq, char *text, size_t n)
{
	const char *t;
	size_t len;

	if (sf_klog_parse_record(rec, strlen(rec), ns, seq, &t, &len))
		return -1;
	if (len >= n)
		len = n - 1;
	memcpy(text, t, len);
	text[len] = '\0';
	return 0;
}

int main(void)
{
	uint64_t ns = 0, seq = 0;
	char text[200];

	CHECK_EQ(parse("6,1234,5678901,-;usb 1-1: new device\n", &ns, &seq, text, sizeof(text)), 0);
	CHECK_EQ(ns, 5678901000ull);
	CHECK_EQ(seq, 1234);
	CHECK(!strcmp(text, "usb 1-1: new device"));

	/* continuation dictionary lines are not part of the text */
	CHECK_EQ(parse("4,77,12,-,caller=T1;WARNING: CPU: 0 PID: 1 at x\n SUBSYSTEM=pci\n DEVICE=+pci:0000\n",
		       &ns, &seq, text, sizeof(text)), 0);
	CHECK_EQ(ns, 12000);
	CHECK(!strcmp(text, "WARNING: CPU: 0 PID: 1 at x"));

	/* text with a ';' inside: only the first ';' ends the header */
	CHECK_EQ(parse("5,1,2,c;a;b\n", &ns, &seq, text, sizeof(text)), 0);
	CHECK(!strcmp(text, "a;b"));

	/* malformed: no ';', missing fields, non-numbers */
	CHECK_EQ(parse("just text\n", &ns, &seq, text, sizeof(text)), -1);
	CHECK_EQ(parse("6,12;text\n", &ns, &seq, text, sizeof(text)), -1);
	CHECK_EQ(parse("x,1,2,-;text\n", &ns, &seq, text, sizeof(text)), -1);
	CHECK_EQ(parse("6,1,99999999999999999999999,-;t\n", &ns, &seq, text, sizeof(text)), -1);
	return tap_done();
}
