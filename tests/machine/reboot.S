# Bare-metal: prints "B" on the UART and asks the finisher for a reset (0x7777). Without
# -no-reboot the machine starts again (one more "B"), with it the run ends with status 0.
.globl _start
_start:
  li s0, 0x10000000
  li t0, 'B'
  sb t0, 0(s0)
  li t0, 0x100000
  li t1, 0x7777
  sw t1, 0(t0)
1: j 1b
