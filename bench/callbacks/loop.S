# Callback-cost microbenchmark guest (bench/callbacks.sh): 100,000,000 iterations of a loop of
# 10 instructions (6 integer ops, 2 loads, 2 stores): 1,000,000,008 instructions and 400,000,000
# memory accesses in all, then exit(0). No libc, so both emulators run exactly this.
    .globl _start
_start:
    li t0, 100000000
    la s1, buf
    li a0, 0
    li a1, 1
    li a2, 2
1:
    addi a0, a0, 1
    add a1, a1, a0
    xor a2, a2, a1
    ld a3, 0(s1)
    add a3, a3, a2
    sd a3, 8(s1)
    ld a4, 8(s1)
    sd a4, 0(s1)
    addi t0, t0, -1
    bnez t0, 1b
    li a0, 0
    li a7, 93
    ecall
    .data
    .align 4
buf: .quad 0, 0
