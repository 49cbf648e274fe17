/*
 * Reading event traces (JSON Lines, json-c) back into struct sf_event.
 *
 * Which fields are required depends on the kind, because a default would
 * be a guess: an access without "outcome" or "value" cannot be judged, a
 * successful mutation without "eff" has no known effect. Unknown keys are
 * errors, so a typo ("outcom") is caught instead of silently defaulted.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "ops.h"
#include "oracle.h"
#include "trace.h"

enum field {
	F_T0, F_T1, F_THREAD, F_KIND, F_OP, F_PAGE, F_NPAGES, F_WORD,
	F_OUTCOME, F_ERR, F_VALUE, F_SEQ, F_EFF, F_TEAR, F_STALE, F_RIGHTS, F__COUNT
};

static const char *const field_names[F__COUNT] = {
	"t0", "t1", "thread", "kind", "op", "page", "npages", "word",
	"outcome", "err", "value", "seq", "eff", "tear", "stale", "rights",
};

static const char *const kind_names[] = { "mutation", "access", "dirty", "mark" };
static const char *const outcome_names[] = { "ok", "fault", "fault-loop", "failed" };
static const char *const obj_mode_names[] = { "keep", "fresh", "set", "move", "forget" };

/*
 * Page-state flags an effect may set or clear: SF_PS_SLOT_UNKNOWN is the
 * oracle's own (state.h) and 0x80 means nothing, so the oracle refuses
 * both; the reader refuses them first, by name.
 */
#define EFF_FLAGS (SF_PS__ALL & ~SF_PS_SLOT_UNKNOWN)
/* A dirty-log fetch reports at most 64 pages (one bitmap word). */
#define DIRTY_MAX_PAGES 64

#define BIT(f) (1u << (f))
/* Fields each kind must have (sf_event_json always writes them). */
static const unsigned required[] = {
	[SF_EV_MUTATION] = BIT(F_T0) | BIT(F_T1) | BIT(F_KIND) | BIT(F_OP) | BIT(F_PAGE) |
			   BIT(F_NPAGES) | BIT(F_OUTCOME),
	[SF_EV_ACCESS] = BIT(F_T0) | BIT(F_T1) | BIT(F_KIND) | BIT(F_OP) | BIT(F_PAGE) |
			 BIT(F_WORD) | BIT(F_OUTCOME) | BIT(F_VALUE),
	[SF_EV_DIRTY] = BIT(F_T0) | BIT(F_T1) | BIT(F_KIND) | BIT(F_OP) | BIT(F_PAGE) |
			BIT(F_VALUE),
	[SF_EV_MARK] = BIT(F_T0) | BIT(F_T1) | BIT(F_KIND) | BIT(F_OP),
};

static int fail(char *why, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
	return -1;
}

static int name_index(const char *const *names, unsigned count, const char *s)
{
	for (unsigned i = 0; i < count; i++)
		if (!strcmp(names[i], s))
			return (int)i;
	return -1;
}

static int get_uint(json_object *v, const char *key, uint64_t max, uint64_t *out,
		    char *why, size_t n)
{
	if (!json_object_is_type(v, json_type_int))
		return fail(why, n, "\"%s\" must be a non-negative integer", key);
	if (json_object_get_int64(v) < 0)
		return fail(why, n, "\"%s\" is negative", key);
	*out = json_object_get_uint64(v);
	if (*out > max)
		return fail(why, n, "\"%s\" is %llu, more than %llu", key,
			    (unsigned long long)*out, (unsigned long long)max);
	return 0;
}

static int get_name(json_object *v, const char *key, const char *const *names, unsigned count,
		    int *out, char *why, size_t n)
{
	const char *s;

	if (!json_object_is_type(v, json_type_string))
		return fail(why, n, "\"%s\" must be a string", key);
	s = json_object_get_string(v);
	*out = name_index(names, count, s);
	if (*out < 0)
		return fail(why, n, "unknown %s \"%s\"", key, s);
	return 0;
}

/* "0x1f" (as sf_event_json writes it) or a plain integer. */
static int get_value(json_object *v, uint64_t *out, char *why, size_t n)
{
	const char *s;
	char *end;

	if (json_object_is_type(v, json_type_int))
		return get_uint(v, "value", UINT64_MAX, out, why, n);
	if (!json_object_is_type(v, json_type_string))
		return fail(why, n, "\"value\" must be a \"0x...\" string or an integer");
	s = json_object_get_string(v);
	if (strncmp(s, "0x", 2) || !s[2])
		return fail(why, n, "\"value\" \"%s\" is not hex \"0x...\"", s);
	errno = 0;
	*out = strtoull(s + 2, &end, 16);
	if (errno || *end || s[2] == '-' || s[2] == '+')
		return fail(why, n, "\"value\" \"%s\" is not a 64-bit hex number", s);
	return 0;
}

/* "keep" (SF_EFF_KEEP) or a name from_name knows, for eff.backing and eff.prot. */
static int get_keep_or(json_object *v, const char *key, int (*from_name)(const char *),
		       uint8_t *out, char *why, size_t n)
{
	const char *s;
	int x;

	if (!json_object_is_type(v, json_type_string))
		return fail(why, n, "\"%s\" must be a string", key);
	s = json_object_get_string(v);
	x = strcmp(s, "keep") ? from_name(s) : SF_EFF_KEEP;
	if (x < 0)
		return fail(why, n, "unknown %s \"%s\"", key, s);
	*out = (uint8_t)x;
	return 0;
}

/* eff.set / eff.clear: a byte whose bits are all flags an effect may change. */
static int get_flags(json_object *v, const char *key, uint64_t *out, char *why, size_t n)
{
	uint64_t bad;

	if (get_uint(v, key, 0xff, out, why, n))
		return -1;
	bad = *out & ~(uint64_t)EFF_FLAGS;
	if (bad)
		return fail(why, n, "\"%s\" is %llu: bit %llu is not a flag an effect may "
			    "change (1 to 32 are; 64 is the oracle's own, 128 means nothing)",
			    key, (unsigned long long)*out, (unsigned long long)(bad & -bad));
	return 0;
}

static int parse_effect(json_object *obj, struct sf_effect *e, char *why, size_t n)
{
	unsigned seen = 0;
	uint64_t u = 0;		/* read before r is checked: keep defined */
	int mode = 0;

	if (!json_object_is_type(obj, json_type_object))
		return fail(why, n, "\"eff\" must be an object");
	json_object_object_foreach(obj, key, v) {
		int r;

		if (!strcmp(key, "backing")) {
			r = get_keep_or(v, "eff.backing", sf_backing_from_name, &e->set_backing, why, n);
			seen |= 1;
		} else if (!strcmp(key, "prot")) {
			r = get_keep_or(v, "eff.prot", sf_prot_from_name, &e->set_prot, why, n);
			seen |= 2;
		} else if (!strcmp(key, "obj")) {
			r = get_name(v, "eff.obj", obj_mode_names, 5, &mode, why, n);
			e->obj_mode = (uint8_t)mode;
			seen |= 4;
		} else if (!strcmp(key, "set") || !strcmp(key, "clear")) {
			r = get_flags(v, key[0] == 's' ? "eff.set" : "eff.clear", &u, why, n);
			*(key[0] == 's' ? &e->flags_set : &e->flags_clear) = (uint8_t)u;
		} else if (!strcmp(key, "arg")) {
			r = get_uint(v, "eff.arg", UINT64_MAX, &e->obj_arg, why, n);
		} else {
			return fail(why, n, "unknown key \"eff.%s\"", key);
		}
		if (r)
			return -1;
	}
	if (seen != 7)
		return fail(why, n, "\"eff\" needs \"backing\", \"prot\" and \"obj\"");
	return 0;
}

static void default_effect(struct sf_effect *e)
{
	memset(e, 0, sizeof(*e));
	e->set_backing = SF_EFF_KEEP;
	e->set_prot = SF_EFF_KEEP;
	e->obj_mode = SF_OBJ_KEEP;
}

/* One key of the event object into ev; marks it in *seen. */
static int parse_field(const char *key, json_object *v, struct sf_event *ev, unsigned *seen,
		       char *why, size_t n)
{
	int f = name_index(field_names, F__COUNT, key), idx;
	uint64_t u = 0;
	int r = 0;

	if (f < 0)
		return fail(why, n, "unknown key \"%s\"", key);
	*seen |= BIT(f);
	switch (f) {
	case F_T0: return get_uint(v, key, UINT64_MAX, &ev->t0, why, n);
	case F_T1: return get_uint(v, key, UINT64_MAX, &ev->t1, why, n);
	case F_SEQ: return get_uint(v, key, UINT64_MAX, &ev->seq, why, n);
	case F_VALUE: return get_value(v, &ev->value, why, n);
	case F_EFF: return parse_effect(v, &ev->eff, why, n);
	case F_THREAD: r = get_uint(v, key, UINT16_MAX, &u, why, n); ev->thread = (uint16_t)u; break;
	case F_PAGE: r = get_uint(v, key, UINT32_MAX, &u, why, n); ev->page = (uint32_t)u; break;
	case F_NPAGES: r = get_uint(v, key, UINT32_MAX, &u, why, n); ev->npages = (uint32_t)u; break;
	case F_WORD: r = get_uint(v, key, UINT32_MAX, &u, why, n); ev->word = (uint32_t)u; break;
	case F_ERR: r = get_uint(v, key, UINT32_MAX, &u, why, n); ev->err = (uint32_t)u; break;
	case F_KIND:
		r = get_name(v, key, kind_names, 4, &idx, why, n);
		ev->kind = (uint8_t)idx;
		break;
	case F_OUTCOME:
		r = get_name(v, key, outcome_names, 4, &idx, why, n);
		ev->outcome = (uint8_t)idx;
		break;
	case F_TEAR:
		/* SF_EVF_MAY_TEAR: the access may have been made byte by byte */
		if (!json_object_is_type(v, json_type_boolean))
			return fail(why, n, "\"tear\" must be true or false");
		if (json_object_get_boolean(v))
			ev->flags |= SF_EVF_MAY_TEAR;
		break;
	case F_RIGHTS:
		/* SF_EVF_RIGHTS: a rights claim (hmm SNAPSHOT), no value */
		if (!json_object_is_type(v, json_type_boolean))
			return fail(why, n, "\"rights\" must be true or false");
		if (json_object_get_boolean(v))
			ev->flags |= SF_EVF_RIGHTS;
		break;
	case F_STALE:
		/* the device's translation no longer matched the page table */
		if (!json_object_is_type(v, json_type_string) ||
		    (idx = sf_stale_from_name(json_object_get_string(v))) < 0)
			return fail(why, n, "\"stale\" must be \"replaced\", \"unmapped\" or "
				    "\"write-revoked\"");
		ev->flags |= (uint8_t)(idx << SF_EVF_STALE_SHIFT);
		break;
	case F_OP:
		if (!json_object_is_type(v, json_type_string))
			return fail(why, n, "\"op\" must be a string");
		idx = sf_op_from_name(json_object_get_string(v));
		if (idx < 0)
			return fail(why, n, "unknown op \"%s\"", json_object_get_string(v));
		ev->op = (uint16_t)idx;
		break;
	}
	return r;
}

/* A fetch's bitmap covers "npages" pages from "page" (64 when not given). */
static int check_dirty(const struct sf_event *ev, char *why, size_t n)
{
	if (ev->outcome != SF_OK && ev->outcome != SF_FAILED)
		return fail(why, n, "a dirty fetch's outcome is \"ok\" or \"failed\"");
	if (ev->npages > DIRTY_MAX_PAGES)
		return fail(why, n, "\"npages\" %u: a dirty fetch covers at most %u pages",
			    ev->npages, DIRTY_MAX_PAGES);
	return 0;
}

static int missing_fields(unsigned need, unsigned seen, char *why, size_t n)
{
	for (int f = 0; f < F__COUNT; f++)
		if ((need & BIT(f)) && !(seen & BIT(f)))
			return fail(why, n, "missing \"%s\"", field_names[f]);
	return 0;
}

/* What the fields say must hang together before the oracle sees them. */
static int check_event(const struct sf_event *ev, unsigned seen, char *why, size_t n)
{
	enum sf_op_class cls = sf_op_class((enum sf_op)ev->op);

	if (missing_fields(required[ev->kind], seen, why, n))
		return -1;
	if (ev->t1 < ev->t0)
		return fail(why, n, "t1 %llu is before t0 %llu", (unsigned long long)ev->t1,
			    (unsigned long long)ev->t0);
	switch (ev->kind) {
	case SF_EV_MUTATION:
		if (cls != SF_CLS_MUTATION && cls != SF_CLS_SLOT)
			return fail(why, n, "a mutation's op cannot be \"%s\"", sf_op_name(ev->op));
		if (ev->outcome != SF_OK && ev->outcome != SF_FAILED)
			return fail(why, n, "a mutation's outcome is \"ok\" or \"failed\"");
		if (ev->outcome == SF_OK && !(seen & BIT(F_EFF)))
			return fail(why, n, "missing \"eff\" (a mutation that succeeded has an effect)");
		if (!ev->npages)
			return fail(why, n, "\"npages\" is 0");
		if ((uint64_t)ev->page + ev->npages > UINT32_MAX)
			return fail(why, n, "page range overflows");
		break;
	case SF_EV_ACCESS:
		if (cls != SF_CLS_DEV_ACCESS && cls != SF_CLS_CPU_ACCESS)
			return fail(why, n, "an access's op cannot be \"%s\"", sf_op_name(ev->op));
		if (ev->outcome == SF_FAILED)
			return fail(why, n, "an access's outcome is \"ok\", \"fault\" or \"fault-loop\"");
		if ((seen & BIT(F_NPAGES)) && ev->npages != 1)
			return fail(why, n, "an access has \"npages\" 1");
		if (ev->word >= SF_WORDS_PER_PAGE)
			return fail(why, n, "\"word\" %u is beyond the %u words of a page", ev->word,
				    SF_WORDS_PER_PAGE);
		break;
	case SF_EV_DIRTY:
		if (!ev->npages)
			return fail(why, n, "\"npages\" is 0");
		if (check_dirty(ev, why, n))
			return -1;
		break;
	default:
		break;
	}
	if ((seen & BIT(F_EFF)) && ev->kind != SF_EV_MUTATION)
		return fail(why, n, "only mutations have \"eff\"");
	return 0;
}

/*
 * A line of a run's events.jsonl: a rate-budgeted sample of the run (1 in
 * 64 accesses, results/README.md), whose gaps would read as events that
 * never happened. Judging it could give false verdicts: say so plainly.
 */
static int run_sample(json_object *obj, char *why, size_t n)
{
	if (!json_object_object_get_ex(obj, "prog", NULL))
		return 0;
	return fail(why, n, "a run's events.jsonl (key \"prog\") is a sample of the run and "
		    "cannot be checked; check a finding's events.jsonl instead");
}

int sf_trace_parse_event(const char *json, size_t len, struct sf_event *ev, char *why, size_t n)
{
	struct json_tokener *tok = json_tokener_new();
	json_object *obj;
	unsigned seen = 0;
	size_t end;
	int rc = 0;

	if (!tok)
		return fail(why, n, "out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	obj = json_tokener_parse_ex(tok, json, (int)len);
	if (!obj) {
		enum json_tokener_error e = json_tokener_get_error(tok);

		rc = fail(why, n, "not JSON: %s", e == json_tokener_continue ?
			  "unexpected end of line" : json_tokener_error_desc(e));
		goto out;
	}
	for (end = json_tokener_get_parse_end(tok); end < len; end++)
		if (json[end] != ' ' && json[end] != '\t' && json[end] != '\r' && json[end] != '\n') {
			rc = fail(why, n, "text after the JSON object");
			goto out;
		}
	if (!json_object_is_type(obj, json_type_object)) {
		rc = fail(why, n, "not a JSON object");
		goto out;
	}
	if (sf_trace_scan_raw(json, len, why, n) || run_sample(obj, why, n)) {
		rc = -1;
		goto out;
	}
	memset(ev, 0, sizeof(*ev));
	default_effect(&ev->eff);
	ev->npages = 1;
	json_object_object_foreach(obj, key, v) {
		if (parse_field(key, v, ev, &seen, why, n)) {
			rc = -1;
			goto out;
		}
	}
	if (!(seen & BIT(F_KIND))) {
		rc = fail(why, n, "missing \"kind\"");
		goto out;
	}
	if (ev->kind == SF_EV_DIRTY && !(seen & BIT(F_NPAGES)))
		ev->npages = DIRTY_MAX_PAGES;	/* docs/trace.md: pages page..page+63 */
	rc = check_event(ev, seen, why, n);
out:
	json_object_put(obj);
	json_tokener_free(tok);
	return rc;
}
