/* `svafuzz run`: options and job file into struct sf_run_opts, then sf_run(). */
#include "cli.h"

int sf_cmd_run(int argc, char **argv)
{
	struct sf_run_opts o;
	char err[700];
	int rc = sf_cli_run_opts(argc, argv, &o, err, sizeof(err));

	if (rc < 0)
		return SF_EXIT_CLEAN;	/* --help */
	if (rc > 0)
		return err[0] ? sf_cli_usage_error("run", "%s", err) : SF_EXIT_USAGE;
	return sf_run(&o);
}
