/*
 * Kernel log watch: a thread reads /dev/kmsg from the run's start (markers
 * written at start and end, as LTP does), recognises kernel errors (oops,
 * WARN, BUG, KASAN, UBSAN, lockdep, soft/hard lockups, hung tasks,
 * arm-smmu-v3 event-queue messages, DMAR faults, iommu page-fault storms)
 * and keeps the lines with their CLOCK_MONOTONIC stamps for excerpts.
 */
#ifndef SF_KLOG_H
#define SF_KLOG_H
#include <stddef.h>
#include <stdint.h>

struct sf_klog;

/* NULL if /dev/kmsg cannot be read (reason in why): the run goes on without. */
struct sf_klog *sf_klog_start(const char *run_id, char *why, size_t n);
/* Writes the end marker and stops the thread; the lines seen stay readable. */
void sf_klog_stop(struct sf_klog *k, const char *run_id);
void sf_klog_free(struct sf_klog *k);
/* Every line seen so far (kmsg.txt's text), malloc'ed; NULL if k is NULL or no memory. */
char *sf_klog_text(struct sf_klog *k, size_t *len);
/* Kernel error lines seen so far. */
unsigned sf_klog_errors(struct sf_klog *k);
/* Lines stamped within [from_ns, to_ns] (CLOCK_MONOTONIC) into buf; returns bytes. */
size_t sf_klog_excerpt(struct sf_klog *k, uint64_t from_ns, uint64_t to_ns, char *buf, size_t n);
/* Is this kmsg message text a kernel error? (pure, unit-tested) */
int sf_klog_is_error(const char *msg);

/*
 * Added by cli. Pure pieces of the watcher, exposed for unit tests:
 * an IOMMU I/O page-fault line is not an error by itself (svafuzz makes
 * devices fault on purpose), but more than SF_KLOG_IOPF_STORM of them in
 * one second of kernel time is (a storm: a fault loop or a flood).
 */
#define SF_KLOG_IOPF_STORM 100
int sf_klog_is_iommu_fault(const char *msg);
struct sf_klog_storm {
	uint64_t window_ns;	/* start of the current one-second window */
	unsigned count;		/* faults in it */
	int reported;		/* this window already counted as a storm */
};
/* Feed one fault line's stamp; 1 the first time a window exceeds limit. */
int sf_klog_storm_feed(struct sf_klog_storm *s, uint64_t ns, unsigned limit);
/*
 * One /dev/kmsg record "prio,seq,usec,flags;text\n[ KEY=val\n...]": 0 and
 * its stamp in ns, sequence number, syslog facility (prio >> 3: 0 is the
 * kernel; writes from user space never get 0, so only facility-0 lines
 * can be kernel errors) and the text (first line, not terminated:
 * text_len bytes) on success; -1 if malformed.
 */
struct sf_klog_record {
	uint64_t ns, seq;
	unsigned facility, level;
	const char *text;
	size_t text_len;
};
int sf_klog_parse_record(const char *rec, size_t len, struct sf_klog_record *r);
#endif
