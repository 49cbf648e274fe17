/*
 * Findings: dedupe verdicts by their cause (signature) and save folders a
 * person (or `svafuzz replay`) can act on: every new signature one,
 * repeats a few, the smallest reproducer kept (findings.h).
 */
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "disk.h"
#include "findings.h"
#include "klog.h"
#include "results.h"
#include "state.h"

/* ---- the ring of recent events ---- */

struct sf_evring {
	struct sf_event *ev;
	uint64_t mask, n;		/* n: events ever put since reset */
};

struct sf_evring *sf_evring_new(unsigned cap_log2)
{
	struct sf_evring *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->ev = malloc(sizeof(*r->ev) << cap_log2);
	if (!r->ev) {
		free(r);
		return NULL;
	}
	r->mask = (1ull << cap_log2) - 1;
	return r;
}

void sf_evring_free(struct sf_evring *r)
{
	if (r) {
		free(r->ev);
		free(r);
	}
}

void sf_evring_reset(struct sf_evring *r)
{
	r->n = 0;
}

void sf_evring_put(struct sf_evring *r, const struct sf_event *ev)
{
	r->ev[r->n++ & r->mask] = *ev;
}

static int touches(const struct sf_event *ev, uint32_t page)
{
	if (ev->kind == SF_EV_MUTATION || ev->kind == SF_EV_MARK)
		return page >= ev->page && page - ev->page < ev->npages;
	if (ev->kind == SF_EV_DIRTY)
		return page >= ev->page && page - ev->page < 64;
	return ev->page == page;
}

#define EXCERPT_PAGES 16	/* the access's page and the pages moved into it */

/* The pages an excerpt follows: the access's, then sources of moves into them. */
struct page_set {
	uint32_t page[EXCERPT_PAGES];
	unsigned n;
};

static bool set_touches(const struct page_set *ps, const struct sf_event *ev)
{
	for (unsigned i = 0; i < ps->n; i++)
		if (touches(ev, ps->page[i]))
			return true;
	return false;
}

/*
 * An mremap MOVE gave a followed page the state and content of a source
 * page: the verdict may depend on the source's earlier events too, so
 * follow the source from here back (`svafuzz check` of the excerpt must
 * give the same verdict).
 */
static void follow_moves(struct page_set *ps, const struct sf_event *ev)
{
	unsigned n = ps->n;

	if (ev->kind != SF_EV_MUTATION || ev->eff.obj_mode != SF_OBJ_MOVE)
		return;
	for (unsigned i = 0; i < n && ps->n < EXCERPT_PAGES; i++) {
		uint32_t p = ps->page[i], src;
		bool have = false;

		if (p < ev->page || p - ev->page >= ev->npages)
			continue;
		src = (uint32_t)(ev->eff.obj_arg + (p - ev->page));
		for (unsigned j = 0; j < ps->n; j++)
			have |= ps->page[j] == src;
		if (!have)
			ps->page[ps->n++] = src;
	}
}

/*
 * Walks back from the newest event. The ring is in t0 order, so the
 * mutations that shaped the candidate states are those overlapping the
 * access plus the last one that ended before it (its base state).
 */
void sf_pending_fill(struct sf_pending *p, const struct sf_evring *r)
{
	const struct sf_event *a = &p->v.access;
	uint64_t held = r->n < r->mask + 1 ? r->n : r->mask + 1;
	struct sf_event tmp[SF_FINDING_EVENTS];
	struct page_set ps = { .page = { a->page }, .n = 1 };
	unsigned n = 0;
	bool base_found = false;

	p->mut_ops = 0;
	for (uint64_t i = 0; i < held && n < SF_FINDING_EVENTS; i++) {
		const struct sf_event *ev = &r->ev[(r->n - 1 - i) & r->mask];

		if (!set_touches(&ps, ev))
			continue;
		tmp[n++] = *ev;
		follow_moves(&ps, ev);
		if (ev->kind != SF_EV_MUTATION || ev->t0 > a->t1 || base_found ||
		    !touches(ev, a->page))
			continue;
		if (ev->t1 < a->t0)
			base_found = true;
		if (ev->op < 32)
			p->mut_ops |= 1u << ev->op;
	}
	p->nev = n;
	for (unsigned i = 0; i < n; i++)
		p->ev[i] = tmp[n - 1 - i];
}

/* ---- the dedupe table ---- */

/* "fork+mprotect", "initial", "-": the ops of a verdict's whole cause chain */
static void cause_ops_str(const struct sf_verdict *v, char *buf, size_t n)
{
	size_t at = 0;

	buf[0] = 0;
	for (unsigned i = 0; i < v->ncause && i < SF_MAX_CAUSES && at < n; i++)
		at += (size_t)snprintf(buf + at, n - at, "%s%s", i ? "+" : "",
				       sf_cause_op_name(&v->cause[i]));
	if (!buf[0])
		snprintf(buf, n, "-");
}

const char *sf_finding_signature(const struct sf_verdict *v, const char *backend, char *buf,
				 size_t n)
{
	/*
	 * The chain's first link is the root: in "fork, then mprotect granted
	 * write" the fork's write protection is what made a fault's COW break
	 * the upgrade the device missed; the mprotect alone would be another
	 * finding (its own upgrade missed).
	 */
	snprintf(buf, n, "%s/%s/%s/%s", sf_verdict_name(v->kind),
		 sf_op_name((enum sf_op)v->access.op),
		 v->ncause ? sf_cause_op_name(&v->cause[0]) : "-",
		 backend && backend[0] ? backend : "-");
	return buf;
}

const char *sf_finding_family(const struct sf_verdict *v, const char *backend, char *buf,
			      size_t n)
{
	snprintf(buf, n, "%s/%s/%s", sf_verdict_name(v->kind), sf_op_name((enum sf_op)v->access.op),
		 backend && backend[0] ? backend : "-");
	return buf;
}

struct sf_findings *sf_findings_new(void)
{
	struct sf_findings *fs = calloc(1, sizeof(*fs));

	if (fs)
		fs->t_first_s = -1;
	return fs;
}

void sf_findings_free(struct sf_findings *fs)
{
	if (fs) {
		free(fs->f);
		free(fs->last_repro);
		free(fs);
	}
}

/* Few distinct findings by design: a linear scan is enough. */
static struct sf_finding *lookup(struct sf_findings *fs, const char *sig)
{
	for (size_t i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i].sig, sig))
			return &fs->f[i];
	return NULL;
}

static struct sf_finding *insert(struct sf_findings *fs, const struct sf_pending *p,
				 const char *sig, const char *fam, double t_s)
{
	unsigned family = 0;

	for (size_t i = 0; i < fs->n && !family; i++)
		if (!strcmp(fs->f[i].fam, fam))
			family = fs->f[i].family;
	if (fs->n == fs->cap) {
		size_t ncap = fs->cap ? fs->cap * 2 : 16;
		struct sf_finding *nf = realloc(fs->f, sizeof(*nf) * ncap);

		if (!nf)
			return NULL;
		fs->f = nf;
		fs->cap = ncap;
	}
	struct sf_finding *f = &fs->f[fs->n++];

	memset(f, 0, sizeof(*f));
	f->kind = p->v.kind;
	f->access_op = p->v.access.op;
	snprintf(f->sig, sizeof(f->sig), "%s", sig);
	snprintf(f->fam, sizeof(f->fam), "%s", fam);
	f->family = family ? family : (unsigned)++fs->nfam;
	f->t_first_s = t_s;
	snprintf(f->why, sizeof(f->why), "%s", p->v.why);
	if (fs->t_first_s < 0)
		fs->t_first_s = t_s;
	return f;
}

/* ---- one finding folder ---- */

/* One folder being written: where, with what room, how durably. */
struct folder {
	char dir[PATH_MAX];
	struct sf_disk *disk;
	/*
	 * The first folder of a finding is made durable (fsync); its
	 * duplicates' folders are not: a run with a bad knob writes many.
	 */
	bool durable;
};

/* dir/name into buf; -1 (and nothing written anywhere) if it does not fit */
static int join_path(char *buf, size_t n, const char *dir, const char *name)
{
	int len = snprintf(buf, n, "%s/%s", dir, name);

	if (len < 0 || (size_t)len >= n) {
		fprintf(stderr, "svafuzz: path too long: %s/%s\n", dir, name);
		return -1;
	}
	return 0;
}

/* One file, if the disk has room for this use; failures say why (disk.h). */
static int write_file(const struct folder *fo, const char *name, const char *data, size_t len,
		      enum sf_disk_use use)
{
	char path[PATH_MAX];
	int rc;

	if (join_path(path, sizeof(path), fo->dir, name) < 0)
		return -1;
	if (!sf_disk_allow(fo->disk, use, len)) {
		sf_disk_withheld(fo->disk);
		return -1;
	}
	rc = fo->durable ? sf_write_atomic(path, data, len) : sf_write_replace(path, data, len);
	if (rc)
		sf_disk_failed(fo->disk, path, errno);
	else
		sf_disk_wrote(fo->disk, len);
	return rc;
}

static void mut_ops_str(uint32_t ops, char *buf, size_t n)
{
	size_t at = 0;

	buf[0] = 0;
	for (unsigned op = 0; op < SF_OP__COUNT && op < 32; op++) {
		if (!(ops & (1u << op)))
			continue;
		at += snprintf(buf + at, at < n ? n - at : 0, "%s%s", at ? "," : "",
			       sf_op_name((enum sf_op)op));
	}
}

/* The cause chain as objects: op, what it did, its range and interval. */
static struct json_object *causes_json(const struct sf_verdict *v)
{
	struct json_object *a = json_object_new_array();

	for (unsigned i = 0; i < v->ncause && i < SF_MAX_CAUSES; i++) {
		const struct sf_cause *c = &v->cause[i];
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "op", json_object_new_string(sf_cause_op_name(c)));
		json_object_object_add(o, "role", json_object_new_string(
			sf_cause_role_name((enum sf_cause_role)c->role)));
		if (!c->initial) {
			json_object_object_add(o, "page", json_object_new_int64(c->page));
			json_object_object_add(o, "npages", json_object_new_int64(c->npages));
			json_object_object_add(o, "t0", json_object_new_uint64(c->t0));
			json_object_object_add(o, "t1", json_object_new_uint64(c->t1));
		}
		json_object_array_add(a, o);
	}
	return a;
}

/* The outcomes the candidates allowed, by name: ["fault"] */
static struct json_object *allowed_json(unsigned allowed)
{
	struct json_object *a = json_object_new_array();
	static const char *const names[] = { "ok", "fault", "fault-loop" };

	for (unsigned i = 0; i < 3; i++)
		if (allowed & SF_ALLOW(i))
			json_object_array_add(a, json_object_new_string(names[i]));
	return a;
}

/*
 * The access in trace format, but an access's "err" is named "status":
 * it is the backend's raw status word (kvm's guest says 1 for done), not
 * an error.
 */
static struct json_object *access_json(const struct sf_event *a)
{
	char buf[1024];
	struct json_object *o, *err;

	sf_event_json(a, buf, sizeof(buf));
	o = json_tokener_parse(buf);
	if (o && a->kind == SF_EV_ACCESS && json_object_object_get_ex(o, "err", &err)) {
		json_object_object_add(o, "status", json_object_get(err));
		json_object_object_del(o, "err");
	}
	return o;
}

static void write_json(const struct folder *fo, const struct sf_pending *p,
		       const struct sf_finding *f, const struct sf_finding_ctx *ctx)
{
	struct json_object *o = json_object_new_object(), *cands = json_object_new_array();
	char buf[1024];
	const char *s;

	json_object_object_add(o, "verdict", json_object_new_string(sf_verdict_name(p->v.kind)));
	json_object_object_add(o, "signature", json_object_new_string(f->sig));
	json_object_object_add(o, "why", json_object_new_string(p->v.why));
	json_object_object_add(o, "causes", causes_json(&p->v));
	json_object_object_add(o, "access", access_json(&p->v.access));
	for (unsigned i = 0; i < p->v.ncand && i < SF_MAX_CANDIDATES; i++)
		json_object_array_add(cands, json_object_new_string(
			sf_pstate_str(&p->v.cand[i], buf, sizeof(buf))));
	json_object_object_add(o, "candidates", cands);
	json_object_object_add(o, "allowed", allowed_json(p->v.allowed));
	mut_ops_str(p->mut_ops, buf, sizeof(buf));
	json_object_object_add(o, "mutations", json_object_new_string(buf));
	json_object_object_add(o, "t_first_s", json_object_new_double(f->t_first_s));
	json_object_object_add(o, "t_s", json_object_new_double(ctx->t_s));
	json_object_object_add(o, "program_ops", json_object_new_uint64(ctx->prog->nops));
	json_object_object_add(o, "program", json_object_new_uint64(ctx->prog_index));
	json_object_object_add(o, "program_seed", json_object_new_uint64(ctx->prog->seed));
	json_object_object_add(o, "backend", json_object_new_string(ctx->backend));
	json_object_object_add(o, "knob", json_object_new_string(ctx->knob ? ctx->knob : ""));
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	write_file(fo, "finding.json", s, strlen(s), SF_DISK_EXTRA);
	json_object_put(o);
}

/*
 * The events, after the headers that make svafuzz check judge them as the
 * run did: the arena's size, the backend's semantics and the flags every
 * page started with (docs/trace.md).
 */
static void write_events(const struct folder *fo, const struct sf_pending *p,
			 const struct sf_finding_ctx *ctx)
{
	size_t cap = (size_t)p->nev * 512 + 128, at = 0;
	char *out = malloc(cap);

	if (!out)
		return;
	at = (size_t)snprintf(out, cap, "# arena %u\n# semantics %s\n# initial-flags %u\n",
			      ctx->prog->arena_pages, sf_semantics_name(ctx->sem),
			      ctx->initial_flags);
	for (unsigned i = 0; i < p->nev; i++) {
		at += (size_t)sf_event_json(&p->ev[i], out + at, (unsigned)(cap - at - 1));
		out[at++] = '\n';
	}
	write_file(fo, "events.jsonl", out, at, SF_DISK_EXTRA);
	free(out);
}

/* The reproducer: the program with this finding's header lines (malloc'd). */
static char *repro_text(const struct sf_pending *p, const struct sf_finding_ctx *ctx)
{
	struct sf_seq r = *ctx->prog;	/* shares ops: only the header changes */

	sf_seq_set_header(&r, ctx->backend, ctx->knob, ctx->arch, sf_verdict_name(p->v.kind));
	return sf_seq_print(&r);
}

static void write_replay_sh(const struct folder *fo)
{
	char exe[PATH_MAX], buf[PATH_MAX + 1024], path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	/* this binary's path is a last resort: results get copied to other machines */
	exe[n > 0 && !memchr(exe, '\'', (size_t)n) ? n : 0] = 0;
	n = snprintf(buf, sizeof(buf),
		     "#!/bin/sh\n# Replays this finding 5 times (arguments are passed on, e.g. --times 20).\n"
		     "# svafuzz: $SVAFUZZ if set, else the one on PATH, else the binary that wrote this.\n"
		     "built='%s'\n"
		     "if [ -n \"${SVAFUZZ:-}\" ]; then\n"
		     "\tcommand -v \"$SVAFUZZ\" >/dev/null 2>&1 || { echo \"replay.sh: SVAFUZZ=$SVAFUZZ is not a program\" >&2; exit 127; }\n"
		     "\tbin=$SVAFUZZ\n"
		     "elif command -v svafuzz >/dev/null 2>&1; then\n\tbin=svafuzz\n"
		     "elif [ -n \"$built\" ] && [ -x \"$built\" ]; then\n\tbin=$built\n"
		     "else\n\techo \"replay.sh: no svafuzz: set SVAFUZZ=/path/to/svafuzz or put svafuzz on PATH"
		     "${built:+ (it was $built where this finding was made)}\" >&2\n\texit 127\nfi\n"
		     "exec \"$bin\" replay \"$(dirname \"$0\")/repro.sva\" --times 5 \"$@\"\n", exe);
	if (write_file(fo, "replay.sh", buf, (size_t)n, SF_DISK_EXTRA) == 0 &&
	    join_path(path, sizeof(path), fo->dir, "replay.sh") == 0)
		chmod(path, 0755);
}

static void write_kmsg(const struct folder *fo, const struct sf_pending *p,
		       const struct sf_finding_ctx *ctx)
{
	size_t cap = 64 * 1024, n;
	char *buf;

	if (!ctx->klog || ctx->sim)
		return;
	buf = malloc(cap);
	if (!buf)
		return;
	/* a second either side: kernel messages lag the access */
	n = sf_klog_excerpt(ctx->klog, p->v.access.t0 > 1000000000ull ? p->v.access.t0 - 1000000000ull : 0,
			    p->v.access.t1 + 1000000000ull, buf, cap);
	write_file(fo, "kmsg.txt", buf, n, SF_DISK_EXTRA);
	free(buf);
}

/* run_dir/findings/ and run_dir/rel/ (fo->dir); -1 after saying why. */
static int make_folder(struct folder *fo, const char *run_dir, const char *rel)
{
	char parent[PATH_MAX];

	snprintf(parent, sizeof(parent), "%s/findings", run_dir);
	if (mkdir(parent, 0755) && errno != EEXIST) {
		sf_disk_failed(fo->disk, parent, errno);
		return -1;
	}
	if (join_path(fo->dir, sizeof(fo->dir), run_dir, rel) < 0)
		return -1;
	if (mkdir(fo->dir, 0755) && errno != EEXIST) {
		sf_disk_failed(fo->disk, fo->dir, errno);
		return -1;
	}
	return 0;
}

/* Links the last repro.sva written (the same text) into fo. 0 if linked. */
static int link_repro(const struct sf_findings *fs, const struct folder *fo, const char *run_dir)
{
	char from[PATH_MAX], to[PATH_MAX];

	snprintf(from, sizeof(from), "%s/%s/repro.sva", run_dir, fs->last_repro_dir);
	if (join_path(to, sizeof(to), fo->dir, "repro.sva") < 0)
		return -1;
	return link(from, to);
}

static void remember_repro(struct sf_findings *fs, char *text, const char *rel)
{
	free(fs->last_repro);
	fs->last_repro = text;
	snprintf(fs->last_repro_dir, sizeof(fs->last_repro_dir), "%s", rel);
}

/*
 * repro.sva goes first and alone decides whether the folder exists: a
 * folder without it would be a finding nobody can replay. The other files
 * follow while the disk has room for them.
 */
static void save_folder(struct sf_findings *fs, struct sf_finding *f, const struct sf_pending *p,
			const struct sf_finding_ctx *ctx)
{
	struct folder fo = { .disk = ctx->disk, .durable = f->saved == 0 };
	char rel[64], *repro = repro_text(p, ctx);
	size_t len = repro ? strlen(repro) : 0;
	/* on a filling disk a repeat gives way to the next new finding */
	enum sf_disk_use use = f->saved ? SF_DISK_EXTRA : SF_DISK_REPRO;
	bool same = repro && fs->last_repro && !strcmp(repro, fs->last_repro);

	if (!repro)
		return;
	snprintf(rel, sizeof(rel), "findings/%03u-%s", fs->folders + 1, sf_verdict_name(p->v.kind));
	if (!same && !sf_disk_allow(ctx->disk, use, len)) {
		sf_disk_withheld(ctx->disk);
		free(repro);
		return;
	}
	if (make_folder(&fo, ctx->run_dir, rel) ||
	    ((!same || link_repro(fs, &fo, ctx->run_dir)) &&
	     write_file(&fo, "repro.sva", repro, len, use))) {
		if (fo.dir[0])
			rmdir(fo.dir);	/* only if empty: never an empty finding folder */
		free(repro);
		return;
	}
	if (same)
		free(repro);
	else
		remember_repro(fs, repro, rel);
	fs->folders++;
	write_json(&fo, p, f, ctx);
	write_events(&fo, p, ctx);
	write_kmsg(&fo, p, ctx);
	write_replay_sh(&fo);
	if (!f->saved) {
		snprintf(f->dir, sizeof(f->dir), "%s", rel);
		f->repro_ops = ctx->prog->nops;
	}
	f->saved++;
}

/*
 * A smaller program (fewer ops) gave the same signature: it replaces the
 * first folder's reproducer, and finding.json and events.jsonl with it,
 * so the folder stays one consistent occurrence. Files are replaced by
 * rename: a hard link to the old repro.sva (link_repro) keeps its text.
 */
static void keep_smaller(struct sf_findings *fs, struct sf_finding *f, const struct sf_pending *p,
			 const struct sf_finding_ctx *ctx)
{
	struct folder fo = { .disk = ctx->disk, .durable = true };
	char *repro;

	if (!f->dir[0] || ctx->prog->nops >= f->repro_ops ||
	    join_path(fo.dir, sizeof(fo.dir), ctx->run_dir, f->dir) < 0)
		return;
	repro = repro_text(p, ctx);
	if (!repro)
		return;
	if (write_file(&fo, "repro.sva", repro, strlen(repro), SF_DISK_EXTRA)) {
		free(repro);
		return;
	}
	remember_repro(fs, repro, f->dir);
	f->repro_ops = ctx->prog->nops;
	snprintf(f->why, sizeof(f->why), "%s", p->v.why);
	write_json(&fo, p, f, ctx);
	write_events(&fo, p, ctx);
	write_kmsg(&fo, p, ctx);
}

/* The folder policy (findings.h): a new key always, repeats while few. */
static bool wants_folder(const struct sf_findings *fs, const struct sf_finding *f)
{
	if (!f->saved)
		return true;
	return f->saved < SF_FINDING_KEEP && fs->folders < SF_FINDING_COPY_FOLDERS;
}

int sf_findings_add(struct sf_findings *fs, const struct sf_pending *p,
		    const struct sf_finding_ctx *ctx)
{
	char sig[SF_SIGNATURE_LEN], fam[SF_SIGNATURE_LEN];
	struct sf_finding *f;
	bool folders = ctx->run_dir && ctx->run_dir[0];
	int fresh = 0;
	size_t nfam = fs->nfam;

	sf_finding_signature(&p->v, ctx->backend, sig, sizeof(sig));
	sf_finding_family(&p->v, ctx->backend, fam, sizeof(fam));
	f = lookup(fs, sig);
	fs->verdicts++;
	if (!f) {
		f = insert(fs, p, sig, fam, ctx->t_s);
		if (!f)
			return 0;
		fresh = 1;
	}
	f->count++;
	if (folders && !fresh)
		keep_smaller(fs, f, p, ctx);
	if (folders && wants_folder(fs, f))
		save_folder(fs, f, p, ctx);
	if (fresh) {
		char ops[64];

		cause_ops_str(&p->v, ops, sizeof(ops));
		printf("finding %u%s at %.1fs: %s on %s, cause %s: %s%s%s\n", f->family,
		       fs->nfam > nfam ? "" : " (another cause)", ctx->t_s,
		       sf_verdict_name(p->v.kind), sf_op_name((enum sf_op)p->v.access.op),
		       ops, p->v.why, f->dir[0] ? " -> " : "", f->dir);
		fflush(stdout);
	}
	return fresh;
}
