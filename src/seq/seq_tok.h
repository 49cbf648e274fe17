/*
 * The parser's tokens (seq_tok.c): one text line split at blanks, and the
 * readers that turn a token into a number, a pair or a name, each failing
 * with the line, the column and what is wrong. Shared by the line parser
 * (seq_parse.c) and every shape's argument parser (seq_shape_*.c).
 */
#ifndef SF_SEQ_TOK_H
#define SF_SEQ_TOK_H
#include <stddef.h>
#include <stdint.h>
#include "seq.h"

#define SF_TOK_MAX 9	/* the longest op line has 8 tokens; one more to report */

struct sf_tok {
	const char *s;
	unsigned len, col;
};

/* One line's tokens, and where its errors go. */
struct sf_line {
	struct sf_seq_err *err;
	unsigned line;
	unsigned end_col;		/* column just after the line's last token */
	struct sf_tok t[SF_TOK_MAX];
	unsigned ntok;
};

/* A token as it should appear in a message: at most 24 characters. */
#define TOKF "'%.*s%s'"
#define TOKA(t) (int)((t)->len > 24 ? 24 : (t)->len), (t)->s, ((t)->len > 24 ? "..." : "")

/* Splits one line (without its newline) into tokens; a '#' ends the line. */
void sf_line_split(struct sf_line *l, const char *s, size_t len);
/* Sets the error at (l->line, col) to the message; returns -1. */
int sf_line_fail(struct sf_line *l, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int sf_tok_is(const struct sf_tok *t, const char *word);
/* s[0, len) (part of token t) as a number <= max, decimal or 0x hex: 0, or -1 failed. */
int sf_tok_num_part(struct sf_line *l, const struct sf_tok *t, const char *s, unsigned len,
		    uint64_t max, const char *what, uint64_t *v);
int sf_tok_num(struct sf_line *l, const struct sf_tok *t, uint64_t max, const char *what,
	       uint32_t *v);
/* "A<sep>B", both numbers, e.g. a range 3+2 or an access 3.0 */
int sf_tok_pair(struct sf_line *l, const struct sf_tok *t, char sep, const char *what,
		uint32_t *a, uint32_t *b);

/* Name tables as functions of an index, for lookups and for error messages. */
typedef const char *(*sf_name_fn)(unsigned i);
const char *sf_prot_at(unsigned i);
const char *sf_backing_at(unsigned i);
const char *sf_advice_at(unsigned i);
const char *sf_slot_flags_at(unsigned i);
/* Looks t up among names[from, to); on failure lists them all. */
int sf_tok_name(struct sf_line *l, const struct sf_tok *t, const char *what, sf_name_fn name,
		unsigned from, unsigned to, uint32_t *v);
#endif
