# QEMU 7.2 lets csrrs/csrrc with a nonzero rs1 holding 0 read a read-only CSR; the spec makes
# them writes: one illegal-instruction trap each (tval = the instruction).
/^csrrs mhartid, t1 = 0$/a\
M-trap cause=0x2 tval=0xf14322f3 epc=0x800000a8 from=M
/^csrrc mvendorid, t1 = 0$/a\
M-trap cause=0x2 tval=0xf11332f3 epc=0x80000144 from=M
s/^traps = 0x0$/traps = 0x2/
