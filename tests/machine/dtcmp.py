#!/usr/bin/env python3
"""Compare qelt's device tree with QEMU's (both as `dtc -I dtb -O dts` text).

Every node of qelt's tree must exist in QEMU's with the same properties and values, phandle
references replaced by the path of the node they name. Left out on purpose (the machine has no
such device): QEMU's pmu, fw-cfg, flash, platform-bus and pci nodes. Values that differ by design:
rng-seed (random), riscv,isa (qelt lists its own extensions) and the riscv,isa-base /
riscv,isa-extensions properties QEMU 7.2 does not have. Prints one line per difference; exit 1 if any.
"""
import re
import sys

OMITTED = ("/pmu", "/fw-cfg@", "/flash@", "/platform-bus@", "/soc/pci@")
IGNORED = {"rng-seed", "riscv,isa", "riscv,isa-base", "riscv,isa-extensions", "phandle"}
REFS = {"interrupt-parent", "interrupts-extended", "regmap", "cpu"}


def parse(path):
    nodes, stack = {}, []
    for line in open(path):
        line = line.strip()
        if line.endswith("{"):
            name = line[:-1].strip()
            stack.append("" if name == "/" else name)
            nodes["/".join(stack) or "/"] = {}
        elif line == "};":
            stack.pop()
        elif line.endswith(";") and stack:
            m = re.match(r"([^=\s]+)\s*(?:=\s*(.*))?;$", line)
            if m:
                nodes["/".join(stack) or "/"][m.group(1)] = m.group(2) or ""
    phandles = {}
    for path, props in nodes.items():
        if "phandle" in props:
            phandles[int(props["phandle"].strip("<>"), 16)] = path
    return nodes, phandles


def normalize(props, phandles):
    out = {}
    for k, v in props.items():
        if k in IGNORED:
            continue
        if k in REFS and v.startswith("<"):
            cells = v.strip("<>").split()
            if k == "interrupts-extended":
                v = " ".join(phandles.get(int(c, 16), c) if i % 2 == 0 else c
                             for i, c in enumerate(cells))
            else:
                v = " ".join(phandles.get(int(c, 16), c) for c in cells)
        out[k] = v
    return out


def main():
    ours, our_ph = parse(sys.argv[1])
    theirs, their_ph = parse(sys.argv[2])
    bad = 0
    for path in sorted(set(ours) | set(theirs)):
        if path not in ours:
            if not path.startswith(OMITTED):
                print(f"missing node {path}")
                bad += 1
            continue
        if path not in theirs:
            print(f"extra node {path}")
            bad += 1
            continue
        a, b = normalize(ours[path], our_ph), normalize(theirs[path], their_ph)
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                print(f"{path}: {k}: qelt {a.get(k)!r} qemu {b.get(k)!r}")
                bad += 1
    return 1 if bad else 0


sys.exit(main())
