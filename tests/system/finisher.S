/* The SiFive test finisher's fail code: writing (3 << 16) | 0x3333 ends the run with exit
 * status 3 (the runtime's exit_fail); the expected file ends in "[exit 3]". */
#include "lib/rt.h"

	.text
	.globl test_main
test_main:
	SAY "failing on purpose with code 3"
	li a0, 3
	j exit_fail
