/* Bit-manipulation instructions in the machine: sh1add (Zba) and clz (Zbb) run with the
 * default CPU; zb_off.S is the same program under -cpu rv64,zba=false,zbb=false, where both
 * raise illegal instruction (tval = the instruction). Encoded as words: the suite assembles
 * for rv64imafd. */
#include "lib/rt.h"

	TEST_MAIN
	li a1, 5
	li a2, 100
	li a0, 0
	.word 0x20c5a533          /* sh1add a0, a1, a2 */
	PR a0, "sh1add 5, 100"
	li a0, 0
	.word 0x60059513          /* clz a0, a1 */
	PR a0, "clz 5"
	FN_RETURN
