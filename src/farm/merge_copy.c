/*
 * The kept reproducers' folders, copied into the merge's findings/
 * (numbered afresh, NNN-VERDICT, as a run numbers its own): every file a
 * finding folder holds, so replay.sh and `svafuzz check` work there too.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "merge_priv.h"

static const char *const finding_files[] = { "repro.sva", "finding.json", "events.jsonl",
					     "kmsg.txt", "replay.sh", NULL };

/* src to dst with src's mode bits (replay.sh stays executable); 0 or -1 (errno). */
static int copy_file(const char *src, const char *dst)
{
	char buf[65536];
	struct stat st;
	int in = open(src, O_RDONLY | O_CLOEXEC), out, rc = 0;
	ssize_t r;

	if (in < 0)
		return -1;
	if (fstat(in, &st) ||
	    (out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st.st_mode & 0777)) < 0) {
		int e = errno;

		close(in);
		errno = e;
		return -1;
	}
	while ((r = read(in, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < r;) {
			ssize_t w = write(out, buf + off, (size_t)(r - off));

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				rc = -1;
				break;
			}
			off += w;
		}
		if (rc)
			break;
	}
	if (r < 0)
		rc = -1;
	if (close(out))
		rc = -1;
	close(in);
	return rc;
}

int mg_copy_findings(struct mg_causes *cs, const char *out, FILE *diag)
{
	char path[PATH_MAX + 80], src[PATH_MAX + 32], dst[PATH_MAX + 96];
	unsigned num = 0;

	snprintf(path, sizeof(path), "%s/findings", out);
	if (mkdir(path, 0755) && errno != EEXIST)
		return -1;
	for (size_t i = 0; i < cs->n; i++) {
		struct mg_cause *c = &cs->c[i];

		if (!c->src[0])
			continue;
		snprintf(c->out_dir, sizeof(c->out_dir), "findings/%03u-%.40s", ++num, c->verdict);
		snprintf(path, sizeof(path), "%s/%s", out, c->out_dir);
		if (mkdir(path, 0755))
			return -1;
		for (const char *const *f = finding_files; *f; f++) {
			snprintf(src, sizeof(src), "%s/%s", c->src, *f);
			snprintf(dst, sizeof(dst), "%s/%s", path, *f);
			if (access(src, F_OK))
				continue;	/* kmsg.txt only on real backends */
			if (copy_file(src, dst)) {
				fprintf(diag, "svafuzz merge: cannot copy %s to %s: %s\n", src, dst,
					strerror(errno));
				return -1;
			}
		}
	}
	return 0;
}
