/* vtest: vlen=128,256,1024
 * tests/vector/src/vint-kernels.c compiled by clang 14 (-O3 -march=rv64gcv, vector bits >= 128;
 * the command is in that file): auto-vectorized integer loops. The expected output is the
 * rv64gc build's (the same at every VLEN), and qemu-riscv64 7.2 gives it too. */
	.text
	.attribute	4, 16
	.attribute	5, "rv64i2p0_m2p0_a2p0_f2p0_d2p0_c2p0_v1p0_zvl128b1p0_zvl32b1p0_zvl64b1p0"
	.file	"vint-kernels.c"
	.globl	k_add                           # -- Begin function k_add
	.p2align	1
	.type	k_add,@function
k_add:                                  # @k_add
.LBB0_3:                                # Label of block must be emitted
	auipc	a6, %pcrel_hi(a32)
	addi	a6, a6, %pcrel_lo(.LBB0_3)
	addi	a3, a6, 16
.LBB0_4:                                # Label of block must be emitted
	auipc	t0, %pcrel_hi(b32)
	addi	t0, t0, %pcrel_lo(.LBB0_4)
	addi	a4, t0, 16
.LBB0_5:                                # Label of block must be emitted
	auipc	a7, %pcrel_hi(c32)
	addi	a7, a7, %pcrel_lo(.LBB0_5)
	addi	a5, a7, 16
	li	a0, 1000
	li	a1, 3
.LBB0_1:                                # =>This Inner Loop Header: Depth=1
	addi	a2, a3, -16
	vsetivli	zero, 4, e32, m1, ta, mu
	vle32.v	v8, (a2)
	vle32.v	v9, (a3)
	addi	a2, a4, -16
	vle32.v	v10, (a2)
	vle32.v	v11, (a4)
	vmadd.vx	v10, a1, v8
	vmadd.vx	v11, a1, v9
	addi	a2, a5, -16
	vse32.v	v10, (a2)
	vse32.v	v11, (a5)
	addi	a3, a3, 32
	addi	a4, a4, 32
	addi	a0, a0, -8
	addi	a5, a5, 32
	bnez	a0, .LBB0_1
	lui	a0, 1
	addiw	a1, a0, -96
	add	a2, t0, a1
	lw	a2, 0(a2)
	add	a3, a6, a1
	lw	a3, 0(a3)
	slliw	a4, a2, 1
	addw	a2, a2, a4
	addw	a2, a2, a3
	add	a1, a1, a7
	addiw	a3, a0, -92
	add	a4, t0, a3
	lw	a4, 0(a4)
	add	a5, a6, a3
	lw	a5, 0(a5)
	sw	a2, 0(a1)
	slliw	a1, a4, 1
	addw	a1, a1, a4
	addw	a1, a1, a5
	add	a2, a7, a3
	addiw	a0, a0, -88
	add	a3, t0, a0
	lw	a3, 0(a3)
	add	a4, a6, a0
	lw	a4, 0(a4)
	sw	a1, 0(a2)
	slliw	a1, a3, 1
	addw	a1, a1, a3
	addw	a1, a1, a4
	add	a0, a0, a7
	sw	a1, 0(a0)
	ret
.Lfunc_end0:
	.size	k_add, .Lfunc_end0-k_add
	.globl	k_minmax                        # -- Begin function k_minmax
	.p2align	1
	.type	k_minmax,@function
k_minmax:                               # @k_minmax
	li	a3, 0
.LBB1_25:                               # Label of block must be emitted
	auipc	a2, %pcrel_hi(a16)
	addi	a2, a2, %pcrel_lo(.LBB1_25)
.LBB1_26:                               # Label of block must be emitted
	auipc	a1, %pcrel_hi(b16)
	addi	a1, a1, %pcrel_lo(.LBB1_26)
.LBB1_27:                               # Label of block must be emitted
	auipc	a6, %pcrel_hi(c16)
	addi	a6, a6, %pcrel_lo(.LBB1_27)
	li	a4, 1984
.LBB1_1:                                # =>This Inner Loop Header: Depth=1
	add	a5, a2, a3
	addi	a0, a5, 16
	vsetivli	zero, 8, e16, m1, ta, mu
	vle16.v	v8, (a5)
	vle16.v	v9, (a0)
	add	a0, a1, a3
	addi	a5, a0, 16
	vle16.v	v10, (a0)
	vle16.v	v11, (a5)
	vmax.vv	v8, v8, v10
	vmax.vv	v9, v9, v11
	add	a0, a6, a3
	vse16.v	v8, (a0)
	addi	a0, a0, 16
	addi	a3, a3, 32
	vse16.v	v9, (a0)
	bne	a3, a4, .LBB1_1
	lh	a4, 1984(a2)
	lh	a3, 1984(a1)
	bge	a4, a3, .LBB1_14
	lh	a5, 1986(a2)
	lh	a4, 1986(a1)
	sh	a3, 1984(a6)
	bge	a5, a4, .LBB1_15
.LBB1_4:
	lh	a5, 1988(a2)
	lh	a3, 1988(a1)
	sh	a4, 1986(a6)
	bge	a5, a3, .LBB1_16
.LBB1_5:
	lh	a5, 1990(a2)
	lh	a4, 1990(a1)
	sh	a3, 1988(a6)
	bge	a5, a4, .LBB1_17
.LBB1_6:
	lh	a5, 1992(a2)
	lh	a3, 1992(a1)
	sh	a4, 1990(a6)
	bge	a5, a3, .LBB1_18
.LBB1_7:
	lh	a5, 1994(a2)
	lh	a4, 1994(a1)
	sh	a3, 1992(a6)
	bge	a5, a4, .LBB1_19
.LBB1_8:
	lh	a5, 1996(a2)
	lh	a3, 1996(a1)
	sh	a4, 1994(a6)
	bge	a5, a3, .LBB1_20
.LBB1_9:
	lh	a5, 1998(a2)
	lh	a4, 1998(a1)
	sh	a3, 1996(a6)
	bge	a5, a4, .LBB1_21
.LBB1_10:
	lh	a5, 2000(a2)
	lh	a3, 2000(a1)
	sh	a4, 1998(a6)
	bge	a5, a3, .LBB1_22
.LBB1_11:
	lh	a5, 2002(a2)
	lh	a4, 2002(a1)
	sh	a3, 2000(a6)
	bge	a5, a4, .LBB1_23
.LBB1_12:
	lh	a2, 2004(a2)
	lh	a1, 2004(a1)
	sh	a4, 2002(a6)
	bge	a2, a1, .LBB1_24
.LBB1_13:
	sh	a1, 2004(a6)
	ret
.LBB1_14:
	mv	a3, a4
	lh	a5, 1986(a2)
	lh	a4, 1986(a1)
	sh	a3, 1984(a6)
	blt	a5, a4, .LBB1_4
.LBB1_15:
	mv	a4, a5
	lh	a5, 1988(a2)
	lh	a3, 1988(a1)
	sh	a4, 1986(a6)
	blt	a5, a3, .LBB1_5
.LBB1_16:
	mv	a3, a5
	lh	a5, 1990(a2)
	lh	a4, 1990(a1)
	sh	a3, 1988(a6)
	blt	a5, a4, .LBB1_6
.LBB1_17:
	mv	a4, a5
	lh	a5, 1992(a2)
	lh	a3, 1992(a1)
	sh	a4, 1990(a6)
	blt	a5, a3, .LBB1_7
.LBB1_18:
	mv	a3, a5
	lh	a5, 1994(a2)
	lh	a4, 1994(a1)
	sh	a3, 1992(a6)
	blt	a5, a4, .LBB1_8
.LBB1_19:
	mv	a4, a5
	lh	a5, 1996(a2)
	lh	a3, 1996(a1)
	sh	a4, 1994(a6)
	blt	a5, a3, .LBB1_9
.LBB1_20:
	mv	a3, a5
	lh	a5, 1998(a2)
	lh	a4, 1998(a1)
	sh	a3, 1996(a6)
	blt	a5, a4, .LBB1_10
.LBB1_21:
	mv	a4, a5
	lh	a5, 2000(a2)
	lh	a3, 2000(a1)
	sh	a4, 1998(a6)
	blt	a5, a3, .LBB1_11
.LBB1_22:
	mv	a3, a5
	lh	a5, 2002(a2)
	lh	a4, 2002(a1)
	sh	a3, 2000(a6)
	blt	a5, a4, .LBB1_12
.LBB1_23:
	mv	a4, a5
	lh	a2, 2004(a2)
	lh	a1, 2004(a1)
	sh	a4, 2002(a6)
	blt	a2, a1, .LBB1_13
.LBB1_24:
	mv	a1, a2
	sh	a1, 2004(a6)
	ret
.Lfunc_end1:
	.size	k_minmax, .Lfunc_end1-k_minmax
	.globl	k_sat                           # -- Begin function k_sat
	.p2align	1
	.type	k_sat,@function
k_sat:                                  # @k_sat
	li	a3, 0
.LBB2_9:                                # Label of block must be emitted
	auipc	a2, %pcrel_hi(u8a)
	addi	a2, a2, %pcrel_lo(.LBB2_9)
.LBB2_10:                               # Label of block must be emitted
	auipc	a1, %pcrel_hi(u8b)
	addi	a1, a1, %pcrel_lo(.LBB2_10)
	li	a6, 255
.LBB2_11:                               # Label of block must be emitted
	auipc	a0, %pcrel_hi(u8c)
	addi	a0, a0, %pcrel_lo(.LBB2_11)
	li	a5, 1000
.LBB2_1:                                # =>This Inner Loop Header: Depth=1
	add	a4, a2, a3
	vsetivli	zero, 8, e8, mf2, ta, mu
	vle8.v	v8, (a4)
	vsetvli	zero, zero, e32, m2, ta, mu
	add	a4, a1, a3
	vle8.v	v9, (a4)
	vzext.vf4	v10, v8
	vzext.vf4	v12, v9
	vadd.vv	v8, v12, v10
	vminu.vx	v8, v8, a6
	vsetvli	zero, zero, e16, m1, ta, mu
	vnsrl.wx	v10, v8, zero
	vsetvli	zero, zero, e8, mf2, ta, mu
	vnsrl.wx	v8, v10, zero
	add	a4, a0, a3
	addi	a3, a3, 8
	vse8.v	v8, (a4)
	bne	a3, a5, .LBB2_1
	lbu	a3, 1000(a2)
	lbu	a4, 1000(a1)
	add	a4, a4, a3
	li	a6, 255
	bltu	a4, a6, .LBB2_4
	li	a4, 255
.LBB2_4:
	lbu	a5, 1001(a2)
	lbu	a3, 1001(a1)
	add	a5, a5, a3
	sb	a4, 1000(a0)
	bltu	a5, a6, .LBB2_6
	li	a5, 255
.LBB2_6:
	lbu	a2, 1002(a2)
	lbu	a1, 1002(a1)
	add	a1, a1, a2
	sb	a5, 1001(a0)
	bltu	a1, a6, .LBB2_8
	li	a1, 255
.LBB2_8:
	sb	a1, 1002(a0)
	ret
.Lfunc_end2:
	.size	k_sat, .Lfunc_end2-k_sat
	.globl	k_red                           # -- Begin function k_red
	.p2align	1
	.type	k_red,@function
k_red:                                  # @k_red
	vsetivli	zero, 2, e64, m1, ta, mu
	vmv.v.i	v8, 0
.LBB3_3:                                # Label of block must be emitted
	auipc	a0, %pcrel_hi(a32)
	addi	a0, a0, %pcrel_lo(.LBB3_3)
	addi	a1, a0, 8
	li	a2, 1000
	vmv.v.i	v9, 0
.LBB3_1:                                # =>This Inner Loop Header: Depth=1
	addi	a3, a1, -8
	vsetvli	zero, zero, e32, mf2, ta, mu
	vle32.v	v10, (a3)
	vle32.v	v11, (a1)
	vsetvli	zero, zero, e64, m1, ta, mu
	vsext.vf2	v12, v10
	vsext.vf2	v10, v11
	vadd.vv	v8, v8, v12
	vadd.vv	v9, v9, v10
	addi	a2, a2, -4
	addi	a1, a1, 16
	bnez	a2, .LBB3_1
	vadd.vv	v8, v9, v8
	vmv.s.x	v9, zero
	vredsum.vs	v8, v8, v9
	addi	a1, a0, 2000
	lw	a1, 2000(a1)
	addi	a2, a0, 2002
	lw	a2, 2002(a2)
	addi	a0, a0, 2004
	lw	a0, 2004(a0)
	vmv.x.s	a3, v8
	add	a1, a1, a3
	add	a1, a1, a2
	add	a0, a0, a1
	ret
.Lfunc_end3:
	.size	k_red, .Lfunc_end3-k_red
	.globl	k_redmax                        # -- Begin function k_redmax
	.p2align	1
	.type	k_redmax,@function
k_redmax:                               # @k_redmax
.LBB4_9:                                # Label of block must be emitted
	auipc	a0, %pcrel_hi(a32)
	addi	a0, a0, %pcrel_lo(.LBB4_9)
	addi	a1, a0, 16
	lui	a2, 1048332
	addiw	a2, a2, -576
	vsetivli	zero, 4, e32, m1, ta, mu
	vmv.v.x	v8, a2
	li	a2, 1000
	vmv.v.v	v9, v8
.LBB4_1:                                # =>This Inner Loop Header: Depth=1
	addi	a3, a1, -16
	vle32.v	v10, (a3)
	vle32.v	v11, (a1)
	vmax.vv	v8, v10, v8
	vmax.vv	v9, v11, v9
	addi	a2, a2, -8
	addi	a1, a1, 32
	bnez	a2, .LBB4_1
	vmax.vv	v8, v8, v9
	lui	a2, 524288
	addi	a1, a0, 2000
	lw	a1, 2000(a1)
	vmv.s.x	v9, a2
	vredmax.vs	v8, v8, v9
	vmv.x.s	a2, v8
	bge	a2, a1, .LBB4_6
	addi	a2, a0, 2002
	lw	a2, 2002(a2)
	bge	a1, a2, .LBB4_7
.LBB4_4:
	addi	a0, a0, 2004
	lw	a0, 2004(a0)
	bge	a2, a0, .LBB4_8
.LBB4_5:
	ret
.LBB4_6:
	mv	a1, a2
	addi	a2, a0, 2002
	lw	a2, 2002(a2)
	blt	a1, a2, .LBB4_4
.LBB4_7:
	mv	a2, a1
	addi	a0, a0, 2004
	lw	a0, 2004(a0)
	blt	a2, a0, .LBB4_5
.LBB4_8:
	mv	a0, a2
	ret
.Lfunc_end4:
	.size	k_redmax, .Lfunc_end4-k_redmax
	.globl	k_widen                         # -- Begin function k_widen
	.p2align	1
	.type	k_widen,@function
k_widen:                                # @k_widen
	li	a2, 0
.LBB5_3:                                # Label of block must be emitted
	auipc	a3, %pcrel_hi(c32)
	addi	a3, a3, %pcrel_lo(.LBB5_3)
.LBB5_4:                                # Label of block must be emitted
	auipc	a1, %pcrel_hi(a16)
	addi	a1, a1, %pcrel_lo(.LBB5_4)
.LBB5_5:                                # Label of block must be emitted
	auipc	a0, %pcrel_hi(b16)
	addi	a0, a0, %pcrel_lo(.LBB5_5)
	li	a4, 2000
.LBB5_1:                                # =>This Inner Loop Header: Depth=1
	add	a5, a1, a2
	vsetivli	zero, 4, e16, mf2, ta, mu
	vle16.v	v8, (a5)
	add	a5, a0, a2
	vle16.v	v9, (a5)
	vwmul.vv	v10, v9, v8
	vse32.v	v10, (a3)
	addi	a2, a2, 8
	addi	a3, a3, 16
	bne	a2, a4, .LBB5_1
	lh	a2, 2000(a1)
	lh	a3, 2000(a0)
	mulw	a2, a3, a2
.LBB5_6:                                # Label of block must be emitted
	auipc	a3, %pcrel_hi(c32)
	addi	a3, a3, %pcrel_lo(.LBB5_6)
	addi	a4, a3, 2000
	lh	a6, 2002(a1)
	lh	a5, 2002(a0)
	sw	a2, 2000(a4)
	lh	a1, 2004(a1)
	lh	a0, 2004(a0)
	mulw	a2, a5, a6
	addi	a4, a3, 2002
	sw	a2, 2002(a4)
	mulw	a0, a0, a1
	addi	a1, a3, 2004
	sw	a0, 2004(a1)
	ret
.Lfunc_end5:
	.size	k_widen, .Lfunc_end5-k_widen
	.globl	k_narrow                        # -- Begin function k_narrow
	.p2align	1
	.type	k_narrow,@function
k_narrow:                               # @k_narrow
	li	a2, 0
.LBB6_3:                                # Label of block must be emitted
	auipc	a1, %pcrel_hi(a32)
	addi	a1, a1, %pcrel_lo(.LBB6_3)
	addi	a3, a1, 16
.LBB6_4:                                # Label of block must be emitted
	auipc	a0, %pcrel_hi(c8)
	addi	a0, a0, %pcrel_lo(.LBB6_4)
	li	a4, 1000
.LBB6_1:                                # =>This Inner Loop Header: Depth=1
	addi	a5, a3, -16
	vsetivli	zero, 4, e32, m1, ta, mu
	vle32.v	v8, (a5)
	vle32.v	v9, (a3)
	vsetvli	zero, zero, e16, mf2, ta, mu
	vnsrl.wi	v8, v8, 3
	vsetvli	zero, zero, e8, mf4, ta, mu
	vnsrl.wx	v8, v8, zero
	vsetvli	zero, zero, e16, mf2, ta, mu
	vnsrl.wi	v9, v9, 3
	vsetvli	zero, zero, e8, mf4, ta, mu
	vnsrl.wx	v9, v9, zero
	add	a5, a0, a2
	vse8.v	v8, (a5)
	addi	a5, a5, 4
	vse8.v	v9, (a5)
	addi	a2, a2, 8
	addi	a3, a3, 32
	bne	a2, a4, .LBB6_1
	addi	a2, a1, 2000
	lw	a2, 2000(a2)
	srli	a2, a2, 3
	addi	a3, a1, 2002
	lw	a3, 2002(a3)
	addi	a1, a1, 2004
	lw	a1, 2004(a1)
	sb	a2, 1000(a0)
	srli	a2, a3, 3
	sb	a2, 1001(a0)
	srli	a1, a1, 3
	sb	a1, 1002(a0)
	ret
.Lfunc_end6:
	.size	k_narrow, .Lfunc_end6-k_narrow
	.globl	k_sel                           # -- Begin function k_sel
	.p2align	1
	.type	k_sel,@function
k_sel:                                  # @k_sel
.LBB7_11:                               # Label of block must be emitted
	auipc	t0, %pcrel_hi(a64)
	addi	t0, t0, %pcrel_lo(.LBB7_11)
	addi	a3, t0, 16
.LBB7_12:                               # Label of block must be emitted
	auipc	a2, %pcrel_hi(b64)
	addi	a2, a2, %pcrel_lo(.LBB7_12)
	addi	a4, a2, 16
.LBB7_13:                               # Label of block must be emitted
	auipc	a6, %pcrel_hi(c64)
	addi	a6, a6, %pcrel_lo(.LBB7_13)
	addi	a5, a6, 16
	li	a0, 1000
.LBB7_1:                                # =>This Inner Loop Header: Depth=1
	addi	a1, a3, -16
	vsetivli	zero, 2, e64, m1, ta, mu
	vle64.v	v9, (a1)
	vle64.v	v10, (a3)
	addi	a1, a4, -16
	vle64.v	v11, (a1)
	vle64.v	v12, (a4)
	vmslt.vv	v0, v11, v9
	vmslt.vv	v8, v12, v10
	vsub.vv	v9, v9, v11
	vsub.vv	v10, v10, v12
	vsll.vi	v11, v11, 2
	vsll.vi	v12, v12, 2
	vmerge.vvm	v9, v11, v9, v0
	vmv.v.v	v0, v8
	vmerge.vvm	v8, v12, v10, v0
	addi	a1, a5, -16
	vse64.v	v9, (a1)
	vse64.v	v8, (a5)
	addi	a3, a3, 32
	addi	a4, a4, 32
	addi	a0, a0, -4
	addi	a5, a5, 32
	bnez	a0, .LBB7_1
	lui	a7, 2
	addiw	a3, a7, -192
	add	a0, t0, a3
	ld	a4, 0(a0)
	add	a0, a2, a3
	ld	a0, 0(a0)
	blt	a0, a4, .LBB7_4
	slli	a5, a0, 2
	j	.LBB7_5
.LBB7_4:
	sub	a5, a4, a0
.LBB7_5:
	addiw	a4, a7, -184
	add	a0, t0, a4
	ld	a0, 0(a0)
	add	a1, a2, a4
	ld	a1, 0(a1)
	add	a3, a3, a6
	sd	a5, 0(a3)
	blt	a1, a0, .LBB7_7
	slli	a3, a1, 2
	j	.LBB7_8
.LBB7_7:
	sub	a3, a0, a1
.LBB7_8:
	addiw	a0, a7, -176
	add	a1, t0, a0
	ld	a1, 0(a1)
	add	a2, a2, a0
	ld	a2, 0(a2)
	add	a4, a4, a6
	sd	a3, 0(a4)
	blt	a2, a1, .LBB7_10
	slli	a1, a2, 2
	add	a0, a0, a6
	sd	a1, 0(a0)
	ret
.LBB7_10:
	sub	a1, a1, a2
	add	a0, a0, a6
	sd	a1, 0(a0)
	ret
.Lfunc_end7:
	.size	k_sel, .Lfunc_end7-k_sel
	.globl	k_div                           # -- Begin function k_div
	.p2align	1
	.type	k_div,@function
k_div:                                  # @k_div
.LBB8_20:                               # Label of block must be emitted
	auipc	a0, %pcrel_hi(b32)
	addi	a0, a0, %pcrel_lo(.LBB8_20)
.LBB8_21:                               # Label of block must be emitted
	auipc	a1, %pcrel_hi(a32)
	addi	a1, a1, %pcrel_lo(.LBB8_21)
.LBB8_22:                               # Label of block must be emitted
	auipc	a2, %pcrel_hi(c32)
	addi	a2, a2, %pcrel_lo(.LBB8_22)
	li	a3, 1000
	vsetivli	zero, 4, e32, m1, ta, mu
	vmv.v.i	v8, 0
	vsetvli	zero, zero, e8, mf4, ta, mu
	vmv.v.i	v9, 0
	j	.LBB8_2
.LBB8_1:                                #   in Loop: Header=BB8_2 Depth=1
	vsetivli	zero, 4, e32, m1, ta, mu
	vmseq.vi	v0, v10, 0
	vmerge.vim	v10, v11, 0, v0
	vse32.v	v10, (a2)
	addi	a0, a0, 16
	addi	a1, a1, 16
	addi	a3, a3, -4
	addi	a2, a2, 16
	beqz	a3, .LBB8_11
.LBB8_2:                                # =>This Inner Loop Header: Depth=1
	vsetvli	zero, zero, e32, m1, ta, mu
	vle32.v	v10, (a0)
	vmsne.vi	v0, v10, 0
	vle32.v	v12, (a1)
	vsetvli	zero, zero, e8, mf4, ta, mu
	vmerge.vim	v11, v9, 1, v0
	vmv.x.s	a4, v11
	andi	a4, a4, 1
	beqz	a4, .LBB8_4
	vsetvli	zero, zero, e32, m1, ta, mu
	vmv.x.s	a4, v12
	vmv.x.s	a5, v10
	divw	a4, a4, a5
	vsetivli	zero, 4, e32, m1, ta, mu
	vmv.v.x	v11, a4
	j	.LBB8_5
.LBB8_4:                                #   in Loop: Header=BB8_2 Depth=1
	vmv1r.v	v11, v8
.LBB8_5:                                #   in Loop: Header=BB8_2 Depth=1
	vsetvli	zero, zero, e8, mf4, ta, mu
	vmerge.vim	v13, v9, 1, v0
	vsetivli	zero, 1, e8, mf4, ta, mu
	vslidedown.vi	v13, v13, 1
	vmv.x.s	a4, v13
	andi	a4, a4, 1
	beqz	a4, .LBB8_7
	vsetvli	zero, zero, e32, m1, ta, mu
	vslidedown.vi	v13, v12, 1
	vmv.x.s	a4, v13
	vslidedown.vi	v13, v10, 1
	vmv.x.s	a5, v13
	divw	a4, a4, a5
	vmv.s.x	v13, a4
	vsetivli	zero, 2, e32, m1, tu, mu
	vslideup.vi	v11, v13, 1
.LBB8_7:                                #   in Loop: Header=BB8_2 Depth=1
	vsetivli	zero, 4, e8, mf4, ta, mu
	vmerge.vim	v13, v9, 1, v0
	vsetivli	zero, 1, e8, mf4, ta, mu
	vslidedown.vi	v13, v13, 2
	vmv.x.s	a4, v13
	andi	a4, a4, 1
	beqz	a4, .LBB8_9
	vsetvli	zero, zero, e32, m1, ta, mu
	vslidedown.vi	v13, v12, 2
	vmv.x.s	a4, v13
	vslidedown.vi	v13, v10, 2
	vmv.x.s	a5, v13
	divw	a4, a4, a5
	vmv.s.x	v13, a4
	vsetivli	zero, 3, e32, m1, tu, mu
	vslideup.vi	v11, v13, 2
.LBB8_9:                                #   in Loop: Header=BB8_2 Depth=1
	vsetivli	zero, 4, e8, mf4, ta, mu
	vmerge.vim	v13, v9, 1, v0
	vsetivli	zero, 1, e8, mf4, ta, mu
	vslidedown.vi	v13, v13, 3
	vmv.x.s	a4, v13
	andi	a4, a4, 1
	beqz	a4, .LBB8_1
	vsetvli	zero, zero, e32, m1, ta, mu
	vslidedown.vi	v12, v12, 3
	vmv.x.s	a4, v12
	vslidedown.vi	v12, v10, 3
	vmv.x.s	a5, v12
	divw	a4, a4, a5
	vmv.s.x	v12, a4
	vsetivli	zero, 4, e32, m1, tu, mu
	vslideup.vi	v11, v12, 3
	j	.LBB8_1
.LBB8_11:
.LBB8_23:                               # Label of block must be emitted
	auipc	a0, %pcrel_hi(b32)
	addi	a0, a0, %pcrel_lo(.LBB8_23)
	addi	a1, a0, 2000
	lw	a1, 2000(a1)
	beqz	a1, .LBB8_13
.LBB8_24:                               # Label of block must be emitted
	auipc	a2, %pcrel_hi(a32)
	addi	a2, a2, %pcrel_lo(.LBB8_24)
	addi	a2, a2, 2000
	lw	a2, 2000(a2)
	divw	a2, a2, a1
	j	.LBB8_14
.LBB8_13:
	li	a2, 0
.LBB8_14:
	addi	a1, a0, 2002
	lw	a3, 2002(a1)
.LBB8_25:                               # Label of block must be emitted
	auipc	a1, %pcrel_hi(c32)
	addi	a1, a1, %pcrel_lo(.LBB8_25)
	addi	a4, a1, 2000
	sw	a2, 2000(a4)
	beqz	a3, .LBB8_16
.LBB8_26:                               # Label of block must be emitted
	auipc	a2, %pcrel_hi(a32)
	addi	a2, a2, %pcrel_lo(.LBB8_26)
	addi	a2, a2, 2002
	lw	a2, 2002(a2)
	divw	a2, a2, a3
	j	.LBB8_17
.LBB8_16:
	li	a2, 0
.LBB8_17:
	addi	a0, a0, 2004
	lw	a0, 2004(a0)
	addi	a3, a1, 2002
	sw	a2, 2002(a3)
	beqz	a0, .LBB8_19
.LBB8_27:                               # Label of block must be emitted
	auipc	a2, %pcrel_hi(a32)
	addi	a2, a2, %pcrel_lo(.LBB8_27)
	addi	a2, a2, 2004
	lw	a2, 2004(a2)
	divw	a0, a2, a0
	addi	a1, a1, 2004
	sw	a0, 2004(a1)
	ret
.LBB8_19:
	li	a0, 0
	addi	a1, a1, 2004
	sw	a0, 2004(a1)
	ret
.Lfunc_end8:
	.size	k_div, .Lfunc_end8-k_div
	.globl	k_shift                         # -- Begin function k_shift
	.p2align	1
	.type	k_shift,@function
k_shift:                                # @k_shift
	vsetivli	zero, 4, e32, m1, ta, mu
	vid.v	v8
.LBB9_3:                                # Label of block must be emitted
	auipc	a1, %pcrel_hi(u32b)
	addi	a1, a1, %pcrel_lo(.LBB9_3)
	addi	a2, a1, 16
.LBB9_4:                                # Label of block must be emitted
	auipc	a6, %pcrel_hi(u32a)
	addi	a6, a6, %pcrel_lo(.LBB9_4)
	addi	a3, a6, 16
	li	a4, 1000
	li	a5, 31
.LBB9_1:                                # =>This Inner Loop Header: Depth=1
	vadd.vi	v9, v8, 4
	addi	a0, a2, -16
	vle32.v	v10, (a0)
	vle32.v	v11, (a2)
	vand.vx	v12, v8, a5
	vand.vx	v9, v9, a5
	vsrl.vv	v12, v10, v12
	vsrl.vv	v9, v11, v9
	vsll.vi	v10, v10, 3
	vsll.vi	v11, v11, 3
	vxor.vv	v10, v12, v10
	vxor.vv	v9, v9, v11
	addi	a0, a3, -16
	vse32.v	v10, (a0)
	vse32.v	v9, (a3)
	vadd.vi	v8, v8, 8
	addi	a2, a2, 32
	addi	a4, a4, -8
	addi	a3, a3, 32
	bnez	a4, .LBB9_1
	lui	a7, 1
	addiw	a2, a7, -96
	add	a3, a1, a2
	lwu	a3, 0(a3)
	srli	a4, a3, 8
	slli	a3, a3, 3
	addiw	a5, a7, -92
	add	a0, a1, a5
	lwu	a0, 0(a0)
	xor	a3, a3, a4
	add	a2, a2, a6
	sw	a3, 0(a2)
	srli	a2, a0, 9
	slli	a0, a0, 3
	addiw	a3, a7, -88
	add	a1, a1, a3
	lwu	a1, 0(a1)
	xor	a0, a0, a2
	add	a2, a6, a5
	sw	a0, 0(a2)
	srli	a0, a1, 10
	slli	a1, a1, 3
	xor	a0, a0, a1
	add	a1, a6, a3
	sw	a0, 0(a1)
	ret
.Lfunc_end9:
	.size	k_shift, .Lfunc_end9-k_shift
	.globl	k_avg                           # -- Begin function k_avg
	.p2align	1
	.type	k_avg,@function
k_avg:                                  # @k_avg
	li	a3, 0
.LBB10_3:                               # Label of block must be emitted
	auipc	a2, %pcrel_hi(u8a)
	addi	a2, a2, %pcrel_lo(.LBB10_3)
.LBB10_4:                               # Label of block must be emitted
	auipc	a1, %pcrel_hi(u8b)
	addi	a1, a1, %pcrel_lo(.LBB10_4)
.LBB10_5:                               # Label of block must be emitted
	auipc	a0, %pcrel_hi(u8c)
	addi	a0, a0, %pcrel_lo(.LBB10_5)
	li	a4, 1000
.LBB10_1:                               # =>This Inner Loop Header: Depth=1
	add	a5, a2, a3
	vsetivli	zero, 8, e8, mf2, ta, mu
	vle8.v	v8, (a5)
	vsetvli	zero, zero, e16, m1, ta, mu
	add	a5, a1, a3
	vle8.v	v9, (a5)
	vzext.vf2	v10, v8
	vzext.vf2	v8, v9
	vadd.vv	v8, v10, v8
	vadd.vi	v8, v8, 1
	vsetvli	zero, zero, e8, mf2, ta, mu
	vnsrl.wi	v8, v8, 1
	add	a5, a0, a3
	addi	a3, a3, 8
	vse8.v	v8, (a5)
	bne	a3, a4, .LBB10_1
	lbu	a3, 1000(a2)
	lbu	a4, 1000(a1)
	add	a3, a3, a4
	lbu	a4, 1001(a2)
	lbu	a5, 1001(a1)
	addi	a3, a3, 1
	srli	a3, a3, 1
	sb	a3, 1000(a0)
	add	a3, a4, a5
	lbu	a2, 1002(a2)
	lbu	a1, 1002(a1)
	addi	a3, a3, 1
	srli	a3, a3, 1
	sb	a3, 1001(a0)
	add	a1, a1, a2
	addi	a1, a1, 1
	srli	a1, a1, 1
	sb	a1, 1002(a0)
	ret
.Lfunc_end10:
	.size	k_avg, .Lfunc_end10-k_avg
	.globl	k_rev                           # -- Begin function k_rev
	.p2align	1
	.type	k_rev,@function
k_rev:                                  # @k_rev
	li	a1, 1990
.LBB11_3:                               # Label of block must be emitted
	auipc	a2, %pcrel_hi(c16)
	addi	a2, a2, %pcrel_lo(.LBB11_3)
.LBB11_4:                               # Label of block must be emitted
	auipc	a0, %pcrel_hi(a16)
	addi	a0, a0, %pcrel_lo(.LBB11_4)
	vsetivli	zero, 8, e16, m1, ta, mu
	vid.v	v8
	vrsub.vi	v8, v8, 7
	li	a3, -10
.LBB11_1:                               # =>This Inner Loop Header: Depth=1
	add	a4, a0, a1
	vle16.v	v9, (a4)
	vrgather.vv	v10, v9, v8
	vse16.v	v10, (a2)
	addi	a1, a1, -16
	addi	a2, a2, 16
	bne	a1, a3, .LBB11_1
	lh	a1, 4(a0)
	lh	a2, 2(a0)
	lh	a0, 0(a0)
.LBB11_5:                               # Label of block must be emitted
	auipc	a3, %pcrel_hi(c16)
	addi	a3, a3, %pcrel_lo(.LBB11_5)
	sh	a1, 2000(a3)
	sh	a2, 2002(a3)
	sh	a0, 2004(a3)
	ret
.Lfunc_end11:
	.size	k_rev, .Lfunc_end11-k_rev
	.globl	k_count                         # -- Begin function k_count
	.p2align	1
	.type	k_count,@function
k_count:                                # @k_count
	li	a2, 0
	vsetivli	zero, 4, e32, m1, ta, mu
	vmv.v.i	v9, 0
.LBB12_3:                               # Label of block must be emitted
	auipc	a1, %pcrel_hi(a8)
	addi	a1, a1, %pcrel_lo(.LBB12_3)
.LBB12_4:                               # Label of block must be emitted
	auipc	a0, %pcrel_hi(b8)
	addi	a0, a0, %pcrel_lo(.LBB12_4)
	li	a3, 1000
	vmv.v.i	v10, 0
	vmv.v.i	v11, 0
.LBB12_1:                               # =>This Inner Loop Header: Depth=1
	add	a4, a1, a2
	vsetvli	zero, zero, e8, mf4, ta, mu
	vle8.v	v8, (a4)
	addi	a4, a4, 4
	vle8.v	v12, (a4)
	add	a4, a0, a2
	vle8.v	v13, (a4)
	addi	a4, a4, 4
	vle8.v	v14, (a4)
	vmslt.vv	v0, v13, v8
	vmslt.vv	v8, v14, v12
	vsetvli	zero, zero, e32, m1, ta, mu
	vmerge.vim	v12, v9, 1, v0
	vmv1r.v	v0, v8
	vmerge.vim	v8, v9, 1, v0
	vadd.vv	v10, v10, v12
	addi	a2, a2, 8
	vadd.vv	v11, v11, v8
	bne	a2, a3, .LBB12_1
	vadd.vv	v8, v11, v10
	lb	a2, 1000(a1)
	lb	a3, 1000(a0)
	vmv.s.x	v9, zero
	vredsum.vs	v8, v8, v9
	vmv.x.s	a4, v8
	slt	a2, a3, a2
	lb	a3, 1001(a1)
	lb	a5, 1001(a0)
	lb	a1, 1002(a1)
	lb	a0, 1002(a0)
	addw	a2, a2, a4
	slt	a3, a5, a3
	addw	a2, a2, a3
	slt	a0, a0, a1
	addw	a0, a0, a2
	ret
.Lfunc_end12:
	.size	k_count, .Lfunc_end12-k_count
	.globl	k_mulh                          # -- Begin function k_mulh
	.p2align	1
	.type	k_mulh,@function
k_mulh:                                 # @k_mulh
.LBB13_3:                               # Label of block must be emitted
	auipc	a0, %pcrel_hi(a32)
	addi	a0, a0, %pcrel_lo(.LBB13_3)
.LBB13_4:                               # Label of block must be emitted
	auipc	a1, %pcrel_hi(b32)
	addi	a1, a1, %pcrel_lo(.LBB13_4)
.LBB13_5:                               # Label of block must be emitted
	auipc	a2, %pcrel_hi(c32)
	addi	a2, a2, %pcrel_lo(.LBB13_5)
	li	a3, 1000
.LBB13_1:                               # =>This Inner Loop Header: Depth=1
	vsetivli	zero, 4, e32, m1, ta, mu
	vle32.v	v8, (a0)
	vle32.v	v9, (a1)
	vmulh.vv	v8, v9, v8
	vse32.v	v8, (a2)
	addi	a0, a0, 16
	addi	a1, a1, 16
	addi	a3, a3, -4
	addi	a2, a2, 16
	bnez	a3, .LBB13_1
.LBB13_6:                               # Label of block must be emitted
	auipc	a0, %pcrel_hi(a32)
	addi	a0, a0, %pcrel_lo(.LBB13_6)
	lui	a6, 1
	addiw	a2, a6, -96
	add	a3, a0, a2
	lw	a3, 0(a3)
.LBB13_7:                               # Label of block must be emitted
	auipc	a4, %pcrel_hi(b32)
	addi	a4, a4, %pcrel_lo(.LBB13_7)
	add	a5, a4, a2
	lw	a5, 0(a5)
	mul	a3, a5, a3
	srli	a7, a3, 32
	addiw	a5, a6, -92
	add	a1, a0, a5
	lw	t0, 0(a1)
	add	a3, a4, a5
	lw	a3, 0(a3)
.LBB13_8:                               # Label of block must be emitted
	auipc	a1, %pcrel_hi(c32)
	addi	a1, a1, %pcrel_lo(.LBB13_8)
	add	a2, a2, a1
	sw	a7, 0(a2)
	mul	a2, a3, t0
	addiw	a3, a6, -88
	add	a0, a0, a3
	lw	a0, 0(a0)
	add	a4, a4, a3
	lw	a4, 0(a4)
	srli	a2, a2, 32
	add	a5, a5, a1
	sw	a2, 0(a5)
	mul	a0, a4, a0
	srli	a0, a0, 32
	add	a1, a1, a3
	sw	a0, 0(a1)
	ret
.Lfunc_end13:
	.size	k_mulh, .Lfunc_end13-k_mulh
	.globl	k_abs                           # -- Begin function k_abs
	.p2align	1
	.type	k_abs,@function
k_abs:                                  # @k_abs
.LBB14_3:                               # Label of block must be emitted
	auipc	a1, %pcrel_hi(a32)
	addi	a1, a1, %pcrel_lo(.LBB14_3)
	addi	a2, a1, 16
.LBB14_4:                               # Label of block must be emitted
	auipc	a7, %pcrel_hi(c32)
	addi	a7, a7, %pcrel_lo(.LBB14_4)
	addi	a3, a7, 16
	li	a4, 1000
.LBB14_1:                               # =>This Inner Loop Header: Depth=1
	addi	a5, a2, -16
	vsetivli	zero, 4, e32, m1, ta, mu
	vle32.v	v8, (a5)
	vle32.v	v9, (a2)
	vrsub.vi	v10, v8, 0
	vmax.vv	v8, v8, v10
	vrsub.vi	v10, v9, 0
	vmax.vv	v9, v9, v10
	addi	a5, a3, -16
	vse32.v	v8, (a5)
	vse32.v	v9, (a3)
	addi	a2, a2, 32
	addi	a4, a4, -8
	addi	a3, a3, 32
	bnez	a4, .LBB14_1
	lui	a6, 1
	addiw	a3, a6, -96
	add	a4, a1, a3
	lw	a4, 0(a4)
	srai	a5, a4, 63
	add	a4, a4, a5
	addiw	a2, a6, -92
	add	a0, a1, a2
	lw	a0, 0(a0)
	xor	a4, a4, a5
	add	a3, a3, a7
	sw	a4, 0(a3)
	srai	a3, a0, 63
	add	a0, a0, a3
	addiw	a4, a6, -88
	add	a1, a1, a4
	lw	a1, 0(a1)
	xor	a0, a0, a3
	add	a2, a2, a7
	sw	a0, 0(a2)
	srai	a0, a1, 63
	add	a1, a1, a0
	xor	a0, a0, a1
	add	a1, a7, a4
	sw	a0, 0(a1)
	ret
.Lfunc_end14:
	.size	k_abs, .Lfunc_end14-k_abs
	.globl	k_mul8                          # -- Begin function k_mul8
	.p2align	1
	.type	k_mul8,@function
k_mul8:                                 # @k_mul8
	li	a3, 0
.LBB15_3:                               # Label of block must be emitted
	auipc	a2, %pcrel_hi(a8)
	addi	a2, a2, %pcrel_lo(.LBB15_3)
.LBB15_4:                               # Label of block must be emitted
	auipc	a1, %pcrel_hi(b8)
	addi	a1, a1, %pcrel_lo(.LBB15_4)
	vsetivli	zero, 16, e8, m1, ta, mu
	vmv.v.i	v8, 7
.LBB15_5:                               # Label of block must be emitted
	auipc	a0, %pcrel_hi(c8)
	addi	a0, a0, %pcrel_lo(.LBB15_5)
	li	a6, 992
.LBB15_1:                               # =>This Inner Loop Header: Depth=1
	add	a5, a2, a3
	addi	a4, a5, 16
	vle8.v	v9, (a5)
	vle8.v	v10, (a4)
	add	a4, a1, a3
	addi	a5, a4, 16
	vle8.v	v11, (a4)
	vle8.v	v12, (a5)
	vmadd.vv	v11, v9, v8
	vmadd.vv	v12, v10, v8
	add	a4, a0, a3
	vse8.v	v11, (a4)
	addi	a4, a4, 16
	addi	a3, a3, 32
	vse8.v	v12, (a4)
	bne	a3, a6, .LBB15_1
	addi	a3, a2, 992
	vsetivli	zero, 8, e8, mf2, ta, mu
	vle8.v	v8, (a3)
	addi	a3, a1, 992
	vle8.v	v9, (a3)
	vmv.v.i	v10, 7
	lb	a3, 1000(a2)
	lb	a4, 1000(a1)
	vmacc.vv	v10, v8, v9
	addi	a5, a0, 992
	vse8.v	v10, (a5)
	mulw	a3, a4, a3
	addiw	a3, a3, 7
	lb	a4, 1001(a2)
	lb	a5, 1001(a1)
	sb	a3, 1000(a0)
	lb	a2, 1002(a2)
	lb	a1, 1002(a1)
	mulw	a3, a5, a4
	addiw	a3, a3, 7
	sb	a3, 1001(a0)
	mulw	a1, a1, a2
	addiw	a1, a1, 7
	sb	a1, 1002(a0)
	ret
.Lfunc_end15:
	.size	k_mul8, .Lfunc_end15-k_mul8
	.section	.sdata,"aw",@progbits
	.p2align	3                               # -- Begin function k_u64
.LCPI16_0:
	.quad	5675921253449092805             # 0x4ec4ec4ec4ec4ec5
	.text
	.globl	k_u64
	.p2align	1
	.type	k_u64,@function
k_u64:                                  # @k_u64
.LBB16_3:                               # Label of block must be emitted
	auipc	a7, %pcrel_hi(a64)
	addi	a7, a7, %pcrel_lo(.LBB16_3)
	addi	a4, a7, 16
.LBB16_4:                               # Label of block must be emitted
	auipc	t0, %pcrel_hi(b64)
	addi	t0, t0, %pcrel_lo(.LBB16_4)
	addi	a5, t0, 16
.LBB16_5:                               # Label of block must be emitted
	auipc	a6, %pcrel_hi(c64)
	addi	a6, a6, %pcrel_lo(.LBB16_5)
.LBB16_6:                               # Label of block must be emitted
	auipc	a0, %pcrel_hi(.LCPI16_0)
	addi	a0, a0, %pcrel_lo(.LBB16_6)
	ld	a3, 0(a0)
	addi	a0, a6, 16
	li	a1, 1000
	li	t1, 13
.LBB16_1:                               # =>This Inner Loop Header: Depth=1
	vsetivli	zero, 2, e64, m1, ta, mu
	addi	a2, a5, -16
	vle64.v	v8, (a2)
	addi	a2, a4, -16
	vle64.v	v9, (a5)
	vle64.v	v10, (a2)
	vle64.v	v11, (a4)
	vor.vi	v8, v8, 1
	vor.vi	v9, v9, 1
	vdivu.vv	v8, v10, v8
	vdivu.vv	v9, v11, v9
	vmulhu.vx	v12, v10, a3
	vsrl.vi	v12, v12, 2
	vnmsub.vx	v12, t1, v10
	vmulhu.vx	v10, v11, a3
	vsrl.vi	v10, v10, 2
	vnmsub.vx	v10, t1, v11
	vadd.vv	v8, v8, v12
	vadd.vv	v9, v9, v10
	addi	a2, a0, -16
	vse64.v	v8, (a2)
	vse64.v	v9, (a0)
	addi	a4, a4, 32
	addi	a5, a5, 32
	addi	a1, a1, -4
	addi	a0, a0, 32
	bnez	a1, .LBB16_1
	lui	t1, 2
	addiw	a1, t1, -192
	add	a2, a7, a1
	add	a4, t0, a1
	ld	a4, 0(a4)
	ld	a2, 0(a2)
	ori	a4, a4, 1
	divu	a4, a2, a4
	mulhu	a5, a2, a3
	srli	a5, a5, 2
	li	t2, 13
	mul	a5, a5, t2
	sub	a2, a2, a5
	add	a2, a2, a4
	addiw	a4, t1, -184
	add	a5, a7, a4
	add	a0, t0, a4
	ld	a0, 0(a0)
	ld	a5, 0(a5)
	add	a1, a1, a6
	sd	a2, 0(a1)
	ori	a0, a0, 1
	divu	a0, a5, a0
	mulhu	a1, a5, a3
	srli	a1, a1, 2
	mul	a1, a1, t2
	sub	a1, a5, a1
	add	a0, a0, a1
	addiw	a1, t1, -176
	add	a2, a7, a1
	add	a5, t0, a1
	ld	a5, 0(a5)
	ld	a2, 0(a2)
	add	a4, a4, a6
	sd	a0, 0(a4)
	ori	a0, a5, 1
	divu	a0, a2, a0
	mulhu	a3, a2, a3
	srli	a3, a3, 2
	mul	a3, a3, t2
	sub	a2, a2, a3
	add	a0, a0, a2
	add	a1, a1, a6
	sd	a0, 0(a1)
	ret
.Lfunc_end16:
	.size	k_u64, .Lfunc_end16-k_u64
	.globl	k_xorred                        # -- Begin function k_xorred
	.p2align	1
	.type	k_xorred,@function
k_xorred:                               # @k_xorred
	vsetivli	zero, 4, e32, m1, ta, mu
	vmv.v.i	v8, 0
.LBB17_3:                               # Label of block must be emitted
	auipc	a0, %pcrel_hi(u32b)
	addi	a0, a0, %pcrel_lo(.LBB17_3)
	addi	a1, a0, 16
	li	a2, 1000
	lui	a3, 986895
	addiw	a3, a3, 240
	vmv.v.i	v9, 0
.LBB17_1:                               # =>This Inner Loop Header: Depth=1
	addi	a4, a1, -16
	vle32.v	v10, (a4)
	vle32.v	v11, (a1)
	vand.vx	v10, v10, a3
	vand.vx	v11, v11, a3
	vxor.vv	v8, v10, v8
	vxor.vv	v9, v11, v9
	addi	a2, a2, -8
	addi	a1, a1, 32
	bnez	a2, .LBB17_1
	vxor.vv	v8, v9, v8
	vmv.s.x	v9, zero
	vredxor.vs	v8, v8, v9
	addi	a1, a0, 2000
	lw	a1, 2000(a1)
	vmv.x.s	a2, v8
	lui	a3, 986895
	addiw	a3, a3, 240
	and	a1, a1, a3
	addi	a4, a0, 2002
	lw	a4, 2002(a4)
	addi	a0, a0, 2004
	lw	a0, 2004(a0)
	xor	a1, a1, a2
	and	a2, a4, a3
	xor	a1, a1, a2
	and	a0, a0, a3
	xor	a0, a0, a1
	sext.w	a0, a0
	ret
.Lfunc_end17:
	.size	k_xorred, .Lfunc_end17-k_xorred
	.globl	k_ext                           # -- Begin function k_ext
	.p2align	1
	.type	k_ext,@function
k_ext:                                  # @k_ext
	li	a0, 0
.LBB18_3:                               # Label of block must be emitted
	auipc	a1, %pcrel_hi(c64)
	addi	a1, a1, %pcrel_lo(.LBB18_3)
.LBB18_4:                               # Label of block must be emitted
	auipc	a2, %pcrel_hi(a8)
	addi	a2, a2, %pcrel_lo(.LBB18_4)
.LBB18_5:                               # Label of block must be emitted
	auipc	a3, %pcrel_hi(u8a)
	addi	a3, a3, %pcrel_lo(.LBB18_5)
	li	a6, 1003
.LBB18_1:                               # =>This Inner Loop Header: Depth=1
	add	a5, a2, a0
	lb	a5, 0(a5)
	add	a4, a3, a0
	lbu	a4, 0(a4)
	add	a4, a4, a5
	sd	a4, 0(a1)
	addi	a0, a0, 1
	addi	a1, a1, 8
	bne	a0, a6, .LBB18_1
	ret
.Lfunc_end18:
	.size	k_ext, .Lfunc_end18-k_ext
	.section	.sdata,"aw",@progbits
	.p2align	3                               # -- Begin function main
.LCPI19_0:
	.quad	1469598103934665603             # 0x14650fb0739d0383
	.text
	.globl	main
	.p2align	1
	.type	main,@function
main:                                   # @main
	addi	sp, sp, -112
	sd	ra, 104(sp)                     # 8-byte Folded Spill
	sd	s0, 96(sp)                      # 8-byte Folded Spill
	sd	s1, 88(sp)                      # 8-byte Folded Spill
	sd	s2, 80(sp)                      # 8-byte Folded Spill
	sd	s3, 72(sp)                      # 8-byte Folded Spill
	sd	s4, 64(sp)                      # 8-byte Folded Spill
	sd	s5, 56(sp)                      # 8-byte Folded Spill
	sd	s6, 48(sp)                      # 8-byte Folded Spill
	sd	s7, 40(sp)                      # 8-byte Folded Spill
	sd	s8, 32(sp)                      # 8-byte Folded Spill
	sd	s9, 24(sp)                      # 8-byte Folded Spill
	sd	s10, 16(sp)                     # 8-byte Folded Spill
	sd	s11, 8(sp)                      # 8-byte Folded Spill
	li	a0, 0
	li	a1, 0
.LBB19_37:                              # Label of block must be emitted
	auipc	a6, %pcrel_hi(u32b)
	addi	a6, a6, %pcrel_lo(.LBB19_37)
.LBB19_38:                              # Label of block must be emitted
	auipc	s8, %pcrel_hi(b64)
	addi	s8, s8, %pcrel_lo(.LBB19_38)
.LBB19_39:                              # Label of block must be emitted
	auipc	s9, %pcrel_hi(a64)
	addi	s9, s9, %pcrel_lo(.LBB19_39)
.LBB19_40:                              # Label of block must be emitted
	auipc	s10, %pcrel_hi(b32)
	addi	s10, s10, %pcrel_lo(.LBB19_40)
.LBB19_41:                              # Label of block must be emitted
	auipc	s11, %pcrel_hi(a32)
	addi	s11, s11, %pcrel_lo(.LBB19_41)
.LBB19_42:                              # Label of block must be emitted
	auipc	ra, %pcrel_hi(b16)
	addi	ra, ra, %pcrel_lo(.LBB19_42)
.LBB19_43:                              # Label of block must be emitted
	auipc	a2, %pcrel_hi(a16)
	addi	a2, a2, %pcrel_lo(.LBB19_43)
	lui	a3, 3
	addiw	a7, a3, 57
	lui	a4, 269413
	addiw	t0, a4, -403
.LBB19_44:                              # Label of block must be emitted
	auipc	t1, %pcrel_hi(a8)
	addi	t1, t1, %pcrel_lo(.LBB19_44)
.LBB19_45:                              # Label of block must be emitted
	auipc	t2, %pcrel_hi(b8)
	addi	t2, t2, %pcrel_lo(.LBB19_45)
.LBB19_46:                              # Label of block must be emitted
	auipc	t3, %pcrel_hi(u8a)
	addi	t3, t3, %pcrel_lo(.LBB19_46)
.LBB19_47:                              # Label of block must be emitted
	auipc	t4, %pcrel_hi(u8b)
	addi	t4, t4, %pcrel_lo(.LBB19_47)
	lui	a4, 1048573
	addiw	t5, a4, -819
	lui	a4, 16
	addiw	t6, a4, -1
	addiw	s2, a3, 820
	lui	a3, 7
	addiw	s3, a3, -585
	li	a3, 1
	slli	s4, a3, 31
	lui	a3, 2
	addiw	s5, a3, 1171
	li	s6, 1003
	mv	s7, a7
	j	.LBB19_2
.LBB19_1:                               #   in Loop: Header=BB19_2 Depth=1
	sw	a4, 0(s10)
	slli	a4, s7, 32
	mulhu	a5, a4, a4
	sd	a5, 0(s9)
	srli	a4, a4, 15
	sd	a4, 0(s8)
	slli	a4, s7, 11
	xor	a3, a3, a4
	sw	a3, 0(a6)
	addi	a0, a0, 1
	addiw	a1, a1, 1
	addi	a6, a6, 4
	addi	s8, s8, 8
	addi	s9, s9, 8
	addi	s10, s10, 4
	addi	s11, s11, 4
	addi	ra, ra, 2
	addi	a2, a2, 2
	beq	a0, s6, .LBB19_6
.LBB19_2:                               # =>This Inner Loop Header: Depth=1
	li	a4, 0
	mulw	a5, s7, t0
	add	a3, a5, a7
	srli	s1, a3, 16
	add	s0, t1, a0
	sb	s1, 0(s0)
	srli	s0, a3, 8
	add	s1, t2, a0
	sb	s0, 0(s1)
	srli	s0, a3, 20
	add	s1, t3, a0
	sb	s0, 0(s1)
	srli	s0, a3, 3
	add	s1, t4, a0
	sb	s0, 0(s1)
	addw	s7, a5, a7
	srli	a5, a3, 5
	sh	a5, 0(a2)
	srli	a5, a3, 13
	sh	a5, 0(ra)
	mul	a5, a1, t5
	and	a5, a5, t6
	sw	a3, 0(s11)
	bltu	a5, s2, .LBB19_4
	srliw	a4, s7, 7
.LBB19_4:                               #   in Loop: Header=BB19_2 Depth=1
	mul	a5, a1, s3
	and	a5, a5, t6
	bgeu	a5, s5, .LBB19_1
	or	a4, a4, s4
	j	.LBB19_1
.LBB19_6:
	li	a0, 1
	slli	a0, a0, 40
	addi	s0, a0, 435
.LBB19_48:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(b32)
	addi	a0, a0, %pcrel_lo(.LBB19_48)
	li	a1, -1
	sw	a1, 20(a0)
.LBB19_49:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(a32)
	addi	a0, a0, %pcrel_lo(.LBB19_49)
	lui	a1, 524288
	sw	a1, 20(a0)
	call	k_add
.LBB19_50:                              # Label of block must be emitted
	auipc	s2, %pcrel_hi(.LCPI19_0)
	addi	s2, s2, %pcrel_lo(.LBB19_50)
	ld	a1, 0(s2)
.LBB19_51:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(c32)
	addi	a0, a0, %pcrel_lo(.LBB19_51)
	lui	a2, 1
	addiw	a2, a2, -84
.LBB19_7:                               # =>This Inner Loop Header: Depth=1
	lbu	a3, 0(a0)
	xor	a1, a1, a3
	mul	a1, a1, s0
	addi	a2, a2, -1
	addi	a0, a0, 1
	bnez	a2, .LBB19_7
.LBB19_52:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str)
	addi	a0, a0, %pcrel_lo(.LBB19_52)
	call	printf@plt
	call	k_minmax
	ld	a1, 0(s2)
	li	a0, 0
.LBB19_53:                              # Label of block must be emitted
	auipc	s3, %pcrel_hi(c16)
	addi	s3, s3, %pcrel_lo(.LBB19_53)
	li	a2, 2006
.LBB19_9:                               # =>This Inner Loop Header: Depth=1
	add	a3, s3, a0
	lbu	a3, 0(a3)
	xor	a1, a1, a3
	addi	a0, a0, 1
	mul	a1, a1, s0
	bne	a0, a2, .LBB19_9
.LBB19_54:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.1)
	addi	a0, a0, %pcrel_lo(.LBB19_54)
	call	printf@plt
	call	k_sat
	ld	a1, 0(s2)
	li	a0, 0
.LBB19_55:                              # Label of block must be emitted
	auipc	s1, %pcrel_hi(u8c)
	addi	s1, s1, %pcrel_lo(.LBB19_55)
	li	a2, 1003
.LBB19_11:                              # =>This Inner Loop Header: Depth=1
	add	a3, s1, a0
	lbu	a3, 0(a3)
	xor	a1, a1, a3
	addi	a0, a0, 1
	mul	a1, a1, s0
	bne	a0, a2, .LBB19_11
.LBB19_56:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.2)
	addi	a0, a0, %pcrel_lo(.LBB19_56)
	call	printf@plt
	call	k_red
	mv	a1, a0
.LBB19_57:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.3)
	addi	a0, a0, %pcrel_lo(.LBB19_57)
	call	printf@plt
	call	k_redmax
	mv	a1, a0
.LBB19_58:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.4)
	addi	a0, a0, %pcrel_lo(.LBB19_58)
	call	printf@plt
	call	k_widen
	ld	a1, 0(s2)
.LBB19_59:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(c32)
	addi	a0, a0, %pcrel_lo(.LBB19_59)
	lui	a2, 1
	addiw	a2, a2, -84
.LBB19_13:                              # =>This Inner Loop Header: Depth=1
	lbu	a3, 0(a0)
	xor	a1, a1, a3
	mul	a1, a1, s0
	addi	a2, a2, -1
	addi	a0, a0, 1
	bnez	a2, .LBB19_13
.LBB19_60:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.5)
	addi	a0, a0, %pcrel_lo(.LBB19_60)
	call	printf@plt
	call	k_narrow
	ld	a1, 0(s2)
	li	a0, 0
.LBB19_61:                              # Label of block must be emitted
	auipc	s4, %pcrel_hi(c8)
	addi	s4, s4, %pcrel_lo(.LBB19_61)
	li	a2, 1003
.LBB19_15:                              # =>This Inner Loop Header: Depth=1
	add	a3, s4, a0
	lbu	a3, 0(a3)
	xor	a1, a1, a3
	addi	a0, a0, 1
	mul	a1, a1, s0
	bne	a0, a2, .LBB19_15
.LBB19_62:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.6)
	addi	a0, a0, %pcrel_lo(.LBB19_62)
	call	printf@plt
	call	k_sel
	ld	a1, 0(s2)
.LBB19_63:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(c64)
	addi	a0, a0, %pcrel_lo(.LBB19_63)
	lui	a2, 2
	addiw	a2, a2, -168
.LBB19_17:                              # =>This Inner Loop Header: Depth=1
	lbu	a3, 0(a0)
	xor	a1, a1, a3
	mul	a1, a1, s0
	addi	a2, a2, -1
	addi	a0, a0, 1
	bnez	a2, .LBB19_17
.LBB19_64:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.7)
	addi	a0, a0, %pcrel_lo(.LBB19_64)
	call	printf@plt
	call	k_div
	ld	a1, 0(s2)
.LBB19_65:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(c32)
	addi	a0, a0, %pcrel_lo(.LBB19_65)
	lui	a2, 1
	addiw	a2, a2, -84
.LBB19_19:                              # =>This Inner Loop Header: Depth=1
	lbu	a3, 0(a0)
	xor	a1, a1, a3
	mul	a1, a1, s0
	addi	a2, a2, -1
	addi	a0, a0, 1
	bnez	a2, .LBB19_19
.LBB19_66:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.8)
	addi	a0, a0, %pcrel_lo(.LBB19_66)
	call	printf@plt
	call	k_shift
	ld	a1, 0(s2)
.LBB19_67:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(u32a)
	addi	a0, a0, %pcrel_lo(.LBB19_67)
	lui	a2, 1
	addiw	a2, a2, -84
.LBB19_21:                              # =>This Inner Loop Header: Depth=1
	lbu	a3, 0(a0)
	xor	a1, a1, a3
	mul	a1, a1, s0
	addi	a2, a2, -1
	addi	a0, a0, 1
	bnez	a2, .LBB19_21
.LBB19_68:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.9)
	addi	a0, a0, %pcrel_lo(.LBB19_68)
	call	printf@plt
	call	k_avg
	ld	a1, 0(s2)
	li	a0, 0
	li	a2, 1003
.LBB19_23:                              # =>This Inner Loop Header: Depth=1
	add	a3, s1, a0
	lbu	a3, 0(a3)
	xor	a1, a1, a3
	addi	a0, a0, 1
	mul	a1, a1, s0
	bne	a0, a2, .LBB19_23
.LBB19_69:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.10)
	addi	a0, a0, %pcrel_lo(.LBB19_69)
	call	printf@plt
	call	k_rev
	ld	a1, 0(s2)
	li	a0, 0
	li	a2, 2006
.LBB19_25:                              # =>This Inner Loop Header: Depth=1
	add	a3, s3, a0
	lbu	a3, 0(a3)
	xor	a1, a1, a3
	addi	a0, a0, 1
	mul	a1, a1, s0
	bne	a0, a2, .LBB19_25
.LBB19_70:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.11)
	addi	a0, a0, %pcrel_lo(.LBB19_70)
	call	printf@plt
	call	k_count
	mv	a1, a0
.LBB19_71:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.12)
	addi	a0, a0, %pcrel_lo(.LBB19_71)
	call	printf@plt
	call	k_mulh
	ld	a1, 0(s2)
.LBB19_72:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(c32)
	addi	a0, a0, %pcrel_lo(.LBB19_72)
	lui	a2, 1
	addiw	a2, a2, -84
.LBB19_27:                              # =>This Inner Loop Header: Depth=1
	lbu	a3, 0(a0)
	xor	a1, a1, a3
	mul	a1, a1, s0
	addi	a2, a2, -1
	addi	a0, a0, 1
	bnez	a2, .LBB19_27
.LBB19_73:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.13)
	addi	a0, a0, %pcrel_lo(.LBB19_73)
	call	printf@plt
	call	k_abs
	ld	a1, 0(s2)
.LBB19_74:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(c32)
	addi	a0, a0, %pcrel_lo(.LBB19_74)
	lui	a2, 1
	addiw	a2, a2, -84
.LBB19_29:                              # =>This Inner Loop Header: Depth=1
	lbu	a3, 0(a0)
	xor	a1, a1, a3
	mul	a1, a1, s0
	addi	a2, a2, -1
	addi	a0, a0, 1
	bnez	a2, .LBB19_29
.LBB19_75:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.14)
	addi	a0, a0, %pcrel_lo(.LBB19_75)
	call	printf@plt
	call	k_mul8
	ld	a1, 0(s2)
	li	a0, 0
	li	a2, 1003
.LBB19_31:                              # =>This Inner Loop Header: Depth=1
	add	a3, s4, a0
	lbu	a3, 0(a3)
	xor	a1, a1, a3
	addi	a0, a0, 1
	mul	a1, a1, s0
	bne	a0, a2, .LBB19_31
.LBB19_76:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.15)
	addi	a0, a0, %pcrel_lo(.LBB19_76)
	call	printf@plt
	call	k_u64
	ld	a1, 0(s2)
.LBB19_77:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(c64)
	addi	a0, a0, %pcrel_lo(.LBB19_77)
	lui	a2, 2
	addiw	a2, a2, -168
.LBB19_33:                              # =>This Inner Loop Header: Depth=1
	lbu	a3, 0(a0)
	xor	a1, a1, a3
	mul	a1, a1, s0
	addi	a2, a2, -1
	addi	a0, a0, 1
	bnez	a2, .LBB19_33
.LBB19_78:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.16)
	addi	a0, a0, %pcrel_lo(.LBB19_78)
	call	printf@plt
	call	k_xorred
	mv	a1, a0
.LBB19_79:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.17)
	addi	a0, a0, %pcrel_lo(.LBB19_79)
	call	printf@plt
	call	k_ext
	ld	a1, 0(s2)
.LBB19_80:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(c64)
	addi	a0, a0, %pcrel_lo(.LBB19_80)
	lui	a2, 2
	addiw	a2, a2, -168
.LBB19_35:                              # =>This Inner Loop Header: Depth=1
	lbu	a3, 0(a0)
	xor	a1, a1, a3
	mul	a1, a1, s0
	addi	a2, a2, -1
	addi	a0, a0, 1
	bnez	a2, .LBB19_35
.LBB19_81:                              # Label of block must be emitted
	auipc	a0, %pcrel_hi(.L.str.18)
	addi	a0, a0, %pcrel_lo(.LBB19_81)
	call	printf@plt
	li	a0, 0
	ld	ra, 104(sp)                     # 8-byte Folded Reload
	ld	s0, 96(sp)                      # 8-byte Folded Reload
	ld	s1, 88(sp)                      # 8-byte Folded Reload
	ld	s2, 80(sp)                      # 8-byte Folded Reload
	ld	s3, 72(sp)                      # 8-byte Folded Reload
	ld	s4, 64(sp)                      # 8-byte Folded Reload
	ld	s5, 56(sp)                      # 8-byte Folded Reload
	ld	s6, 48(sp)                      # 8-byte Folded Reload
	ld	s7, 40(sp)                      # 8-byte Folded Reload
	ld	s8, 32(sp)                      # 8-byte Folded Reload
	ld	s9, 24(sp)                      # 8-byte Folded Reload
	ld	s10, 16(sp)                     # 8-byte Folded Reload
	ld	s11, 8(sp)                      # 8-byte Folded Reload
	addi	sp, sp, 112
	ret
.Lfunc_end19:
	.size	main, .Lfunc_end19-main
	.type	a32,@object                     # @a32
	.bss
	.globl	a32
	.p2align	2
a32:
	.zero	4012
	.size	a32, 4012
	.type	b32,@object                     # @b32
	.globl	b32
	.p2align	2
b32:
	.zero	4012
	.size	b32, 4012
	.type	c32,@object                     # @c32
	.globl	c32
	.p2align	2
c32:
	.zero	4012
	.size	c32, 4012
	.type	a16,@object                     # @a16
	.globl	a16
	.p2align	1
a16:
	.zero	2006
	.size	a16, 2006
	.type	b16,@object                     # @b16
	.globl	b16
	.p2align	1
b16:
	.zero	2006
	.size	b16, 2006
	.type	c16,@object                     # @c16
	.globl	c16
	.p2align	1
c16:
	.zero	2006
	.size	c16, 2006
	.type	u8a,@object                     # @u8a
	.globl	u8a
u8a:
	.zero	1003
	.size	u8a, 1003
	.type	u8b,@object                     # @u8b
	.globl	u8b
u8b:
	.zero	1003
	.size	u8b, 1003
	.type	u8c,@object                     # @u8c
	.globl	u8c
u8c:
	.zero	1003
	.size	u8c, 1003
	.type	c8,@object                      # @c8
	.globl	c8
c8:
	.zero	1003
	.size	c8, 1003
	.type	a64,@object                     # @a64
	.globl	a64
	.p2align	3
a64:
	.zero	8024
	.size	a64, 8024
	.type	b64,@object                     # @b64
	.globl	b64
	.p2align	3
b64:
	.zero	8024
	.size	b64, 8024
	.type	c64,@object                     # @c64
	.globl	c64
	.p2align	3
c64:
	.zero	8024
	.size	c64, 8024
	.type	u32b,@object                    # @u32b
	.globl	u32b
	.p2align	2
u32b:
	.zero	4012
	.size	u32b, 4012
	.type	u32a,@object                    # @u32a
	.globl	u32a
	.p2align	2
u32a:
	.zero	4012
	.size	u32a, 4012
	.type	a8,@object                      # @a8
	.globl	a8
a8:
	.zero	1003
	.size	a8, 1003
	.type	b8,@object                      # @b8
	.globl	b8
b8:
	.zero	1003
	.size	b8, 1003
	.type	.L.str,@object                  # @.str
	.section	.rodata.str1.1,"aMS",@progbits,1
.L.str:
	.asciz	"add %016llx\n"
	.size	.L.str, 13
	.type	.L.str.1,@object                # @.str.1
.L.str.1:
	.asciz	"minmax %016llx\n"
	.size	.L.str.1, 16
	.type	.L.str.2,@object                # @.str.2
.L.str.2:
	.asciz	"sat %016llx\n"
	.size	.L.str.2, 13
	.type	.L.str.3,@object                # @.str.3
.L.str.3:
	.asciz	"red %ld\n"
	.size	.L.str.3, 9
	.type	.L.str.4,@object                # @.str.4
.L.str.4:
	.asciz	"redmax %d\n"
	.size	.L.str.4, 11
	.type	.L.str.5,@object                # @.str.5
.L.str.5:
	.asciz	"widen %016llx\n"
	.size	.L.str.5, 15
	.type	.L.str.6,@object                # @.str.6
.L.str.6:
	.asciz	"narrow %016llx\n"
	.size	.L.str.6, 16
	.type	.L.str.7,@object                # @.str.7
.L.str.7:
	.asciz	"sel %016llx\n"
	.size	.L.str.7, 13
	.type	.L.str.8,@object                # @.str.8
.L.str.8:
	.asciz	"div %016llx\n"
	.size	.L.str.8, 13
	.type	.L.str.9,@object                # @.str.9
.L.str.9:
	.asciz	"shift %016llx\n"
	.size	.L.str.9, 15
	.type	.L.str.10,@object               # @.str.10
.L.str.10:
	.asciz	"avg %016llx\n"
	.size	.L.str.10, 13
	.type	.L.str.11,@object               # @.str.11
.L.str.11:
	.asciz	"rev %016llx\n"
	.size	.L.str.11, 13
	.type	.L.str.12,@object               # @.str.12
.L.str.12:
	.asciz	"count %d\n"
	.size	.L.str.12, 10
	.type	.L.str.13,@object               # @.str.13
.L.str.13:
	.asciz	"mulh %016llx\n"
	.size	.L.str.13, 14
	.type	.L.str.14,@object               # @.str.14
.L.str.14:
	.asciz	"abs %016llx\n"
	.size	.L.str.14, 13
	.type	.L.str.15,@object               # @.str.15
.L.str.15:
	.asciz	"mul8 %016llx\n"
	.size	.L.str.15, 14
	.type	.L.str.16,@object               # @.str.16
.L.str.16:
	.asciz	"u64 %016llx\n"
	.size	.L.str.16, 13
	.type	.L.str.17,@object               # @.str.17
.L.str.17:
	.asciz	"xorred %08x\n"
	.size	.L.str.17, 13
	.type	.L.str.18,@object               # @.str.18
.L.str.18:
	.asciz	"ext %016llx\n"
	.size	.L.str.18, 13
	.section	".note.GNU-stack","",@progbits
