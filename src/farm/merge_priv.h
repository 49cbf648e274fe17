/* The merge's own pieces, shared between merge*.c (not an interface). */
#ifndef SF_MERGE_PRIV_H
#define SF_MERGE_PRIV_H
#include <json-c/json.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "merge.h"

#define MG_SIG_LEN 128
#define MG_MAX_PROBLEMS 16

enum mg_status { MG_WHOLE, MG_PARTIAL, MG_UNREADABLE };

/* One job's folder as read. */
struct mg_input {
	char dir[PATH_MAX];
	json_object *run;		/* its run.json, NULL if unreadable */
	char run_id[96];		/* run.json's, else the folder's name */
	enum mg_status status;
	char *problems[MG_MAX_PROBLEMS];
	unsigned nproblems, more;	/* kept, and past the cap */
};

/* One signature across jobs. */
struct mg_cause {
	char sig[MG_SIG_LEN];		/* VERDICT/access/CAUSE/backend */
	char family[MG_SIG_LEN];	/* VERDICT/access/backend */
	char verdict[32], access[32];
	uint64_t count;
	bool count_is_floor;		/* from folders only: at least this many */
	double t_first_s;		/* earliest, seconds from its job's start */
	char first_job[96];		/* the job of that first sight */
	char why[1024];			/* of the kept reproducer */
	char src[PATH_MAX];		/* folder of the kept reproducer, "" if none */
	char src_job[96];
	long src_ops;			/* its program's ops; LONG_MAX unknown */
	unsigned jobs;			/* jobs that saw it */
	char out_dir[64];		/* "findings/NNN-VERDICT" in the merge, "" if none */
};

struct mg_causes {
	struct mg_cause *c;
	size_t n, cap;
};

/* "DIR: what" into in's problems and onto diag. */
void mg_problem(struct mg_input *in, FILE *diag, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reads one job: run.json if it can, else its finding folders. */
void mg_read_input(struct mg_input *in, const char *dir, struct mg_causes *cs, FILE *diag);
void mg_input_free(struct mg_input *in);

/*
 * One sighting of sig in job in: adds count, keeps the earliest time and
 * the smallest reproducer (folder src with ops ops; src "" when none).
 */
int mg_note(struct mg_causes *cs, const struct mg_input *in, const char *sig,
	    const char *verdict, const char *access, uint64_t count, bool floor, double t_first_s,
	    const char *why, const char *src, long ops);

/* Copies the kept reproducers' folders into out/findings/, setting out_dir. */
int mg_copy_findings(struct mg_causes *cs, const char *out, FILE *diag);

/* The merged run.json (its "findings" from cs, "merged" from the inputs). */
json_object *mg_run_json(const struct mg_input *ins, size_t n, const struct mg_causes *cs);
#endif
