# QEMU 7.2 reports AMO faults with load causes; the spec's are store/AMO causes (4 -> 6, 5 -> 7).
s/^\(M-trap cause=0x\)4 /\16 /;t
s/^\(M-trap cause=0x\)5 /\17 /;t
