# QEMU 7.2 leaves mstatus.MPRV set when mret/sret go from M to a lower mode; privileged spec
# 1.12 clears it there.
s/^\(mstatus\.MPRV after .*\) = 0x20000$/\1 = 0x0/
