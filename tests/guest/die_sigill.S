/* A guest killed by an illegal instruction: prints one line, then executes the 16-bit all-zero
 * parcel (defined illegal). Expected: SIGILL, shell status 132, nothing printed after. */
#include "lib/macros.h"
	.text
	.globl test_main
test_main:
	SAY "before illegal instruction"
	.hword 0
	SAY "after illegal instruction (wrong)"
	EXIT 0
