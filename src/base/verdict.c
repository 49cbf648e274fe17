/* Verdict names: stable, they appear in run.json, reproducers and junit. */
#include <stdio.h>
#include <string.h>
#include "verdict.h"

static const char *const verdict_names[SF_V__COUNT] = {
	[SF_V_STALE_WRITE] = "STALE_WRITE",
	[SF_V_STALE_READ] = "STALE_READ",
	[SF_V_SPURIOUS_FAULT] = "SPURIOUS_FAULT",
	[SF_V_FAULT_LOOP] = "FAULT_LOOP",
	[SF_V_LOST_WRITE] = "LOST_WRITE",
	[SF_V_DIRTY_MISS] = "DIRTY_MISS",
	[SF_V_MODEL] = "MODEL",
	[SF_V_LOST_INVAL] = "LOST_INVAL",
};

const char *sf_verdict_name(enum sf_verdict_kind k)
{
	return (unsigned)k < SF_V__COUNT ? verdict_names[k] : "?";
}

int sf_verdict_from_name(const char *name)
{
	if (!name)
		return -1;
	for (unsigned i = 0; i < SF_V__COUNT; i++)
		if (!strcmp(verdict_names[i], name))
			return (int)i;
	return -1;
}

static const char *const role_names[SF_CAUSE__COUNT] = {
	[SF_CAUSE_REVOKED] = "revoked",
	[SF_CAUSE_GRANTED] = "granted",
	[SF_CAUSE_REPLACED] = "replaced",
	[SF_CAUSE_WRPROTECT] = "write-protected",
};

const char *sf_cause_role_name(enum sf_cause_role r)
{
	return (unsigned)r < SF_CAUSE__COUNT ? role_names[r] : "?";
}

const char *sf_cause_op_name(const struct sf_cause *c)
{
	return c->initial ? "initial" : sf_op_name((enum sf_op)c->op);
}

const char *sf_allowed_str(unsigned allowed, char *buf, size_t n)
{
	static const char *const names[] = { "ok", "fault", "fault-loop" };
	size_t at = 0;

	if (!n)
		return buf;
	buf[0] = 0;
	for (unsigned i = 0; i < 3; i++)
		if ((allowed & SF_ALLOW(i)) && at < n)
			at += (size_t)snprintf(buf + at, n - at, "%s%s", at ? "," : "", names[i]);
	if (!buf[0])
		snprintf(buf, n, "none");
	return buf;
}

void sf_text_fit(char *dst, size_t n, const char *src)
{
	static const char ell[] = "\xe2\x80\xa6";	/* U+2026, 3 bytes */
	size_t len = strlen(src), cut;

	if (!n)
		return;
	if (len < n) {
		memcpy(dst, src, len + 1);
		return;
	}
	if (n < sizeof(ell)) {
		dst[0] = 0;
		return;
	}
	/* room for the ellipsis and the NUL; back up to a space */
	cut = n - sizeof(ell);
	while (cut > 0 && src[cut] != ' ')
		cut--;
	while (cut > 0 && (src[cut - 1] == ' ' || src[cut - 1] == ',' || src[cut - 1] == ';' ||
			   src[cut - 1] == ':'))
		cut--;
	memcpy(dst, src, cut);
	memcpy(dst + cut, ell, sizeof(ell));
}
