/*
 * Durations and sizes as people write them in job files and options:
 * "90s", "8h", "1h30m", "1500ms", "0"; "256K", "4M", "2G", "64p" (pages).
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include "config.h"
#include "seq.h"

struct unit {
	const char *suffix;
	uint64_t mult;
};

/* Longest suffixes first so "ms" is not read as "m" then "s". */
static const struct unit time_units[] = {
	{ "ns", 1ull },
	{ "us", 1000ull },
	{ "ms", 1000000ull },
	{ "s", 1000000000ull },
	{ "m", 60ull * 1000000000ull },
	{ "h", 3600ull * 1000000000ull },
	{ "d", 86400ull * 1000000000ull },
	{ NULL, 0 },
};

/* Leading decimal digits into *v; returns digits read, 0 on none or overflow. */
static size_t read_decimal(const char *s, uint64_t *v)
{
	size_t i = 0;

	*v = 0;
	while (isdigit((unsigned char)s[i])) {
		uint64_t d = (uint64_t)(s[i] - '0');

		if (*v > (UINT64_MAX - d) / 10)
			return 0;
		*v = *v * 10 + d;
		i++;
	}
	return i;
}

static int mul_add(uint64_t *acc, uint64_t v, uint64_t mult)
{
	if (v && mult > UINT64_MAX / v)
		return -1;
	if (*acc > UINT64_MAX - v * mult)
		return -1;
	*acc += v * mult;
	return 0;
}

static const struct unit *match_unit(const char *s, size_t *len)
{
	for (const struct unit *u = time_units; u->suffix; u++) {
		size_t l = strlen(u->suffix);

		if (!strncmp(s, u->suffix, l) && !isalpha((unsigned char)s[l])) {
			*len = l;
			return u;
		}
	}
	return NULL;
}

int sf_parse_duration(const char *s, uint64_t *ns)
{
	uint64_t total = 0, v;
	size_t digits, ulen;
	const struct unit *u;

	if (!s || !*s)
		return -1;
	/* A bare number is seconds, as fio's runtime. */
	digits = read_decimal(s, &v);
	if (digits && !s[digits]) {
		if (mul_add(&total, v, 1000000000ull))
			return -1;
		*ns = total;
		return 0;
	}
	while (*s) {
		digits = read_decimal(s, &v);
		if (!digits)
			return -1;
		s += digits;
		u = match_unit(s, &ulen);
		if (!u || mul_add(&total, v, u->mult))
			return -1;
		s += ulen;
	}
	*ns = total;
	return 0;
}

/* suf: "", "K", "KB", "KiB", ... "T..." into *mult; -1 if not a size unit. */
static int size_mult(const char *suf, uint64_t *mult)
{
	const char *p;

	*mult = 1;
	if (!*suf)
		return 0;
	p = strchr("KMGT", toupper((unsigned char)*suf));
	if (!p)
		return -1;
	*mult = 1ull << (10 * (1 + (p - "KMGT")));
	suf++;
	/* "K", "KB", "KiB" all mean 1024 (as fio's default) */
	if (*suf && strcmp(suf, "B") && strcmp(suf, "iB") && strcmp(suf, "b"))
		return -1;
	return 0;
}

int sf_parse_size_bytes(const char *s, uint64_t *bytes)
{
	uint64_t v, mult;
	size_t digits;

	if (!s)
		return -1;
	digits = read_decimal(s, &v);
	if (!digits || size_mult(s + digits, &mult) || v > UINT64_MAX / mult)
		return -1;
	*bytes = v * mult;
	return 0;
}

int sf_parse_size_pages(const char *s, size_t page_size, uint32_t *pages)
{
	uint64_t v, bytes, np;
	size_t digits;
	const char *suf;

	if (!s || !page_size)
		return -1;
	digits = read_decimal(s, &v);
	if (!digits)
		return -1;
	suf = s + digits;
	if (!strcmp(suf, "p") || !strcmp(suf, "pages")) {
		np = v;
	} else {
		if (sf_parse_size_bytes(s, &bytes))
			return -1;
		np = bytes / page_size + (bytes % page_size != 0);
	}
	if (np == 0 || np > SF_SEQ_MAX_PAGES)
		return -1;
	*pages = (uint32_t)np;
	return 0;
}
