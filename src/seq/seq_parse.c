/*
 * Text to sequence (format: docs/sequence.md). Lenient about layout
 * (comments, blank lines, runs of spaces and tabs, decimal or 0x numbers),
 * strict about content: every error names its line, its column and what is
 * wrong. Range and argument checks are sf_seq_check_op()'s, shared with
 * sf_seq_validate(), so whatever parses also validates.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "input_file.h"
#include "seq.h"
#include "seq_shape.h"

/* Header lines, in the order they are printed. */
enum hdr { H_ARENA, H_THREADS, H_SEED, H_BACKEND, H_INJECT, H_ARCH, H_EXPECT, H__COUNT };
static const char *const hdr_names[H__COUNT] = {
	"arena", "threads", "seed", "backend", "inject", "arch", "expect",
};
#define HDR_REQUIRED ((1u << H_ARENA) | (1u << H_THREADS) | (1u << H_SEED))

struct parser {
	struct sf_seq *out;
	struct sf_seq_err *err;
	struct sf_line l;		/* the line being parsed: its tokens, where errors go */
	int have_magic;
	unsigned have_hdr;		/* 1 << enum hdr */
	struct sf_seq_checker ck;
};

/* "THREAD VERB": the thread number and the op; 0, or -1 with the error set. */
static int parse_verb(struct parser *p, struct sf_seq_op *op)
{
	struct sf_line *l = &p->l;
	uint32_t thread;
	int verb = -1;

	for (unsigned h = 0; h < H__COUNT; h++)
		if ((HDR_REQUIRED & (1u << h)) && !(p->have_hdr & (1u << h)))
			return sf_line_fail(l, 1, "op before the '%s' line (arena, threads and "
					    "seed come before the ops)", hdr_names[h]);
	if (sf_tok_num(l, &l->t[0], UINT32_MAX, "thread", &thread))
		return -1;
	if (thread >= p->out->nthreads)
		return sf_line_fail(l, l->t[0].col, "thread %u is not below threads %u", thread,
				    p->out->nthreads);
	if (l->ntok < 2)
		return sf_line_fail(l, l->end_col, "missing op after the thread number");
	for (unsigned o = 0; o < SF_OP__COUNT; o++)
		if (sf_tok_is(&l->t[1], sf_op_name(o)))
			verb = (int)o;
	if (verb < 0)
		return sf_line_fail(l, l->t[1].col, "unknown op " TOKF, TOKA(&l->t[1]));
	op->op = (uint16_t)verb;
	op->thread = (uint16_t)thread;
	return 0;
}

static int parse_op(struct parser *p)
{
	struct sf_line *l = &p->l;
	struct sf_seq_op op = { 0 };
	struct sf_args a = { .l = l, .next = 2 };
	enum sf_seq_field fld;

	if (parse_verb(p, &op))
		return -1;
	a.verb = sf_op_name(op.op);
	for (unsigned f = 0; f <= SF_FLD_ARG2; f++)
		a.col[f] = l->t[1].col;
	a.col[SF_FLD_THREAD] = l->t[0].col;
	if (sf_shape_of(op.op)->parse(&a, &op))
		return -1;
	if (a.next < l->ntok)
		return sf_line_fail(l, l->t[a.next].col, "unexpected " TOKF " after the arguments "
				    "of %s", TOKA(&l->t[a.next]), a.verb);
	if (sf_seq_check_op(p->out, &op, &p->ck, &fld, p->err->msg, sizeof(p->err->msg))) {
		p->err->line = l->line;
		p->err->col = a.col[fld];
		return -1;
	}
	if (sf_seq_push(p->out, &op))
		return sf_line_fail(l, 1, "%s", p->out->nops >= SF_SEQ_MAX_OPS ?
				    "more ops than the limit" : "out of memory");
	return 0;
}

static int parse_word(struct parser *p, const struct sf_tok *t, char *dst, size_t cap,
		      const char *key)
{
	if (t->len >= cap)
		return sf_line_fail(&p->l, t->col, "%s " TOKF " is longer than %zu characters", key, TOKA(t),
			    cap - 1);
	memcpy(dst, t->s, t->len);
	dst[t->len] = 0;
	/* a NUL inside the token would hide the rest of it: not a word either */
	if (strlen(dst) != t->len || !sf_seq_word_ok(dst, cap))
		return sf_line_fail(&p->l, t->col, "%s has a character that is not printable ASCII", key);
	return 0;
}

static int parse_header(struct parser *p, unsigned h)
{
	struct sf_seq *s = p->out;
	const struct sf_tok *t = &p->l.t[1];
	uint64_t v;

	if (s->nops)
		return sf_line_fail(&p->l, p->l.t[0].col, "header line '%s' after the first op", hdr_names[h]);
	if (p->have_hdr & (1u << h))
		return sf_line_fail(&p->l, p->l.t[0].col, "second '%s' line", hdr_names[h]);
	if (p->l.ntok < 2)
		return sf_line_fail(&p->l, p->l.end_col, "%s: missing value", hdr_names[h]);
	if (p->l.ntok > 2)
		return sf_line_fail(&p->l, p->l.t[2].col, "unexpected " TOKF " after the %s value",
			    TOKA(&p->l.t[2]), hdr_names[h]);
	p->have_hdr |= 1u << h;
	switch (h) {
	case H_ARENA:
	case H_THREADS:
		if (sf_tok_num_part(&p->l, t, t->s, t->len, UINT32_MAX, hdr_names[h], &v))
			return -1;
		if (h == H_ARENA && (v < 1 || v > SF_SEQ_MAX_PAGES))
			return sf_line_fail(&p->l, t->col, "arena %llu is not in 1..%u pages",
				    (unsigned long long)v, SF_SEQ_MAX_PAGES);
		if (h == H_THREADS && (v < 1 || v > SF_SEQ_MAX_THREADS))
			return sf_line_fail(&p->l, t->col, "threads %llu is not in 1..%u",
				    (unsigned long long)v, SF_SEQ_MAX_THREADS);
		if (h == H_ARENA)
			s->arena_pages = (uint32_t)v;
		else
			s->nthreads = (uint32_t)v;
		return 0;
	case H_SEED:
		if (sf_tok_num_part(&p->l, t, t->s, t->len, UINT64_MAX, "seed", &v))
			return -1;
		s->seed = v;
		return 0;
	case H_BACKEND:
		return parse_word(p, t, s->backend, sizeof(s->backend), "backend");
	case H_INJECT:
		return parse_word(p, t, s->knob, sizeof(s->knob), "inject");
	case H_ARCH:
		return parse_word(p, t, s->arch, sizeof(s->arch), "arch");
	default:
		return parse_word(p, t, s->expect, sizeof(s->expect), "expect");
	}
}

static int parse_magic(struct parser *p)
{
	uint64_t v;

	if (!sf_tok_is(&p->l.t[0], "svafuzz-sequence"))
		return sf_line_fail(&p->l, p->l.t[0].col, "expected 'svafuzz-sequence %u' as the first line, "
			    "found " TOKF, SF_SEQ_VERSION, TOKA(&p->l.t[0]));
	if (p->l.ntok < 2)
		return sf_line_fail(&p->l, p->l.end_col, "missing the format version after svafuzz-sequence");
	if (sf_tok_num_part(&p->l, &p->l.t[1], p->l.t[1].s, p->l.t[1].len, UINT32_MAX, "version", &v))
		return -1;
	if (v != SF_SEQ_VERSION)
		return sf_line_fail(&p->l, p->l.t[1].col, "version %llu is not supported (this build reads %u)",
			    (unsigned long long)v, SF_SEQ_VERSION);
	if (p->l.ntok > 2)
		return sf_line_fail(&p->l, p->l.t[2].col, "unexpected " TOKF " after the version",
			    TOKA(&p->l.t[2]));
	p->have_magic = 1;
	return 0;
}

static int parse_line(struct parser *p)
{
	if (!p->have_magic)
		return parse_magic(p);
	for (unsigned h = 0; h < H__COUNT; h++)
		if (sf_tok_is(&p->l.t[0], hdr_names[h]))
			return parse_header(p, h);
	if (p->l.t[0].s[0] >= '0' && p->l.t[0].s[0] <= '9')
		return parse_op(p);
	return sf_line_fail(&p->l, p->l.t[0].col, "unknown line " TOKF ": expected a header word "
		    "(arena, threads, seed, backend, inject, arch, expect) or 'THREAD OP ...'",
		    TOKA(&p->l.t[0]));
}

int sf_seq_parse(const char *text, size_t len, struct sf_seq *out, struct sf_seq_err *err)
{
	struct parser p = { .out = out, .err = err, .l.err = err };
	size_t pos = 0;

	sf_seq_init(out);
	memset(err, 0, sizeof(*err));
	sf_seq_checker_init(&p.ck);
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;

		p.l.line++;
		sf_line_split(&p.l, text + pos, end - pos);
		if (p.l.ntok && parse_line(&p))
			goto bad;
		pos = end + 1;
	}
	p.l.line++;
	if (!p.have_magic) {
		sf_line_fail(&p.l, 1, "expected 'svafuzz-sequence %u' as the first line, found the end "
		     "of the file", SF_SEQ_VERSION);
		goto bad;
	}
	for (unsigned h = 0; h < H__COUNT; h++) {
		if ((HDR_REQUIRED & (1u << h)) && !(p.have_hdr & (1u << h))) {
			sf_line_fail(&p.l, 1, "missing the '%s' line", hdr_names[h]);
			goto bad;
		}
	}
	return 0;
bad:
	sf_seq_free(out);
	return -1;
}

/* A saved program of the most ops, at the longest op lines, must load again. */
_Static_assert(SF_SEQ_MAX_BYTES >= SF_SEQ_MAX_OPS * 60ull, "SF_SEQ_MAX_BYTES is too small");

/* Line and column in their fields, what is wrong in msg; -1. */
static int load_fail(struct sf_seq_err *err, unsigned line, const char *why)
{
	err->line = line;
	err->col = 1;
	snprintf(err->msg, sizeof(err->msg), "%s", why);
	return -1;
}

/* All of in into *text (malloc'd, *len bytes); 0, or -1 with err at the line it stopped. */
static int read_text(struct sf_input *in, char **text, size_t *len, struct sf_seq_err *err)
{
	char why[sizeof(err->msg)];
	size_t cap = 0;
	ssize_t n;

	*text = NULL;
	*len = 0;
	while ((n = sf_input_line(in, why, sizeof(why))) > 0) {
		if (*len + (size_t)n > cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			char *nb;

			while (ncap < *len + (size_t)n)
				ncap *= 2;
			nb = realloc(*text, ncap);
			if (!nb)
				return load_fail(err, in->lineno, strerror(ENOMEM));
			*text = nb;
			cap = ncap;
		}
		memcpy(*text + *len, in->buf, (size_t)n);
		*len += (size_t)n;
	}
	return n < 0 ? load_fail(err, in->lineno, why) : 0;
}

int sf_seq_load(const char *path, struct sf_seq *out, struct sf_seq_err *err)
{
	struct sf_input in;
	char *text;
	size_t len;
	int rc;

	sf_seq_init(out);
	memset(err, 0, sizeof(*err));
	/* cannot open: line 0, and msg names the file: "PATH: cannot open: <errno text>" */
	if (sf_input_open(&in, path, "sequence file", false, SF_SEQ_MAX_LINE, SF_SEQ_MAX_BYTES,
			  err->msg, sizeof(err->msg)))
		return -1;
	rc = read_text(&in, &text, &len, err);
	sf_input_close(&in);
	/* parse errors keep line and column in their fields: callers print "PATH:LINE:COL: msg" */
	if (!rc)
		rc = sf_seq_parse(text ? text : "", len, out, err);
	free(text);
	return rc;
}
