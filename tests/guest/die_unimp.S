/* SIGILL from a 32-bit encoding: unimp (csrrw x0, cycle, x0) writes a read-only CSR. Expected:
 * SIGILL, status 132. */
#include "lib/macros.h"
	.option norvc
	.text
	.globl test_main
test_main:
	SAY "before unimp"
	unimp
	SAY "after unimp (wrong)"
	EXIT 0
