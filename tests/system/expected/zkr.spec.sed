# QEMU 7.2 sign-extends the 32-bit seed CSR (the spec zero-extends: status 2), has no mseccfg
# without Smepmp (Zkr's mseccfg.USEED/SSEED: writable, read back as 0x300) and so never lets
# S- or U-mode read seed; the spec's answer with SSEED/USEED set is a read with status ES16.
s/^status = 0x3fffffffe$/status = 0x2/
/^M-trap cause=0x2 tval=0x747[0-9a-f]* epc=0x[0-9a-f]* from=M$/d
s/^mseccfg = 0xffffffffffffffff$/mseccfg = 0x300/
/^S with SSEED$/,$ {
/^M-trap cause=0x2 tval=0x15012f3 /d
s/^status = 0x0$/status = 0x2/
}
