/* RV64C: every compressed instruction written with its explicit c.* mnemonic (so the assembler
 * cannot pick the 32-bit form), including immediates at their range limits, c.lui with a
 * negative immediate, c.srli/c.srai/c.slli with shift amounts >= 32, c.addiw/c.addw/c.subw sign
 * extension, and HINT encodings (c.nop with an immediate, c.li/c.mv/c.add/c.slli/c.lui with rd =
 * x0), which must execute as no-ops. */
#include "lib/macros.h"
	.option rvc
	.text
	.globl test_main
test_main:
	addi sp, sp, -64
	sd ra, 0(sp)
	sd s0, 8(sp)
	sd s1, 16(sp)

	c.li a2, -32
	PR a2, "c.li -32"
	c.li a2, 31
	PR a2, "c.li 31"
	c.li a2, 0
	c.addi a2, -32
	PR a2, "c.addi -32"
	c.addi a2, 31
	PR a2, "c.addi 31"
	li a3, 0x7fffffff
	c.addiw a3, 1
	PR a3, "c.addiw 0x7fffffff+1"
	li a3, 0x1234567800000000
	c.addiw a3, -1
	PR a3, "c.addiw hi-1"
	li a3, 0x123456789
	c.addiw a3, 0
	PR a3, "c.addiw 0 (sext.w)"
	c.lui a4, 0xfffe0
	PR a4, "c.lui 0xfffe0"
	c.lui a4, 0xfffff
	PR a4, "c.lui 0xfffff"
	c.lui a4, 1
	PR a4, "c.lui 1"
	c.lui a4, 0x1f
	PR a4, "c.lui 0x1f"
	li a2, 0x1000
	c.mv a3, a2
	PR a3, "c.mv"
	li a2, 5
	li a3, -7
	c.add a2, a3
	PR a2, "c.add"

	li s0, 0x8000000000000001
	c.srli s0, 32
	PR s0, "c.srli 32"
	li s0, 0x8000000000000001
	c.srli s0, 63
	PR s0, "c.srli 63"
	li s0, 0x8000000000000001
	c.srli s0, 1
	PR s0, "c.srli 1"
	li s0, 0x8000000000000001
	c.srai s0, 32
	PR s0, "c.srai 32"
	li s0, 0x8000000000000001
	c.srai s0, 63
	PR s0, "c.srai 63"
	li s0, 0x8000000000000001
	c.srai s0, 31
	PR s0, "c.srai 31"
	li a2, 0x80000001
	c.slli a2, 32
	PR a2, "c.slli 32"
	li a2, 3
	c.slli a2, 63
	PR a2, "c.slli 63"
	li s1, -1
	c.andi s1, -32
	PR s1, "c.andi -32"
	li s1, 0x1234
	c.andi s1, 31
	PR s1, "c.andi 31"

	li s0, 0x0ff00ff00ff00ff0
	li s1, 0x00ff00ff00ff00ff
	c.and s0, s1
	PR s0, "c.and"
	li s0, 0x0ff00ff00ff00ff0
	c.or s0, s1
	PR s0, "c.or"
	li s0, 0x0ff00ff00ff00ff0
	c.xor s0, s1
	PR s0, "c.xor"
	li s0, 0
	li s1, 1
	c.sub s0, s1
	PR s0, "c.sub 0-1"
	li s0, 0x7fffffff
	li s1, 1
	c.addw s0, s1
	PR s0, "c.addw 0x7fffffff+1"
	li s0, 0x100000000
	li s1, 1
	c.subw s0, s1
	PR s0, "c.subw 0x100000000-1"
	li s0, -0x80000000
	li s1, 1
	c.subw s0, s1
	PR s0, "c.subw -0x80000000-1"

	/* Loads and stores: register-based forms need x8-x15; sp-based forms use the frame. */
	lla s0, cdata
	c.ld a2, 0(s0)
	PR a2, "c.ld 0"
	c.ld a2, 248(s0)
	PR a2, "c.ld 248"
	c.lw a2, 4(s0)
	PR a2, "c.lw 4 (sign)"
	c.lw a2, 124(s0)
	PR a2, "c.lw 124"
	li a3, 0x1122334455667788
	c.sd a3, 8(s0)
	c.ld a2, 8(s0)
	PR a2, "c.sd/c.ld 8"
	li a3, 0x99aabbcc
	c.sw a3, 16(s0)
	c.ld a2, 16(s0)
	PR a2, "c.sw then c.ld"
	li a2, 0x0123456789abcdef
	c.sdsp a2, 24(sp)
	c.ldsp a3, 24(sp)
	PR a3, "c.sdsp/c.ldsp"
	li a2, 0x8000fffe
	c.swsp a2, 32(sp)
	c.lwsp a3, 32(sp)
	PR a3, "c.swsp/c.lwsp (sign)"
	c.addi4spn a2, sp, 4
	sub a2, a2, sp
	PR a2, "c.addi4spn 4 - sp"
	c.addi4spn a2, sp, 1020
	sub a2, a2, sp
	PR a2, "c.addi4spn 1020 - sp"
	mv a3, sp
	c.addi16sp sp, -512
	sub a2, a3, sp
	c.addi16sp sp, 496
	c.addi16sp sp, 16
	PR a2, "c.addi16sp -512"
	sub a2, a3, sp
	PR a2, "sp restored"

	/* Control flow. */
	li a2, 0
	c.j 1f
	li a2, 1
1:	PR a2, "c.j skipped"
	li s0, 0
	li a2, 1
	c.beqz s0, 1f
	li a2, 0
1:	PR a2, "c.beqz 0 taken"
	li s0, 5
	li a2, 1
	c.beqz s0, 1f
	li a2, 0
1:	PR a2, "c.beqz 5 taken"
	li s0, 0x100000000
	li a2, 1
	c.bnez s0, 1f
	li a2, 0
1:	PR a2, "c.bnez 1<<32 taken"
	lla a3, 2f
	c.jr a3
	SAY "c.jr fell through (wrong)"
2:	lla a3, cfn
	c.jalr a3
	PR a0, "c.jalr result"

	/* HINTs: architecturally no-ops. The assembler refuses some with rd = x0, so encode them. */
	li a2, 17
	c.nop
	.hword 0x0005		/* c.nop 1 (HINT) */
	.hword 0x4001		/* c.li x0, 0 (HINT) */
	.hword 0x4005		/* c.li x0, 1 (HINT) */
	.hword 0x802a		/* c.mv x0, a0 (HINT) */
	.hword 0x902a		/* c.add x0, a0 (HINT) */
	.hword 0x0006		/* c.slli x0, 1 (HINT) */
	.hword 0x6005		/* c.lui x0, 1 (HINT) */
	.hword 0x0001		/* c.addi x0, 0 = c.nop */
	.hword 0x0601		/* c.addi a2, 0 (HINT) */
	PR a2, "after hints a2"
	PR x0, "after hints x0"

	ld ra, 0(sp)
	ld s0, 8(sp)
	ld s1, 16(sp)
	addi sp, sp, 64
	ret

cfn:	c.li a0, 9
	c.jr ra

	.data
	.balign 8
cdata:
	.dword 0xfedcba9880000000
	.space 240
	.dword 0x5555aaaa5555aaaa
