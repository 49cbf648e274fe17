/*
 * Helpers for the sim's unit tests: parse a program from text, run it on
 * the sim through a collector into an oracle, keep every event the sim
 * pushed and count the verdicts.
 */
#ifndef SF_TEST_SIM_UTIL_H
#define SF_TEST_SIM_UTIL_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arena.h"
#include "collector.h"
#include "oracle.h"
#include "seq.h"
#include "backend.h"
#include "sim.h"
#include "tap.h"

struct simt {
	const struct sf_backend_ops *be;
	struct sf_dev *d;
	struct sf_seq prog;
	struct sf_event *ev;
	size_t nev, cap;
	unsigned long verdicts[SF_V__COUNT];
	unsigned long nverdicts;
};

static inline void simt_on_event(void *arg, const struct sf_event *ev)
{
	struct simt *s = arg;

	if (s->nev == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->ev = realloc(s->ev, s->cap * sizeof(*s->ev));
		if (!s->ev)
			abort();
	}
	s->ev[s->nev++] = *ev;
}

static inline void simt_on_verdict(void *arg, const struct sf_verdict *v)
{
	struct simt *s = arg;

	s->verdicts[v->kind]++;
	s->nverdicts++;
	if (getenv("SIMT_VERBOSE"))
		fprintf(stderr, "  verdict %s: %s\n", sf_verdict_name(v->kind), v->why);
}

/* knob/arch may be NULL; 0 on success */
static inline int simt_open(struct simt *s, const char *knob, const char *arch, uint64_t seed)
{
	struct sf_dev_opts o = { .knob = knob, .arch = arch, .seed = seed, .nqueues = 1 };
	char err[160];

	memset(s, 0, sizeof(*s));
	sf_seq_init(&s->prog);
	s->be = sf_backend_find("sim");
	if (!s->be || s->be->open(&s->d, &o, err, sizeof(err))) {
		fprintf(stderr, "sim open: %s\n", s->be ? err : "no sim backend");
		return -1;
	}
	s->d->ev_hook = simt_on_event;
	s->d->ev_arg = s;
	return 0;
}

static inline int simt_parse(struct simt *s, const char *text)
{
	struct sf_seq_err e;

	sf_seq_free(&s->prog);
	if (sf_seq_parse(text, strlen(text), &s->prog, &e)) {
		fprintf(stderr, "parse %u:%u: %s\n", e.line, e.col, e.msg);
		return -1;
	}
	return 0;
}

/* Runs s->prog (fresh events and verdicts); 0 on success. */
static inline int simt_run(struct simt *s)
{
	struct sf_oracle_cfg cfg = {
		.npages = s->prog.arena_pages, .sem = s->be->sem,
		.initial = sf_arena_initial(), .on_verdict = simt_on_verdict, .arg = s,
	};
	struct sf_oracle *o = sf_oracle_new(&cfg);
	struct sf_collector *c = o ? sf_collector_new(o, 0, NULL, NULL) : NULL;
	int ret;

	s->nev = 0;
	s->nverdicts = 0;
	memset(s->verdicts, 0, sizeof(s->verdicts));
	if (!c) {
		sf_oracle_free(o);
		return -1;
	}
	ret = s->be->run(s->d, &s->prog, c);
	sf_collector_drain(c);
	sf_collector_free(c);
	sf_oracle_free(o);
	return ret;
}

/* The first event of op index seq with this kind, or NULL. */
static inline const struct sf_event *simt_event(const struct simt *s, size_t seq, unsigned kind)
{
	for (size_t i = 0; i < s->nev; i++)
		if (s->ev[i].seq == seq && s->ev[i].kind == kind)
			return &s->ev[i];
	return NULL;
}

static inline void simt_close(struct simt *s)
{
	s->be->close(s->d);
	sf_seq_free(&s->prog);
	free(s->ev);
}

/* Opens the sim, parses and runs text; 0 on success (then simt_close). */
static inline int simt_once(struct simt *s, const char *knob, const char *arch, const char *text)
{
	if (simt_open(s, knob, arch, 1))
		return -1;
	if (simt_parse(s, text) || simt_run(s)) {
		simt_close(s);
		return -1;
	}
	return 0;
}

/* The outcome of the access of op seq, or -1 if it has none. */
static inline int simt_outcome(const struct simt *s, size_t seq)
{
	const struct sf_event *e = simt_event(s, seq, SF_EV_ACCESS);

	return e ? e->outcome : -1;
}

struct simt_expect {
	size_t seq;		/* an access op */
	unsigned outcome;
};

/*
 * Runs text with knob and checks each expected access outcome, and that
 * the verdicts are exactly `count` of `kind` (kind SF_V__COUNT: none).
 */
static inline void simt_check(const char *knob, const char *text, const struct simt_expect *x,
			      unsigned nx, unsigned kind, unsigned long count)
{
	struct simt s;

	if (simt_once(&s, knob, NULL, text)) {
		CHECK(!"the program runs");
		return;
	}
	for (unsigned i = 0; i < nx; i++)
		CHECK_EQ(simt_outcome(&s, x[i].seq), x[i].outcome);
	if (kind == SF_V__COUNT)
		CHECK_EQ(s.nverdicts, 0);
	else
		CHECK_EQ(s.verdicts[kind], count);
	simt_close(&s);
}
#endif
