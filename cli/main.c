/*
 * main.c: the plenum command.  Dispatches argv[1] through the command
 * table; only here may the process exit.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

int
main(int argc, char **argv)
{
	const struct plenum_cmd *c;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)
		return plenum_cmd_help(
			argc > 2 ? 2 : 1,
			(char *[]){ "help", argc > 2 ? argv[2] : NULL });
	if (strcmp(argv[1], "--version") == 0)
		return plenum_cmd_version(1, argv + 1);
	if ((c = plenum_cmd_find(argv[1])) == NULL) {
		fprintf(stderr,
			"plenum: '%s' is not a plenum command; see 'plenum "
			"--help'\n",
			argv[1]);
		return PLENUM_EXIT_INPUT;
	}
	return c->run(argc - 1, argv + 1);
}
