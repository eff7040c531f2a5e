/*
 * bb: counts executed translation blocks and instructions per vCPU.
 *   inline=on  inline adds on a per-vCPU scoreboard (default: a callback per block)
 * Prints "cpu N: bb's: X, insns: Y" per vCPU and "bb's: X, insns: Y" in total.
 * Blocks are qelt's translation blocks: they end at branches, system calls and page boundaries
 * like QEMU's, so counts match QEMU's closely but not necessarily exactly.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

typedef struct { uint64_t bbs, insns; } Counts;
static struct qemu_plugin_scoreboard *sb;
static qemu_plugin_u64 bbs, insns;
static bool do_inline;

static void tb_exec(unsigned int vcpu, void *udata)
{
    qemu_plugin_u64_add(bbs, vcpu, 1);
    qemu_plugin_u64_add(insns, vcpu, (uintptr_t)udata);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    if (do_inline) {
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64, bbs, 1);
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64, insns, n);
    } else {
        qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS, (void *)n);
    }
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
    char buf[160];
    for (int i = 0; i < qemu_plugin_num_vcpus(); i++) {
        snprintf(buf, sizeof buf, "cpu %d: bb's: %" PRIu64 ", insns: %" PRIu64 "\n", i,
                 qemu_plugin_u64_get(bbs, i), qemu_plugin_u64_get(insns, i));
        qemu_plugin_outs(buf);
    }
    snprintf(buf, sizeof buf, "bb's: %" PRIu64 ", insns: %" PRIu64 "\n",
             qemu_plugin_u64_sum(bbs), qemu_plugin_u64_sum(insns));
    qemu_plugin_outs(buf);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        char *v = strchr(argv[i], '=');
        if (v && !strncmp(argv[i], "inline=", 7) && qemu_plugin_bool_parse("inline", v + 1, &do_inline))
            continue;
        fprintf(stderr, "bb: unknown option %s\n", argv[i]);
        return -1;
    }
    sb = qemu_plugin_scoreboard_new(sizeof(Counts));
    bbs = qemu_plugin_scoreboard_u64_in_struct(sb, Counts, bbs);
    insns = qemu_plugin_scoreboard_u64_in_struct(sb, Counts, insns);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
