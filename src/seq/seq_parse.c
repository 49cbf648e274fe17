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
#include "seq_priv.h"

#define MAX_TOKS 9	/* the longest op line has 8 tokens; one more to report */

struct tok {
	const char *s;
	unsigned len, col;
};

/* Header lines, in the order they are printed. */
enum hdr { H_ARENA, H_THREADS, H_SEED, H_BACKEND, H_INJECT, H_ARCH, H_EXPECT, H__COUNT };
static const char *const hdr_names[H__COUNT] = {
	"arena", "threads", "seed", "backend", "inject", "arch", "expect",
};
#define HDR_REQUIRED ((1u << H_ARENA) | (1u << H_THREADS) | (1u << H_SEED))

struct parser {
	struct sf_seq *out;
	struct sf_seq_err *err;
	unsigned line;
	unsigned end_col;		/* column just after the line's last token */
	struct tok t[MAX_TOKS];
	unsigned ntok;
	int have_magic;
	unsigned have_hdr;		/* 1 << enum hdr */
	struct sf_seq_checker ck;
};

static int fail(struct parser *p, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, unsigned col, const char *fmt, ...)
{
	va_list ap;

	p->err->line = p->line;
	p->err->col = col;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* A token as it should appear in a message: at most 24 characters. */
#define TOKF "'%.*s%s'"
#define TOKA(t) (int)((t)->len > 24 ? 24 : (t)->len), (t)->s, ((t)->len > 24 ? "..." : "")

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Splits one line (without its newline) into tokens; a '#' ends the line. */
static void tokenize(struct parser *p, const char *s, size_t len)
{
	size_t i = 0;

	p->ntok = 0;
	p->end_col = 1;
	while (i < len && s[i] != '#') {
		if (is_space(s[i])) {
			i++;
			continue;
		}
		size_t start = i;

		while (i < len && !is_space(s[i]) && s[i] != '#')
			i++;
		if (p->ntok < MAX_TOKS) {
			p->t[p->ntok].s = s + start;
			p->t[p->ntok].len = (unsigned)(i - start);
			p->t[p->ntok].col = (unsigned)start + 1;
			p->ntok++;
		}
		p->end_col = (unsigned)i + 1;
	}
}

static int tok_is(const struct tok *t, const char *word)
{
	return strlen(word) == t->len && !memcmp(t->s, word, t->len);
}

/* Decimal or 0x hex, no sign: 0 ok, -1 not a number, -2 too large for max. */
static int to_num(const char *s, unsigned len, uint64_t max, uint64_t *v)
{
	unsigned i = 0, base = 10;
	uint64_t x = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		unsigned d;
		char c = s[i];

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		if (x > (UINT64_MAX - d) / base)
			return -2;
		x = x * base + d;
	}
	if (x > max)
		return -2;
	*v = x;
	return 0;
}

static int num_part(struct parser *p, const struct tok *t, const char *s, unsigned len,
		    uint64_t max, const char *what, uint64_t *v)
{
	int r = to_num(s, len, max, v);

	if (r == -1)
		return fail(p, t->col, "%s: expected a number, found '%.*s'", what,
			    (int)(len > 24 ? 24 : len), s);
	if (r == -2)
		return fail(p, t->col, "%s %.*s is too large (at most %llu)", what,
			    (int)(len > 24 ? 24 : len), s, (unsigned long long)max);
	return 0;
}

static int num_tok(struct parser *p, const struct tok *t, uint64_t max, const char *what,
		   uint32_t *v)
{
	uint64_t x;

	if (num_part(p, t, t->s, t->len, max, what, &x))
		return -1;
	*v = (uint32_t)x;
	return 0;
}

/* "A<sep>B", both numbers, e.g. a range 3+2 or an access 3.0 */
static int pair_tok(struct parser *p, const struct tok *t, char sep, const char *what,
		    uint32_t *a, uint32_t *b)
{
	const char *mid = memchr(t->s, sep, t->len);
	uint64_t x, y;

	if (!mid)
		return fail(p, t->col, "%s: expected N%cM, found " TOKF, what, sep, TOKA(t));
	unsigned la = (unsigned)(mid - t->s);

	if (num_part(p, t, t->s, la, UINT32_MAX, what, &x) ||
	    num_part(p, t, mid + 1, t->len - la - 1, UINT32_MAX, what, &y))
		return -1;
	*a = (uint32_t)x;
	*b = (uint32_t)y;
	return 0;
}

/* Name tables as functions of an index, for lookups and for error messages. */
typedef const char *(*name_fn)(unsigned i);
static const char *prot_at(unsigned i) { return sf_prot_name(i); }
static const char *backing_at(unsigned i) { return sf_backing_name((enum sf_backing)i); }
static const char *advice_at(unsigned i) { return sf_advice_name((enum sf_advice)i); }
static const char *slot_flags_at(unsigned i) { return sf_slot_flags_name(i); }

static const unsigned prot_order[] = { 0, 1, 3, 7, 2, 4, 5, 6 };

/* Looks t up among names[from, to); on failure lists them all. */
static int name_tok(struct parser *p, const struct tok *t, const char *what, name_fn name,
		    unsigned from, unsigned to, uint32_t *v)
{
	char list[128];
	size_t n = 0;

	for (unsigned i = from; i < to; i++) {
		if (tok_is(t, name(i))) {
			*v = i;
			return 0;
		}
	}
	list[0] = 0;
	for (unsigned i = from; i < to && n < sizeof(list); i++) {
		unsigned k = name == prot_at ? prot_order[i] : i;

		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i > from ? ", " : "",
				      name(k));
	}
	return fail(p, t->col, "%s " TOKF " is not one of %s", what, TOKA(t), list);
}

/* Column of each field of the op being parsed, for errors from the checker. */
struct cols {
	unsigned c[SF_FLD_ARG2 + 1];
};

/* The arguments after "THREAD VERB"; *next gets the index of the first token left over. */
static int parse_args(struct parser *p, struct sf_seq_op *op, struct cols *cols, unsigned *next)
{
	const char *verb = sf_op_name(op->op);
	unsigned i = 2;
	const struct tok *t;

#define NEXT(what) do { \
		if (i >= p->ntok) \
			return fail(p, p->end_col, "%s: missing %s", verb, what); \
		t = &p->t[i++]; \
	} while (0)
#define RANGE() do { \
		NEXT("page range (PAGE+NPAGES)"); \
		cols->c[SF_FLD_RANGE] = t->col; \
		if (pair_tok(p, t, '+', "page range", &op->page, &op->npages)) \
			return -1; \
	} while (0)

	enum sf_shape sh = sf_seq_shape(op->op);

	if (sf_shape_leads_with_range(sh))
		RANGE();
	switch (sh) {
	case SF_SH_NONE:
	case SF_SH_RANGE:
		break;
	case SF_SH_RANGE_PROT:
		NEXT("prot");
		cols->c[SF_FLD_ARG0] = t->col;
		if (name_tok(p, t, "prot", prot_at, 0, 8, &op->arg0))
			return -1;
		break;
	case SF_SH_RANGE_MMAP:
		NEXT("backing");
		cols->c[SF_FLD_ARG0] = t->col;
		if (name_tok(p, t, "backing", backing_at, SF_BK_NONE + 1, SF_BK__COUNT, &op->arg0))
			return -1;
		NEXT("prot");
		cols->c[SF_FLD_ARG1] = t->col;
		if (name_tok(p, t, "prot", prot_at, 0, 8, &op->arg1))
			return -1;
		break;
	case SF_SH_RANGE_MREMAP:
		NEXT("new size (pages)");
		cols->c[SF_FLD_ARG0] = t->col;
		if (num_tok(p, t, UINT32_MAX, "new size", &op->arg0))
			return -1;
		op->arg1 = op->page;
		if (i < p->ntok && tok_is(&p->t[i], "move")) {
			cols->c[SF_FLD_ARG2] = p->t[i].col;
			i++;
			NEXT("destination page after 'move'");
			cols->c[SF_FLD_ARG1] = t->col;
			if (num_tok(p, t, UINT32_MAX, "destination page", &op->arg1))
				return -1;
			op->arg2 = SF_MREMAP_MOVE;
			if (i < p->ntok && tok_is(&p->t[i], "dontunmap")) {
				op->arg2 |= SF_MREMAP_DONTUNMAP;
				i++;
			}
		} else if (i < p->ntok && tok_is(&p->t[i], "dontunmap")) {
			return fail(p, p->t[i].col, "mremap: dontunmap needs 'move DST' before it");
		}
		break;
	case SF_SH_RANGE_ADVICE:
		NEXT("advice");
		cols->c[SF_FLD_ARG0] = t->col;
		if (name_tok(p, t, "advice", advice_at, 0, SF_ADV__COUNT, &op->arg0))
			return -1;
		break;
	case SF_SH_RANGE_ONOFF:
		NEXT("on or off");
		if (tok_is(t, "on"))
			op->arg0 = 1;
		else if (!tok_is(t, "off"))
			return fail(p, t->col, "%s: " TOKF " is not on or off", verb, TOKA(t));
		break;
	case SF_SH_RANGE_NODE:
		NEXT("NUMA node");
		cols->c[SF_FLD_ARG0] = t->col;
		if (num_tok(p, t, UINT32_MAX, "node", &op->arg0))
			return -1;
		break;
	case SF_SH_SLOT_ADD:
	case SF_SH_SLOT:
	case SF_SH_SLOT_FLAGS:
		NEXT("slot");
		cols->c[SF_FLD_ARG0] = t->col;
		if (num_tok(p, t, UINT32_MAX, "slot", &op->arg0))
			return -1;
		if (sf_seq_shape(op->op) == SF_SH_SLOT_ADD)
			RANGE();
		if (sf_seq_shape(op->op) != SF_SH_SLOT) {
			NEXT("slot flags");
			cols->c[SF_FLD_ARG1] = t->col;
			if (name_tok(p, t, "slot flags", slot_flags_at, 0, 4, &op->arg1))
				return -1;
		}
		break;
	case SF_SH_ACCESS:
		NEXT("PAGE.WORD");
		cols->c[SF_FLD_RANGE] = t->col;
		cols->c[SF_FLD_ARG0] = t->col;
		if (pair_tok(p, t, '.', "access", &op->page, &op->arg0))
			return -1;
		op->npages = 1;
		break;
	case SF_SH_NUMBER:
		NEXT(op->op == SF_OP_DELAY ? "delay (ns)" : "barrier id");
		cols->c[SF_FLD_ARG0] = t->col;
		if (num_tok(p, t, UINT32_MAX, verb, &op->arg0))
			return -1;
		break;
	}
#undef RANGE
#undef NEXT
	*next = i;
	return 0;
}

static int parse_op(struct parser *p)
{
	struct sf_seq_op op = { 0 };
	struct cols cols;
	enum sf_seq_field fld;
	unsigned next = 0;
	uint32_t thread;
	int verb = -1;

	for (unsigned h = 0; h < H__COUNT; h++)
		if ((HDR_REQUIRED & (1u << h)) && !(p->have_hdr & (1u << h)))
			return fail(p, 1, "op before the '%s' line (arena, threads and seed "
				    "come before the ops)", hdr_names[h]);
	if (num_tok(p, &p->t[0], UINT32_MAX, "thread", &thread))
		return -1;
	if (thread >= p->out->nthreads)
		return fail(p, p->t[0].col, "thread %u is not below threads %u", thread,
			    p->out->nthreads);
	if (p->ntok < 2)
		return fail(p, p->end_col, "missing op after the thread number");
	for (unsigned o = 0; o < SF_OP__COUNT; o++)
		if (tok_is(&p->t[1], sf_op_name(o)))
			verb = (int)o;
	if (verb < 0)
		return fail(p, p->t[1].col, "unknown op " TOKF, TOKA(&p->t[1]));
	op.op = (uint16_t)verb;
	op.thread = (uint16_t)thread;
	for (unsigned f = 0; f <= SF_FLD_ARG2; f++)
		cols.c[f] = p->t[1].col;
	cols.c[SF_FLD_THREAD] = p->t[0].col;
	if (parse_args(p, &op, &cols, &next))
		return -1;
	if (next < p->ntok)
		return fail(p, p->t[next].col, "unexpected " TOKF " after the arguments of %s",
			    TOKA(&p->t[next]), sf_op_name(op.op));
	if (sf_seq_check_op(p->out, &op, &p->ck, &fld, p->err->msg, sizeof(p->err->msg))) {
		p->err->line = p->line;
		p->err->col = cols.c[fld];
		return -1;
	}
	if (sf_seq_push(p->out, &op))
		return fail(p, 1, "%s", p->out->nops >= SF_SEQ_MAX_OPS ?
			    "more ops than the limit" : "out of memory");
	return 0;
}

static int parse_word(struct parser *p, const struct tok *t, char *dst, size_t cap,
		      const char *key)
{
	if (t->len >= cap)
		return fail(p, t->col, "%s " TOKF " is longer than %zu characters", key, TOKA(t),
			    cap - 1);
	memcpy(dst, t->s, t->len);
	dst[t->len] = 0;
	/* a NUL inside the token would hide the rest of it: not a word either */
	if (strlen(dst) != t->len || !sf_seq_word_ok(dst, cap))
		return fail(p, t->col, "%s has a character that is not printable ASCII", key);
	return 0;
}

static int parse_header(struct parser *p, unsigned h)
{
	struct sf_seq *s = p->out;
	const struct tok *t = &p->t[1];
	uint64_t v;

	if (s->nops)
		return fail(p, p->t[0].col, "header line '%s' after the first op", hdr_names[h]);
	if (p->have_hdr & (1u << h))
		return fail(p, p->t[0].col, "second '%s' line", hdr_names[h]);
	if (p->ntok < 2)
		return fail(p, p->end_col, "%s: missing value", hdr_names[h]);
	if (p->ntok > 2)
		return fail(p, p->t[2].col, "unexpected " TOKF " after the %s value",
			    TOKA(&p->t[2]), hdr_names[h]);
	p->have_hdr |= 1u << h;
	switch (h) {
	case H_ARENA:
	case H_THREADS:
		if (num_part(p, t, t->s, t->len, UINT32_MAX, hdr_names[h], &v))
			return -1;
		if (h == H_ARENA && (v < 1 || v > SF_SEQ_MAX_PAGES))
			return fail(p, t->col, "arena %llu is not in 1..%u pages",
				    (unsigned long long)v, SF_SEQ_MAX_PAGES);
		if (h == H_THREADS && (v < 1 || v > SF_SEQ_MAX_THREADS))
			return fail(p, t->col, "threads %llu is not in 1..%u",
				    (unsigned long long)v, SF_SEQ_MAX_THREADS);
		if (h == H_ARENA)
			s->arena_pages = (uint32_t)v;
		else
			s->nthreads = (uint32_t)v;
		return 0;
	case H_SEED:
		if (num_part(p, t, t->s, t->len, UINT64_MAX, "seed", &v))
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

	if (!tok_is(&p->t[0], "svafuzz-sequence"))
		return fail(p, p->t[0].col, "expected 'svafuzz-sequence %u' as the first line, "
			    "found " TOKF, SF_SEQ_VERSION, TOKA(&p->t[0]));
	if (p->ntok < 2)
		return fail(p, p->end_col, "missing the format version after svafuzz-sequence");
	if (num_part(p, &p->t[1], p->t[1].s, p->t[1].len, UINT32_MAX, "version", &v))
		return -1;
	if (v != SF_SEQ_VERSION)
		return fail(p, p->t[1].col, "version %llu is not supported (this build reads %u)",
			    (unsigned long long)v, SF_SEQ_VERSION);
	if (p->ntok > 2)
		return fail(p, p->t[2].col, "unexpected " TOKF " after the version",
			    TOKA(&p->t[2]));
	p->have_magic = 1;
	return 0;
}

static int parse_line(struct parser *p)
{
	if (!p->have_magic)
		return parse_magic(p);
	for (unsigned h = 0; h < H__COUNT; h++)
		if (tok_is(&p->t[0], hdr_names[h]))
			return parse_header(p, h);
	if (p->t[0].s[0] >= '0' && p->t[0].s[0] <= '9')
		return parse_op(p);
	return fail(p, p->t[0].col, "unknown line " TOKF ": expected a header word "
		    "(arena, threads, seed, backend, inject, arch, expect) or 'THREAD OP ...'",
		    TOKA(&p->t[0]));
}

int sf_seq_parse(const char *text, size_t len, struct sf_seq *out, struct sf_seq_err *err)
{
	struct parser p = { .out = out, .err = err };
	size_t pos = 0;

	sf_seq_init(out);
	memset(err, 0, sizeof(*err));
	sf_seq_checker_init(&p.ck);
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;

		p.line++;
		tokenize(&p, text + pos, end - pos);
		if (p.ntok && parse_line(&p))
			goto bad;
		pos = end + 1;
	}
	p.line++;
	if (!p.have_magic) {
		fail(&p, 1, "expected 'svafuzz-sequence %u' as the first line, found the end "
		     "of the file", SF_SEQ_VERSION);
		goto bad;
	}
	for (unsigned h = 0; h < H__COUNT; h++) {
		if ((HDR_REQUIRED & (1u << h)) && !(p.have_hdr & (1u << h))) {
			fail(&p, 1, "missing the '%s' line", hdr_names[h]);
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
