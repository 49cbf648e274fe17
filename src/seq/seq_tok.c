/*
 * The parser's tokens: splitting a line, and reading numbers, pairs and
 * names out of tokens with errors that name the line and the column.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "seq_shape.h"

int sf_line_fail(struct sf_line *l, unsigned col, const char *fmt, ...)
{
	va_list ap;

	l->err->line = l->line;
	l->err->col = col;
	va_start(ap, fmt);
	vsnprintf(l->err->msg, sizeof(l->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

void sf_line_split(struct sf_line *l, const char *s, size_t len)
{
	size_t i = 0;

	l->ntok = 0;
	l->end_col = 1;
	while (i < len && s[i] != '#') {
		if (is_space(s[i])) {
			i++;
			continue;
		}
		size_t start = i;

		while (i < len && !is_space(s[i]) && s[i] != '#')
			i++;
		if (l->ntok < SF_TOK_MAX) {
			l->t[l->ntok].s = s + start;
			l->t[l->ntok].len = (unsigned)(i - start);
			l->t[l->ntok].col = (unsigned)start + 1;
			l->ntok++;
		}
		l->end_col = (unsigned)i + 1;
	}
}

int sf_tok_is(const struct sf_tok *t, const char *word)
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

int sf_tok_num_part(struct sf_line *l, const struct sf_tok *t, const char *s, unsigned len,
		    uint64_t max, const char *what, uint64_t *v)
{
	int r = to_num(s, len, max, v);

	if (r == -1)
		return sf_line_fail(l, t->col, "%s: expected a number, found '%.*s'", what,
				    (int)(len > 24 ? 24 : len), s);
	if (r == -2)
		return sf_line_fail(l, t->col, "%s %.*s is too large (at most %llu)", what,
				    (int)(len > 24 ? 24 : len), s, (unsigned long long)max);
	return 0;
}

int sf_tok_num(struct sf_line *l, const struct sf_tok *t, uint64_t max, const char *what,
	       uint32_t *v)
{
	uint64_t x;

	if (sf_tok_num_part(l, t, t->s, t->len, max, what, &x))
		return -1;
	*v = (uint32_t)x;
	return 0;
}

int sf_tok_pair(struct sf_line *l, const struct sf_tok *t, char sep, const char *what,
		uint32_t *a, uint32_t *b)
{
	const char *mid = memchr(t->s, sep, t->len);
	uint64_t x, y;

	if (!mid)
		return sf_line_fail(l, t->col, "%s: expected N%cM, found " TOKF, what, sep,
				    TOKA(t));
	unsigned la = (unsigned)(mid - t->s);

	if (sf_tok_num_part(l, t, t->s, la, UINT32_MAX, what, &x) ||
	    sf_tok_num_part(l, t, mid + 1, t->len - la - 1, UINT32_MAX, what, &y))
		return -1;
	*a = (uint32_t)x;
	*b = (uint32_t)y;
	return 0;
}

const char *sf_prot_at(unsigned i) { return sf_prot_name(i); }
const char *sf_backing_at(unsigned i) { return sf_backing_name((enum sf_backing)i); }
const char *sf_advice_at(unsigned i) { return sf_advice_name((enum sf_advice)i); }
const char *sf_slot_flags_at(unsigned i) { return sf_slot_flags_name(i); }

/* prot names listed in an error from the weakest to the strongest, not by bit value */
static const unsigned prot_order[] = { 0, 1, 3, 7, 2, 4, 5, 6 };

int sf_tok_name(struct sf_line *l, const struct sf_tok *t, const char *what, sf_name_fn name,
		unsigned from, unsigned to, uint32_t *v)
{
	char list[128];
	size_t n = 0;

	for (unsigned i = from; i < to; i++) {
		if (sf_tok_is(t, name(i))) {
			*v = i;
			return 0;
		}
	}
	list[0] = 0;
	for (unsigned i = from; i < to && n < sizeof(list); i++) {
		unsigned k = name == sf_prot_at ? prot_order[i] : i;

		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i > from ? ", " : "",
				      name(k));
	}
	return sf_line_fail(l, t->col, "%s " TOKF " is not one of %s", what, TOKA(t), list);
}

/* The argument cursor of one op line (struct sf_args, seq_shape.h). */
int sf_args_next(struct sf_args *a, const char *what, const struct sf_tok **t)
{
	if (a->next >= a->l->ntok) {
		*t = NULL;
		return sf_line_fail(a->l, a->l->end_col, "%s: missing %s", a->verb, what);
	}
	*t = &a->l->t[a->next++];
	return 0;
}

int sf_args_peek(const struct sf_args *a, const char *word)
{
	return a->next < a->l->ntok && sf_tok_is(&a->l->t[a->next], word);
}

int sf_args_range(struct sf_args *a, struct sf_seq_op *op)
{
	const struct sf_tok *t;

	if (sf_args_next(a, "page range (PAGE+NPAGES)", &t))
		return -1;
	a->col[SF_FLD_RANGE] = t->col;
	return sf_tok_pair(a->l, t, '+', "page range", &op->page, &op->npages);
}
