/*
 * ${NAME} and ${NAME:-default} in job-file values, as fio expands them, so
 * one soak.conf serves many machines (results = ${STATE_DIRECTORY}). An
 * unset variable without a default is an error rather than an empty
 * string: a silently empty "results" or "seed" would run the wrong job.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"

static int valid_var_name(const char *s, size_t len)
{
	if (!len || isdigit((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

static int append(char *out, size_t n, size_t *len, const char *s, size_t slen)
{
	if (*len + slen >= n)
		return -1;
	memcpy(out + *len, s, slen);
	*len += slen;
	out[*len] = '\0';
	return 0;
}

int sf_config_expand_env(const char *in, char *out, size_t n, char *why, size_t wn)
{
	size_t len = 0;

	if (!n)
		return -1;
	out[0] = '\0';
	while (*in) {
		const char *close, *dflt, *val;
		char name[128];
		size_t nlen;

		if (in[0] != '$' || in[1] != '{') {
			if (append(out, n, &len, in, 1))
				goto too_long;
			in++;
			continue;
		}
		close = strchr(in + 2, '}');
		if (!close) {
			snprintf(why, wn, "unterminated '${' in '%s'", in);
			return -1;
		}
		dflt = strstr(in + 2, ":-");
		if (dflt && dflt > close)
			dflt = NULL;
		nlen = (size_t)((dflt ? dflt : close) - (in + 2));
		if (!valid_var_name(in + 2, nlen) || nlen >= sizeof(name)) {
			snprintf(why, wn, "bad variable name in '%.*s'", (int)(close - in + 1), in);
			return -1;
		}
		memcpy(name, in + 2, nlen);
		name[nlen] = '\0';
		val = getenv(name);
		if (val) {
			if (append(out, n, &len, val, strlen(val)))
				goto too_long;
		} else if (dflt) {
			if (append(out, n, &len, dflt + 2, (size_t)(close - dflt - 2)))
				goto too_long;
		} else {
			snprintf(why, wn, "environment variable %s is not set (write ${%s:-default} "
				 "for a default)", name, name);
			return -1;
		}
		in = close + 1;
	}
	return 0;
too_long:
	snprintf(why, wn, "value is longer than %zu characters after expansion", n - 1);
	return -1;
}
