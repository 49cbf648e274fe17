/*
 * Job files (configs/NAME.conf), INI in the spirit of fio's, read with
 * libinih. Unknown sections or keys and bad values are errors naming
 * file:line. Command-line options are applied after the file, so they win.
 */
#ifndef SF_CONFIG_H
#define SF_CONFIG_H
#include <stddef.h>
#include "runopts.h"

/* 0 on success; -1 with "FILE:LINE: what is wrong" in err. */
int sf_config_load(const char *path, struct sf_run_opts *o, char *err, size_t n);
/* Parse "30s", "8h", "1500ms", "0" into ns; -1 if bad. */
int sf_parse_duration(const char *s, uint64_t *ns);
/* Parse "64", "256K", "1M" (bytes) into pages of page_size; -1 if bad. */
int sf_parse_size_pages(const char *s, size_t page_size, uint32_t *pages);
/* Parse "0", "512", "100k", "2G" (K/M/G/T = 1024^n) into bytes; -1 if bad. */
int sf_parse_size_bytes(const char *s, uint64_t *bytes);

/*
 * One [run] key (the same names the job files use) set from its text value:
 * shared by the job file and the command line so both accept exactly the
 * same values. 0 on success; SF_CONFIG_BAD_VALUE or SF_CONFIG_UNKNOWN_KEY
 * with the reason (without the key's name) in why.
 */
#define SF_CONFIG_BAD_VALUE (-1)
#define SF_CONFIG_UNKNOWN_KEY (-2)
int sf_config_set(struct sf_run_opts *o, const char *key, const char *value, char *why, size_t n);
/* "backend, duration, ...": the keys sf_config_set knows, for messages. */
const char *sf_config_key_list(void);
/* Expand ${NAME} and ${NAME:-default} from the environment; -1 with why. */
int sf_config_expand_env(const char *in, char *out, size_t n, char *why, size_t wn);
#endif
