/* exit_group with status 3 after some output: the status must reach the shell unchanged. */
#include "lib/macros.h"
	.text
	.globl test_main
test_main:
	SAY "exiting with 3"
	EXIT 3
