/*
 * The disk a run writes its results to: how much room is left (statvfs of
 * the run folder, and the --max-disk budget), and who gives way when it
 * runs short. A run's findings are what it exists for, so they are the
 * last to go; the bulky logs go first:
 *
 *   events.jsonl     stops first: "disk low" said once
 *   timeline.jsonl   stops when the room reaches the reserve; the run is
 *                    then over ("disk full" said once, exit 5)
 *   finding files    finding.json, events.jsonl, ... may use half the reserve
 *   repro.sva        may use three quarters of it
 *   run.json, junit  always tried: the rest of the reserve is theirs
 *
 * The reserve is a quarter of what the run may use (the smaller of the
 * file system and --max-disk), at most 8 MiB. Private to the run loop.
 */
#ifndef SF_DISK_H
#define SF_DISK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SF_DISK_DEFAULT_MAX (2ull << 30)	/* --max-disk default: an 8 h soak's results */

/* What a write is for, in the order they are given up. */
enum sf_disk_use {
	SF_DISK_EVENTS,		/* events.jsonl */
	SF_DISK_TIMELINE,	/* timeline.jsonl */
	SF_DISK_EXTRA,		/* a finding's files other than repro.sva */
	SF_DISK_REPRO,		/* a finding's repro.sva */
	SF_DISK_RESULTS,	/* run.json, junit.xml: always allowed */
};

struct sf_disk;

/*
 * Tracks writes into dir (the run folder); max_bytes is the run's budget
 * (0 = no limit). NULL on out of memory: every function takes NULL as "no
 * tracking, everything allowed".
 */
struct sf_disk *sf_disk_open(const char *dir, uint64_t max_bytes);
/* Says how many finding files were not written for want of room, if any. */
void sf_disk_close(struct sf_disk *d);

/* May len bytes of this use be written now? Gives a use up for good, saying so once. */
bool sf_disk_allow(struct sf_disk *d, enum sf_disk_use use, size_t len);
/* len bytes were written; len bytes were deleted (a rotated log). */
void sf_disk_wrote(struct sf_disk *d, size_t len);
void sf_disk_freed(struct sf_disk *d, size_t len);
/*
 * A write of path failed with errno err: a full disk (ENOSPC, EDQUOT) is
 * said once for all files; anything else names the file and the reason.
 */
void sf_disk_failed(struct sf_disk *d, const char *path, int err);
/* A finding file was dropped for want of room (counted, said at close). */
void sf_disk_withheld(struct sf_disk *d);

/*
 * True once the disk is full or the budget spent: the run should end
 * (exit 5). why (may be NULL) gets the reason for run.json.
 */
bool sf_disk_exhausted(struct sf_disk *d, char *why, size_t n);

/* Bytes the run's logs and finding files hold now (what --max-disk counts). */
uint64_t sf_disk_used(const struct sf_disk *d);

/* "12 KiB", "3.5 MiB": for messages. */
void sf_disk_size_str(uint64_t bytes, char *buf, size_t n);
#endif
