/*
 * The user-space side of svaplant: parse a loss mode, arm the plant for
 * this process's own mm, read what it lost. The module refuses every other
 * mm; closing the fd (or exiting) restores delivery.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "backend.h"
#include "ops.h"
#include "plant.h"
#include "results.h"
#include "runopts.h"
#include "svaplant_uapi.h"

#define PLANT_DEV "/dev/svaplant"
#define EVERY_MAX 1000000

static const struct {
	const char *name;
	uint32_t mode;
	unsigned sees;		/* the backend's plant_sees bit */
} modes[] = {
	{ "secondary-tlb", SVAPLANT_MODE_SECONDARY_TLB, SF_PLANT_SEES_SECONDARY_TLB },
	{ "range", SVAPLANT_MODE_RANGE, SF_PLANT_SEES_RANGE },
};
_Static_assert(sizeof(modes) / sizeof(modes[0]) == SF_PLANT_NMODES, "plant.h's mode count");

const char *sf_plant_mode_name(unsigned i)
{
	return i < SF_PLANT_NMODES ? modes[i].name : NULL;
}

unsigned sf_plant_mode_sees(unsigned i)
{
	return i < SF_PLANT_NMODES ? modes[i].sees : 0;
}

static int parse(const char *spec, struct svaplant_arm *a, char *why, size_t n)
{
	const char *slash = strchr(spec, '/');
	size_t len = slash ? (size_t)(slash - spec) : strlen(spec);

	memset(a, 0, sizeof(*a));
	for (size_t i = 0; i < SF_PLANT_NMODES; i++)
		if (strlen(modes[i].name) == len && !strncmp(spec, modes[i].name, len))
			a->mode = modes[i].mode;
	if (!a->mode) {
		snprintf(why, n, "plant mode '%.*s': want range or secondary-tlb (optionally /N)",
			 (int)len, spec);
		return -1;
	}
	a->every = 1;
	if (slash) {
		char *end;
		unsigned long v;

		errno = 0;
		v = strtoul(slash + 1, &end, 10);
		if (errno || end == slash + 1 || *end || v < 1 || v > EVERY_MAX) {
			snprintf(why, n, "plant '%s': /N must be a number 1..%d (lose 1 in N)",
				 spec, EVERY_MAX);
			return -1;
		}
		a->every = (uint32_t)v;
	}
	return 0;
}

int sf_plant_parse(const char *spec, char *why, size_t n)
{
	struct svaplant_arm a;

	return parse(spec, &a, why, n);
}

int sf_plant_arm(const char *spec, char *why, size_t n)
{
	struct svaplant_arm a;
	int fd;

	if (parse(spec, &a, why, n))
		return -1;
	fd = open(PLANT_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, n, "%s: %s (load kernel/svaplant/svaplant.ko first)", PLANT_DEV,
			 strerror(errno));
		return -1;
	}
	if (ioctl(fd, SVAPLANT_IOC_ARM, &a)) {
		snprintf(why, n, "%s: arm: %s%s", PLANT_DEV, strerror(errno),
			 errno == EBUSY ? " (another process has it armed)" : "");
		close(fd);
		return -1;
	}
	return fd;
}

int sf_plant_read(int fd, struct sf_plant_stats *st)
{
	struct svaplant_stats k;

	if (fd < 0 || ioctl(fd, SVAPLANT_IOC_STATS, &k))
		return -1;
	st->calls = k.calls;
	st->lost = k.lost;
	st->other_mm = k.other_mm;
	st->table_full = k.table_full;
	return 0;
}

uint64_t sf_plant_allowed_ops(uint64_t asked)
{
	uint64_t all = asked ? asked : (1ull << SF_OP__COUNT) - 1;

	return all & ~(1ull << SF_OP_DEV_WRITE);
}

int sf_plant_start(const char *spec, struct sf_run_state *rs, char *why, size_t n)
{
	int fd;

	if (rs->sim) {
		snprintf(why, n, "the sim backend's device follows no kernel notifier: nothing to lose");
		return -1;
	}
	fd = sf_plant_arm(spec, why, n);
	if (fd < 0)
		return -1;
	snprintf(rs->plant.mode, sizeof(rs->plant.mode), "%s", spec);
	sf_rs_skip(rs, sf_op_name(SF_OP_DEV_WRITE),
		   "svaplant armed: a device write through a lost invalidation would land in a "
		   "freed page");
	/* even when quiet: this run breaks the kernel's delivery on purpose */
	fprintf(stderr, "svafuzz: svaplant armed (%s): this process's invalidations are lost on "
		"purpose; findings are expected, a clean end is a miss\n", spec);
	return fd;
}

void sf_plant_stop(int fd, struct sf_run_state *rs)
{
	if (fd < 0)
		return;
	if (sf_plant_read(fd, &rs->plant))
		fprintf(stderr, "svafuzz: svaplant: cannot read its counts: %s\n", strerror(errno));
	close(fd);
}

int sf_plant_exit(struct sf_run_state *rs, int exit_code)
{
	size_t at = strlen(rs->end_reason);

	if (!rs->plant.mode[0] || exit_code != SF_EXIT_CLEAN)
		return exit_code;
	snprintf(rs->end_reason + at, sizeof(rs->end_reason) - at,
		 "%ssvaplant lost %llu of %llu invalidations and nothing was found", at ? "; " : "",
		 (unsigned long long)rs->plant.lost, (unsigned long long)rs->plant.calls);
	fprintf(stderr, "svafuzz: %s\n", rs->end_reason + at + (at ? 2 : 0));
	rs->complete = false;
	return SF_EXIT_INCOMPLETE;
}
