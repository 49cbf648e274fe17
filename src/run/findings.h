/*
 * Findings: verdicts deduplicated by their signature, which follows the
 * cause and not the program's shape: (verdict kind, the access op, the op
 * of the mutation the oracle names as the root of its cause chain —
 * struct sf_cause — and the backend). Signatures that differ only in the
 * cause are one distinct finding (its family, "VERDICT/access-op/backend":
 * one kernel bug shows through every path that changes a page) with one
 * entry per cause. One entry per signature, with a count and the smallest
 * reproducer seen so far (fewest ops: its first folder's repro.sva,
 * finding.json and events.jsonl are replaced when a smaller program gives
 * the same signature; the first occurrence's time stays). Saved
 * as folders findings/NNN-VERDICT/ with a reproducer (repro.sva, written
 * first), finding.json, events.jsonl (that page's events around it),
 * kmsg.txt (kernel log near it) and replay.sh.
 *
 * Folder policy: the first verdict of every key gets a folder, always (a
 * new finding is never lost to repeats; only the disk can refuse it, and
 * on a filling disk repeats give way first). Up
 * to SF_FINDING_KEEP verdicts of a key get one while the run has fewer
 * than SF_FINDING_COPY_FOLDERS folders; past that, repeats are counted.
 */
#ifndef SF_FINDINGS_H
#define SF_FINDINGS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "seq.h"
#include "verdict.h"

#define SF_FINDING_KEEP 3		/* folders per key while repeats get them */
#define SF_FINDING_EVENTS 256		/* events saved with a finding */
#define SF_FINDING_COPY_FOLDERS 150	/* past this many folders, only new keys get one */
#define SF_SIGNATURE_LEN 96

struct sf_klog;
struct sf_disk;

/* One verdict waiting for its program to end, with its page's events. */
struct sf_pending {
	struct sf_verdict v;
	uint32_t mut_ops;		/* bitmask of 1 << SF_OP_* of the candidate mutations */
	unsigned nev;
	struct sf_event ev[SF_FINDING_EVENTS];
};

/* One signature: a cause of a distinct finding (its family). */
struct sf_finding {
	enum sf_verdict_kind kind;
	uint16_t access_op;
	char sig[SF_SIGNATURE_LEN];	/* "STALE_WRITE/dev-write/mprotect/sim" */
	char fam[SF_SIGNATURE_LEN];	/* "STALE_WRITE/dev-write/sim" */
	unsigned family;		/* number of the distinct finding, from 1 */
	uint64_t count;			/* verdicts with this signature */
	unsigned saved;			/* folders written */
	double t_first_s;
	size_t repro_ops;		/* ops of the program in dir's repro.sva */
	char dir[64];			/* "findings/001-STALE_WRITE" of the first, "" if none */
	char why[1024];			/* of the verdict whose program dir holds */
};

struct sf_findings {
	struct sf_finding *f;
	size_t n, cap;			/* signatures */
	size_t nfam;			/* distinct findings (families) */
	unsigned folders;		/* NNN counter */
	uint64_t verdicts;		/* all verdicts, duplicates included */
	double t_first_s;		/* of the first finding, < 0 if none */
	/*
	 * The last repro.sva written and its folder: findings of one program
	 * often have the same reproducer, and a hard link to it costs no room.
	 */
	char *last_repro;
	char last_repro_dir[64];
};

struct sf_findings *sf_findings_new(void);
void sf_findings_free(struct sf_findings *fs);

/*
 * A verdict's signature into buf: "VERDICT/access-op/CAUSE/backend",
 * CAUSE the op of the first mutation of its cause chain, "initial", or
 * "-" when the verdict names none.
 */
const char *sf_finding_signature(const struct sf_verdict *v, const char *backend, char *buf,
				 size_t n);

/* Its family: "VERDICT/access-op/backend", the signature without the cause. */
const char *sf_finding_family(const struct sf_verdict *v, const char *backend, char *buf,
			      size_t n);

/* Fills p->mut_ops and p->ev from the recent events of its page (oldest first). */
struct sf_evring;
void sf_pending_fill(struct sf_pending *p, const struct sf_evring *r);

/* Where a finding is written and what it replays with. */
struct sf_finding_ctx {
	const char *run_dir;		/* "" = do not write folders */
	const char *backend, *knob, *arch;
	const struct sf_seq *prog;
	uint64_t prog_index;
	double t_s;			/* seconds since run start */
	struct sf_klog *klog;		/* or NULL */
	struct sf_disk *disk;		/* room for the folders (disk.h), or NULL */
	bool sim;
	bool quiet;
	/* the backend's, for the headers of events.jsonl (svafuzz check) */
	enum sf_semantics sem;
	uint8_t initial_flags;
};

/*
 * Records one verdict. Returns 1 if its signature is new (a new finding or
 * a new cause of one, printed as one line), 0 for a duplicate.
 */
int sf_findings_add(struct sf_findings *fs, const struct sf_pending *p,
		    const struct sf_finding_ctx *ctx);

/* --- a ring of a program's recent events --- */
struct sf_evring *sf_evring_new(unsigned cap_log2);
void sf_evring_free(struct sf_evring *r);
void sf_evring_reset(struct sf_evring *r);
void sf_evring_put(struct sf_evring *r, const struct sf_event *ev);
#endif
