/* ebreak in a user program without a debugger: SIGTRAP, shell status 133. */
#include "lib/macros.h"
	.option norvc
	.text
	.globl test_main
test_main:
	SAY "before ebreak"
	ebreak
	SAY "after ebreak (wrong)"
	EXIT 0
