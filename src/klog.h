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
/* Writes the end marker, stops the thread, writes every line seen to path (if not NULL). */
void sf_klog_stop(struct sf_klog *k, const char *run_id, const char *path);
void sf_klog_free(struct sf_klog *k);
/* Kernel error lines seen so far. */
unsigned sf_klog_errors(struct sf_klog *k);
/* Lines stamped within [from_ns, to_ns] (CLOCK_MONOTONIC) into buf; returns bytes. */
size_t sf_klog_excerpt(struct sf_klog *k, uint64_t from_ns, uint64_t to_ns, char *buf, size_t n);
/* Is this kmsg message text a kernel error? (pure, unit-tested) */
int sf_klog_is_error(const char *msg);
#endif
