/* sf_seq_save / sf_seq_load: round trip through a file; errors name the file and the cause. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "seq.h"
#include "tap.h"
#include "test_seq_util.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	static char buf[1 << 20];
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static unsigned count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	unsigned n = 0;

	while (d && (de = readdir(d)))
		n += de->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

int main(void)
{
	char dir[] = "/tmp/test_seq_file.XXXXXX";
	char path[256], bad[256];
	struct sf_gen_params gp = { .arena_pages = 128, .nthreads = 3, .nops = 400 };
	struct sf_seq s, back;
	struct sf_seq_err err;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/repro.sva", dir);

	sf_seq_generate(&s, 99, &gp);
	strcpy(s.expect, "STALE_WRITE");
	CHECK_EQ(sf_seq_save(&s, path), 0);
	CHECK_EQ(count_files(dir), 1);	/* the temporary was renamed away */
	char *text = sf_seq_print(&s), *disk = slurp(path);

	CHECK(disk && text && !strcmp(disk, text));	/* the file is the canonical text */
	free(text);
	CHECK_EQ(sf_seq_load(path, &back, &err), 0);
	CHECK_EQ(seq_diff(&s, &back), 0);
	sf_seq_free(&back);

	/* a missing file: the message names it and says why */
	snprintf(bad, sizeof(bad), "%s/missing.sva", dir);
	CHECK_EQ(sf_seq_load(bad, &back, &err), -1);
	CHECK(strstr(err.msg, "missing.sva") && strstr(err.msg, strerror(ENOENT)));
	CHECK(back.ops == NULL);

	/* a bad file: line and column in their fields, what is wrong in the message */
	FILE *f = fopen(bad, "w");

	fputs("svafuzz-sequence 1\narena 8\nthreads 1\nseed 1\n0 mprotect 3+2 q\n", f);
	fclose(f);
	CHECK_EQ(sf_seq_load(bad, &back, &err), -1);
	CHECK_EQ(err.line, 5);
	CHECK_EQ(err.col, 16);
	CHECK(!strncmp(err.msg, "prot 'q' is not one of", 22));

	/* saving where no directory is fails with errno and leaves nothing */
	snprintf(bad, sizeof(bad), "%s/no/such/dir/repro.sva", dir);
	errno = 0;
	CHECK_EQ(sf_seq_save(&s, bad), -1);
	CHECK_EQ(errno, ENOENT);
	CHECK_EQ(count_files(dir), 2);	/* repro.sva and missing.sva only */

	/* a directory is not a sequence file */
	CHECK_EQ(sf_seq_load(dir, &back, &err), -1);
	CHECK(strstr(err.msg, dir) != NULL);

	sf_seq_free(&s);
	snprintf(bad, sizeof(bad), "%s/missing.sva", dir);
	unlink(bad);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
