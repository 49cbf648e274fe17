/*
 * What json-c cannot tell the trace reader, read from the line's own text:
 * json-c keeps the last of two equal keys and clamps an integer beyond
 * 2^64-1 to 2^64-1, so a line saying both "fault" and "ok", or a t0 of
 * 99999999999999999999, would be judged as something it does not say.
 *
 * Runs only on text json-c has already accepted as one strict JSON object,
 * so it need not diagnose syntax: it walks the values, remembers the keys
 * of each object and looks at the digits of each integer.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "trace.h"

/* An event has 14 keys and "eff" 6: an object with more is not one of them. */
#define MAX_KEYS 32
#define U64_MAX_DIGITS "18446744073709551615"

struct scan {
	const char *p, *end;
	char *why;
	size_t n;
};

struct key {
	const char *s;
	size_t len;
};

static int scan_fail(struct scan *sc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int scan_fail(struct scan *sc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sc->why, sc->n, fmt, ap);
	va_end(ap);
	return -1;
}

static void skip_ws(struct scan *sc)
{
	while (sc->p < sc->end && (*sc->p == ' ' || *sc->p == '\t' || *sc->p == '\r' ||
				   *sc->p == '\n'))
		sc->p++;
}

/* At the opening quote; leaves p after the closing one. *escaped: it had a backslash. */
static struct key string_body(struct scan *sc, bool *escaped)
{
	struct key k = { ++sc->p, 0 };

	*escaped = false;
	while (sc->p < sc->end && *sc->p != '"') {
		if (*sc->p == '\\') {
			*escaped = true;
			sc->p++;
		}
		sc->p++;
	}
	k.len = (size_t)(sc->p - k.s);
	sc->p++;
	return k;
}

/* "99999999999999999999" does not fit: more digits than 2^64-1, or as many and larger. */
static bool beyond_u64(const char *d, size_t len)
{
	size_t max = sizeof(U64_MAX_DIGITS) - 1;

	return len > max || (len == max && memcmp(d, U64_MAX_DIGITS, max) > 0);
}

static int number(struct scan *sc, const char *key)
{
	const char *s = sc->p;
	bool integer = true, negative = *s == '-';

	while (sc->p < sc->end && strchr("+-0123456789.eE", *sc->p)) {
		if (strchr(".eE", *sc->p))
			integer = false;
		sc->p++;
	}
	/* negatives and fractions are refused by type later, with their own words */
	if (integer && !negative && beyond_u64(s, (size_t)(sc->p - s)))
		return scan_fail(sc, "\"%s\" is %.*s, more than 2^64-1 (%s)", key,
				 (int)(sc->p - s), s, U64_MAX_DIGITS);
	return 0;
}

static int value(struct scan *sc, const char *key, int depth);

/* The name a value is reported under: "eff.set" for a key of "eff". */
static void key_name(char *out, size_t n, const char *outer, struct key k)
{
	if (outer[0])
		snprintf(out, n, "%s.%.*s", outer, (int)k.len, k.s);
	else
		snprintf(out, n, "%.*s", (int)k.len, k.s);
}

static int object(struct scan *sc, const char *outer, int depth)
{
	struct key keys[MAX_KEYS];
	unsigned nkeys = 0;
	char name[96];

	sc->p++;
	for (skip_ws(sc); sc->p < sc->end && *sc->p != '}'; skip_ws(sc)) {
		bool escaped;
		struct key k;

		if (*sc->p == ',') {
			sc->p++;
			skip_ws(sc);
		}
		k = string_body(sc, &escaped);
		key_name(name, sizeof(name), outer, k);
		if (escaped)
			return scan_fail(sc, "key \"%s\" has an escape (\\): keys are plain names",
					 name);
		for (unsigned i = 0; i < nkeys; i++)
			if (keys[i].len == k.len && !memcmp(keys[i].s, k.s, k.len))
				return scan_fail(sc, "key \"%s\" is given twice", name);
		if (nkeys == MAX_KEYS)
			return scan_fail(sc, "more than %u keys in one object: not an event",
					 MAX_KEYS);
		keys[nkeys++] = k;
		skip_ws(sc);
		sc->p++;	/* ':' */
		skip_ws(sc);
		if (value(sc, name, depth + 1))
			return -1;
	}
	sc->p++;
	return 0;
}

static int array(struct scan *sc, const char *key, int depth)
{
	sc->p++;
	for (skip_ws(sc); sc->p < sc->end && *sc->p != ']'; skip_ws(sc)) {
		if (*sc->p == ',') {
			sc->p++;
			skip_ws(sc);
		}
		if (value(sc, key, depth + 1))
			return -1;
	}
	sc->p++;
	return 0;
}

static int value(struct scan *sc, const char *key, int depth)
{
	bool escaped;

	/* json-c refuses deeper nesting than this already: never reached on its output */
	if (depth > 64)
		return scan_fail(sc, "nested too deep");
	switch (*sc->p) {
	case '{':
		return object(sc, key, depth);
	case '[':
		return array(sc, key, depth);
	case '"':
		string_body(sc, &escaped);
		return 0;
	case '-':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return number(sc, key);
	default:	/* true, false, null */
		while (sc->p < sc->end && *sc->p >= 'a' && *sc->p <= 'z')
			sc->p++;
		return 0;
	}
}

int sf_trace_scan_raw(const char *json, size_t len, char *why, size_t n)
{
	struct scan sc = { json, json + len, why, n };

	skip_ws(&sc);
	if (sc.p >= sc.end || *sc.p != '{')
		return 0;	/* not an object: the caller says so */
	return object(&sc, "", 0);
}
