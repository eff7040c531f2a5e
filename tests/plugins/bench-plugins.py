#!/usr/bin/env python3
"""Plugin overhead benchmark: runs bench/ integer programs (built by bench/build.sh into
$BUILD/bench/rv64) under plain qelt and qelt with the bundled insn (inline and callback), mem
and cache plugins, and under qemu-riscv64 plain and with QEMU 7.2's own insn (inline, callback),
mem and cache plugins (built by tests/plugins/qemu-compat.sh). Reports CPU time (user+sys, the
best of RUNS runs: the machine is shared) per configuration, ratios to the plain run of the same
emulator, geometric means, and qelt+cache against qemu+cache.

Usage: bench-plugins.py [--scale N] [--runs N] [NAME...]  (sizes = bench FULL size / scale)
"""
import math, os, resource, subprocess, sys, time

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.abspath(os.path.join(here, '..', '..'))
build = os.environ.get('BUILD', os.path.join(repo, 'build'))
qelt = os.environ.get('QELT', os.path.join(build, 'qelt-riscv64'))
qemu = os.environ.get('QEMU', 'qemu-riscv64')
cp = os.path.join(build, 'contrib', 'plugins')
q72 = os.path.join(build, 'tests', 'plugins', 'q72')

args = sys.argv[1:]
scale, runs, names = 10, 1, []
while args:
    a = args.pop(0)
    if a == '--scale': scale = int(args.pop(0))
    elif a == '--runs': runs = int(args.pop(0))
    else: names.append(a)

progs = []
for line in open(os.path.join(repo, 'bench', 'programs.txt')):
    f = line.split()
    if not f or f[0].startswith('#') or f[1] != 'src':
        continue
    if names and f[0] not in names:
        continue
    progs.append((f[0], max(1, int(f[2]) // scale), f[4:]))

configs = [
    ('qelt', [qelt]),
    ('qelt+insn-inline', [qelt, '-plugin', cp + '/libinsn.so,inline=on']),
    ('qelt+insn-cb', [qelt, '-plugin', cp + '/libinsn.so']),
    ('qelt+mem', [qelt, '-plugin', cp + '/libmem.so']),
    ('qelt+cache', [qelt, '-plugin', cp + '/libcache.so']),
    ('qemu', [qemu]),
    ('qemu+insn-inline', [qemu, '-plugin', q72 + '/libinsn.so,inline=on']),
    ('qemu+insn-cb', [qemu, '-plugin', q72 + '/libinsn.so']),
    ('qemu+mem', [qemu, '-plugin', q72 + '/libmem.so,callback=true']),
    ('qemu+cache', [qemu, '-plugin', q72 + '/libcache.so']),
]

def cpu_time(cmd):
    best = None
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        if p.returncode != 0:
            return None
        best = t if best is None else min(best, t)
    return best

res = {}
for name, size, extra in progs:
    binary = os.path.join(build, 'bench', 'rv64', name)
    if not os.path.exists(binary):
        continue
    argv = [binary] + [x.replace('@BENCH@', os.path.join(repo, 'bench')) for x in extra] + [str(size)]
    for label, pre in configs:
        res[(name, label)] = cpu_time(pre + argv)
    print(name, ' '.join('%s=%.2f' % (l, res[(name, l)] or -1) for l, _ in configs), file=sys.stderr)

def ratio(n, a, b):
    x, y = res.get((n, a)), res.get((n, b))
    return x / y if x and y else None

cols = [('qelt', None), ('qelt+insn-inline', 'qelt'), ('qelt+insn-cb', 'qelt'), ('qelt+mem', 'qelt'),
        ('qelt+cache', 'qelt'), ('qemu', None), ('qemu+insn-inline', 'qemu'), ('qemu+insn-cb', 'qemu'),
        ('qemu+mem', 'qemu'), ('qemu+cache', 'qemu')]
print('CPU seconds (ratio to the same emulator without plugins); size = FULL/%d, best of %d' % (scale, runs))
print('%-9s' % 'program' + ''.join('%18s' % c for c, _ in cols) + '%14s' % 'qemu/qelt cache')
geo = {c: [] for c, _ in cols}
geo['cachex'] = []
for name, _, _ in progs:
    if (name, 'qelt') not in res:
        continue
    row = '%-9s' % name
    for c, base in cols:
        t = res.get((name, c))
        if t is None:
            row += '%18s' % '-'
            continue
        if base:
            r = ratio(name, c, base)
            row += '%18s' % ('%.2f (%.2fx)' % (t, r))
            geo[c].append(r)
        else:
            row += '%18s' % ('%.2f' % t)
    cx = ratio(name, 'qemu+cache', 'qelt+cache')
    row += '%14s' % ('%.1fx' % cx if cx else '-')
    if cx: geo['cachex'].append(cx)
    print(row)
gm = lambda v: math.exp(sum(math.log(x) for x in v) / len(v)) if v else float('nan')
print('%-9s' % 'geomean' + ''.join('%18s' % ('%.2fx' % gm(geo[c]) if base else '') for c, base in cols)
      + '%14s' % ('%.1fx' % gm(geo['cachex'])))
