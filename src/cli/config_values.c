/*
 * The [run] keys and their values: one table shared by job files and the
 * command line, so `--threads 3` and `threads = 3` accept and refuse
 * exactly the same things with the same words.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config.h"
#include "ops.h"
#include "seq.h"
#include "backend.h"
#include "plant.h"

#define NS_PER_S 1000000000ull

typedef int (*key_setter)(struct sf_run_opts *o, const char *v, char *why, size_t n);

/* Unsigned decimal or 0x hex, the whole string, no sign. */
static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int set_u32_range(uint32_t *dst, const char *v, uint64_t lo, uint64_t hi,
			 char *why, size_t n)
{
	uint64_t x;

	if (parse_u64(v, &x)) {
		snprintf(why, n, "'%s' is not a number", v);
		return -1;
	}
	if (x < lo || x > hi) {
		snprintf(why, n, "%llu is out of range (%llu..%llu)", (unsigned long long)x,
			 (unsigned long long)lo, (unsigned long long)hi);
		return -1;
	}
	*dst = (uint32_t)x;
	return 0;
}

static int set_bool(bool *dst, const char *v, char *why, size_t n)
{
	static const char *const yes[] = { "1", "true", "yes", "on", NULL };
	static const char *const no[] = { "0", "false", "no", "off", NULL };

	for (unsigned i = 0; yes[i]; i++) {
		if (!strcasecmp(v, yes[i])) {
			*dst = true;
			return 0;
		}
		if (!strcasecmp(v, no[i])) {
			*dst = false;
			return 0;
		}
	}
	snprintf(why, n, "'%s' is not a boolean (true/false, yes/no, on/off, 1/0)", v);
	return -1;
}

static int set_string(char *dst, size_t cap, const char *v, char *why, size_t n)
{
	if (strlen(v) >= cap) {
		snprintf(why, n, "'%.40s...' is longer than %zu characters", v, cap - 1);
		return -1;
	}
	strcpy(dst, v);
	return 0;
}

/* Names are short words: letters, digits, '-', '_', '.'. */
static int is_name(const char *v)
{
	if (!*v)
		return 0;
	for (; *v; v++)
		if (!isalnum((unsigned char)*v) && !strchr("-_.", *v))
			return 0;
	return 1;
}

static void list_backends(char *buf, size_t n)
{
	size_t len = (size_t)snprintf(buf, n, "auto");

	for (unsigned i = 0; sf_backends[i] && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, ", %s", sf_backends[i]->name);
}

static int set_backend(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	char names[200];

	if (strcmp(v, "auto") && !sf_backend_find(v)) {
		list_backends(names, sizeof(names));
		snprintf(why, n, "unknown backend '%s' (known: %s)", v, names);
		return -1;
	}
	return set_string(o->backend, sizeof(o->backend), v, why, n);
}

static int set_duration(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	if (sf_parse_duration(v, &o->duration_ns)) {
		snprintf(why, n, "'%s' is not a duration (e.g. 0, 90s, 30m, 8h, 1h30m, 1500ms)", v);
		return -1;
	}
	return 0;
}

static int set_seed(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	if (parse_u64(v, &o->seed)) {
		snprintf(why, n, "'%s' is not a 64-bit unsigned number", v);
		return -1;
	}
	o->seed_set = true;
	return 0;
}

static int set_threads(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	/* at least one thread mutates while another accesses */
	return set_u32_range(&o->threads, v, 2, SF_SEQ_MAX_THREADS, why, n);
}

static int set_vcpus(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	return set_u32_range(&o->vcpus, v, 1, SF_SEQ_MAX_THREADS, why, n);
}

static int set_arena(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	long ps = sysconf(_SC_PAGESIZE);

	if (sf_parse_size_pages(v, ps > 0 ? (size_t)ps : 4096, &o->arena_pages)) {
		snprintf(why, n, "'%s' is not a size between one page and %u pages "
			 "(e.g. 256K, 4M, 64p)", v, SF_SEQ_MAX_PAGES);
		return -1;
	}
	return 0;
}

static int knob_known(const char *knob)
{
	for (unsigned i = 0; sf_backends[i]; i++)
		if (sf_backend_has_knob(sf_backends[i], knob))
			return 1;
	return 0;
}

static int set_inject(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	if (!*v || !strcmp(v, "none")) {
		o->knob[0] = '\0';
		return 0;
	}
	if (!is_name(v) || !knob_known(v)) {
		snprintf(why, n, "no backend has a bug knob '%s' (see `svafuzz probe`)", v);
		return -1;
	}
	return set_string(o->knob, sizeof(o->knob), v, why, n);
}

static int set_arch(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	if (!*v || !strcmp(v, "host")) {
		o->arch[0] = '\0';
		return 0;
	}
	if (strcmp(v, "smmuv3") && strcmp(v, "vtd")) {
		snprintf(why, n, "unknown TLB model '%s' (smmuv3, vtd or host)", v);
		return -1;
	}
	return set_string(o->arch, sizeof(o->arch), v, why, n);
}

static int set_profile(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	if (!strcmp(v, "mix"))
		o->profile = SF_GEN_MIX;
	else if (!strcmp(v, "cow-upgrade"))
		o->profile = SF_GEN_COW_UPGRADE;
	else {
		snprintf(why, n, "unknown profile '%s' (mix, cow-upgrade)", v);
		return -1;
	}
	return 0;
}

/* "mprotect, dev-read,dev-write" or "all" into a mask of 1 << SF_OP_*. */
static int set_ops(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	uint64_t mask = 0;
	const char *p = v;

	if (!strcmp(v, "all")) {
		o->allowed_ops = 0;
		return 0;
	}
	while (*p) {
		char name[32];
		size_t len;
		int op;

		while (isspace((unsigned char)*p) || *p == ',')
			p++;
		len = strcspn(p, ", \t");
		if (!len)
			break;
		if (len >= sizeof(name)) {
			snprintf(why, n, "op name '%.20s...' is too long", p);
			return -1;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		op = sf_op_from_name(name);
		if (op < 0) {
			snprintf(why, n, "unknown op '%s' (see docs/sequence.md for the verbs)", name);
			return -1;
		}
		mask |= 1ull << op;
		p += len;
	}
	if (!mask) {
		snprintf(why, n, "empty op list (name ops, or 'all')");
		return -1;
	}
	o->allowed_ops = mask;
	return 0;
}

static int set_results(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	if (!*v) {
		snprintf(why, n, "empty results directory");
		return -1;
	}
	return set_string(o->results, sizeof(o->results), v, why, n);
}

static int set_lava(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	return set_bool(&o->lava, v, why, n);
}

static int set_ktap(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	return set_bool(&o->ktap, v, why, n);
}

static int set_klog(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	return set_bool(&o->klog, v, why, n);
}

static int set_quiet(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	return set_bool(&o->quiet, v, why, n);
}

static int set_plant(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	if (!*v || !strcmp(v, "none")) {
		o->plant[0] = '\0';
		return 0;
	}
	if (sf_plant_parse(v, why, n))
		return -1;
	return set_string(o->plant, sizeof(o->plant), v, why, n);
}

static int set_max_findings(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	return set_u32_range(&o->max_findings, v, 0, 1000000, why, n);
}

static int set_max_disk(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	if (sf_parse_size_bytes(v, &o->max_disk)) {
		snprintf(why, n, "'%s' is not a size (e.g. 0 for no limit, 500M, 2G)", v);
		return -1;
	}
	return 0;
}

static int set_ops_per_program(struct sf_run_opts *o, const char *v, char *why, size_t n)
{
	return set_u32_range(&o->ops_per_program, v, 1, SF_SEQ_MAX_OPS, why, n);
}

static const struct {
	const char *name;
	key_setter set;
} keys[] = {
	{ "backend", set_backend },
	{ "duration", set_duration },
	{ "seed", set_seed },
	{ "threads", set_threads },
	{ "vcpus", set_vcpus },
	{ "arena", set_arena },
	{ "inject", set_inject },
	{ "arch", set_arch },
	{ "profile", set_profile },
	{ "ops", set_ops },
	{ "results", set_results },
	{ "lava", set_lava },
	{ "ktap", set_ktap },
	{ "klog", set_klog },
	{ "quiet", set_quiet },
	{ "max_findings", set_max_findings },
	{ "plant", set_plant },
	{ "max_disk", set_max_disk },
	{ "ops_per_program", set_ops_per_program },
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

const char *sf_config_key_list(void)
{
	static char list[256];

	if (!list[0]) {
		size_t len = 0;

		for (unsigned i = 0; i < NKEYS; i++)
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
						i ? ", " : "", keys[i].name);
	}
	return list;
}

int sf_config_set(struct sf_run_opts *o, const char *key, const char *value, char *why, size_t n)
{
	for (unsigned i = 0; i < NKEYS; i++)
		if (!strcmp(keys[i].name, key))
			return keys[i].set(o, value, why, n) ? SF_CONFIG_BAD_VALUE : 0;
	snprintf(why, n, "unknown key '%s'", key);
	return SF_CONFIG_UNKNOWN_KEY;
}
