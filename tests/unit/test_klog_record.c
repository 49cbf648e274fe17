/*
 * /dev/kmsg records: "prio,seq,usec,flags;text\n KEY=value\n" parsed to ns,
 * facility (0 = the kernel itself) and text.
 */
#include <string.h>
#include "klog.h"
#include "tap.h"

static unsigned facility;

static int parse(const char *rec, uint64_t *ns, uint64_t *seq, char *text, size_t n)
{
	struct sf_klog_record r;
	size_t len;

	if (sf_klog_parse_record(rec, strlen(rec), &r))
		return -1;
	len = r.text_len < n ? r.text_len : n - 1;
	memcpy(text, r.text, len);
	text[len] = '\0';
	*ns = r.ns;
	*seq = r.seq;
	facility = r.facility;
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
	CHECK_EQ(facility, 0);			/* prio 6: kernel, info */

	/* a line user space wrote ("<4>..." gets facility 1, LOG_USER) */
	CHECK_EQ(parse("12,1235,5678999,-;WARNING: written by a program\n", &ns, &seq, text,
		       sizeof(text)), 0);
	CHECK_EQ(facility, 1);
	CHECK(!strcmp(text, "WARNING: written by a program"));

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
