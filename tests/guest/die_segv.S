/* A store to address 0 with no handler: SIGSEGV, shell status 139, nothing printed after. */
#include "lib/macros.h"
	.option norvc
	.text
	.globl test_main
test_main:
	SAY "before null store"
	li t0, 0x55
	sd t0, 0(zero)
	SAY "after null store (wrong)"
	EXIT 0
