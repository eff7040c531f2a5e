/*
 * hotblocks: the most executed blocks. Each translated block gets a per-vCPU execution counter
 * (a scoreboard entry bumped inline, no call); at exit the blocks are listed by execution count.
 *   limit=N   how many to list (default 20)
 * Output: "collected N entries in the hash table", then "pc, tcount, icount, ecount" rows:
 * block address, times translated, instructions in it, executions (summed over vCPUs).
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
    unsigned trans;
    struct qemu_plugin_scoreboard *exec;
    struct Block *next;
} Block;

#define HT_BITS 14
static Block *ht[1 << HT_BITS];
static size_t n_blocks;
static int limit = 20;

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    uint64_t pc = qemu_plugin_tb_vaddr(tb);
    size_t n = qemu_plugin_tb_n_insns(tb);
    unsigned h = (unsigned)((pc * 0x9e3779b97f4a7c15ull) >> (64 - HT_BITS));
    Block *b;
    for (b = ht[h]; b; b = b->next)
        if (b->pc == pc && b->insns == n)
            break;
    if (!b) {
        b = calloc(1, sizeof(*b));
        b->pc = pc;
        b->insns = n;
        b->exec = qemu_plugin_scoreboard_new(sizeof(uint64_t));
        b->next = ht[h];
        ht[h] = b;
        n_blocks++;
    }
    b->trans++;
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64,
                                                      qemu_plugin_scoreboard_u64(b->exec), 1);
}

static uint64_t execs(const Block *b)
{
    return qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(b->exec));
}

static int cmp(const void *x, const void *y)
{
    uint64_t a = execs(*(Block *const *)x), b = execs(*(Block *const *)y);
    return a < b ? 1 : a > b ? -1 : 0;
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
    Block **all = malloc((n_blocks + 1) * sizeof(*all));
    size_t n = 0;
    for (size_t h = 0; h < (1u << HT_BITS); h++)
        for (Block *b = ht[h]; b; b = b->next)
            all[n++] = b;
    qsort(all, n, sizeof(*all), cmp);
    char buf[256];
    snprintf(buf, sizeof buf, "collected %zu entries in the hash table\n", n);
    qemu_plugin_outs(buf);
    qemu_plugin_outs("pc, tcount, icount, ecount\n");
    for (size_t i = 0; i < n && i < (size_t)limit; i++) {
        snprintf(buf, sizeof buf, "0x%016" PRIx64 ", %u, %zu, %" PRIu64 "\n", all[i]->pc,
                 all[i]->trans, all[i]->insns, execs(all[i]));
        qemu_plugin_outs(buf);
    }
    free(all);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!strncmp(argv[i], "limit=", 6) && atoi(argv[i] + 6) > 0) {
            limit = atoi(argv[i] + 6);
            continue;
        }
        fprintf(stderr, "hotblocks: bad option %s\n", argv[i]);
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
