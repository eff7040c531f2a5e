/*
 * bbv: basic-block vectors for SimPoint, in its .bb format: for every interval of N executed
 * instructions, one line "T:id:count :id:count ..." listing each block executed in that
 * interval (ids from 1, in order of first translation) with the number of instructions it
 * executed. One file per vCPU: PREFIX.VCPU.bb.
 *   interval=N      interval length in instructions (default 100000000)
 *   outfile=PREFIX  output prefix (default "qelt")
 *
 * Cost: per block execution two inline adds (the block's per-vCPU instruction counter and the
 * interval counter) and one conditional callback that fires only when the interval is full.
 * An interval closes at the first block start at or past N instructions, so intervals are N
 * instructions rounded up to a block boundary (as SimPoint tools expect).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

typedef struct Block {
    uint64_t pc;
    size_t insns;
    unsigned id;
    qemu_plugin_u64 count;
    struct Block *next, *all_next;
} Block;

#define HT_BITS 14
#define MAX_VCPUS 256
static Block *ht[1 << HT_BITS];
static Block *all, **all_tail = &all;
static unsigned n_blocks;
static uint64_t interval = 100000000;
static const char *prefix = "qelt";
static struct qemu_plugin_scoreboard *icount_sb, *block_sb;
static qemu_plugin_u64 icount;
static FILE *files[MAX_VCPUS];
static uint64_t n_intervals[MAX_VCPUS];

static FILE *file_of(unsigned vcpu)
{
    if (vcpu >= MAX_VCPUS)
        return NULL;
    if (!files[vcpu]) {
        char path[4096];
        snprintf(path, sizeof path, "%s.%u.bb", prefix, vcpu);
        files[vcpu] = fopen(path, "w");
    }
    return files[vcpu];
}

static void dump(unsigned vcpu)
{
    FILE *f = file_of(vcpu);
    bool any = false;
    for (Block *b = all; b; b = b->all_next) {
        uint64_t c = qemu_plugin_u64_get(b->count, vcpu);
        if (!c)
            continue;
        if (f)
            fprintf(f, "%s:%u:%" PRIu64 " ", any ? "" : "T", b->id, c);
        any = true;
        qemu_plugin_u64_set(b->count, vcpu, 0);
    }
    if (any && f) {
        fputc('\n', f);
        n_intervals[vcpu]++;
    }
    qemu_plugin_u64_set(icount, vcpu, 0);
}

static void interval_full(unsigned vcpu, void *ud)
{
    dump(vcpu);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    uint64_t pc = qemu_plugin_tb_vaddr(tb);
    size_t n = qemu_plugin_tb_n_insns(tb);
    unsigned h = (unsigned)((pc * 0x9e3779b97f4a7c15ull) >> (64 - HT_BITS));
    Block *b;
    for (b = ht[h]; b && !(b->pc == pc && b->insns == n); b = b->next)
        ;
    if (!b) {
        b = calloc(1, sizeof(*b));
        b->pc = pc;
        b->insns = n;
        b->id = ++n_blocks;
        /* One u64 per block in a scoreboard of its own: entries never move in qelt. */
        struct qemu_plugin_scoreboard *s = qemu_plugin_scoreboard_new(sizeof(uint64_t));
        b->count = qemu_plugin_scoreboard_u64(s);
        b->next = ht[h];
        ht[h] = b;
        *all_tail = b;
        all_tail = &b->all_next;
    }
    /* The interval check runs first: the block that crosses the boundary opens the next. */
    qemu_plugin_register_vcpu_tb_exec_cond_cb(tb, interval_full, QEMU_PLUGIN_CB_NO_REGS,
                                              QEMU_PLUGIN_COND_GE, icount, interval, NULL);
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64, icount, n);
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64, b->count, n);
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
    char buf[4200];
    for (int v = 0; v < qemu_plugin_num_vcpus() && v < MAX_VCPUS; v++) {
        dump((unsigned)v);
        if (files[v]) {
            fclose(files[v]);
            snprintf(buf, sizeof buf, "bbv: vcpu %d: %" PRIu64 " intervals, %u blocks -> %s.%d.bb\n",
                     v, n_intervals[v], n_blocks, prefix, v);
            qemu_plugin_outs(buf);
        }
    }
    (void)block_sb;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!strncmp(argv[i], "interval=", 9) && strtoull(argv[i] + 9, NULL, 0) > 0) {
            interval = strtoull(argv[i] + 9, NULL, 0);
            continue;
        }
        if (!strncmp(argv[i], "outfile=", 8) && argv[i][8]) {
            prefix = argv[i] + 8;
            continue;
        }
        fprintf(stderr, "bbv: bad option %s\n", argv[i]);
        return -1;
    }
    icount_sb = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    icount = qemu_plugin_scoreboard_u64(icount_sb);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
