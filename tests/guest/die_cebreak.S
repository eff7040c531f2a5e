/* The compressed c.ebreak: SIGTRAP, shell status 133. */
#include "lib/macros.h"
	.option rvc
	.text
	.globl test_main
test_main:
	SAY "before c.ebreak"
	c.ebreak
	SAY "after c.ebreak (wrong)"
	EXIT 0
