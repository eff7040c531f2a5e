/*
 * insn: counts executed guest instructions per vCPU.
 *   inline=on   count with an inline add on a per-vCPU scoreboard (no call; qelt merges the
 *               adds of consecutive instructions, so the cost is about one add per block)
 *   (default)   count with a callback per instruction
 * Prints "cpu N insns: X" per vCPU and "total insns: X" at exit (run with -d plugin).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static struct qemu_plugin_scoreboard *counts;
static qemu_plugin_u64 count;
static bool do_inline;

/* The callback adds to the vCPU's own entry, found once per vCPU (scoreboards may move when
 * vCPUs are added: the cache is refreshed at every vCPU start). */
#define MAX_CACHED_VCPUS 256
static uint64_t *cached[MAX_CACHED_VCPUS];

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu)
{
    memset(cached, 0, sizeof cached);
}

static void insn_exec(unsigned int vcpu, void *udata)
{
    uint64_t *c = vcpu < MAX_CACHED_VCPUS ? cached[vcpu] : NULL;
    if (__builtin_expect(c == NULL, 0)) {
        c = qemu_plugin_scoreboard_find(counts, vcpu);
        if (vcpu < MAX_CACHED_VCPUS)
            cached[vcpu] = c;
    }
    (*c)++;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (do_inline)
            qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
                insn, QEMU_PLUGIN_INLINE_ADD_U64, count, 1);
        else
            qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_exec, QEMU_PLUGIN_CB_NO_REGS, NULL);
    }
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
    char buf[128];
    for (int i = 0; i < qemu_plugin_num_vcpus(); i++) {
        snprintf(buf, sizeof buf, "cpu %d insns: %" PRIu64 "\n", i, qemu_plugin_u64_get(count, i));
        qemu_plugin_outs(buf);
    }
    snprintf(buf, sizeof buf, "total insns: %" PRIu64 "\n", qemu_plugin_u64_sum(count));
    qemu_plugin_outs(buf);
    qemu_plugin_scoreboard_free(counts);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        char *v = strchr(argv[i], '=');
        if (v && !strncmp(argv[i], "inline=", 7) && qemu_plugin_bool_parse("inline", v + 1, &do_inline))
            continue;
        fprintf(stderr, "insn: unknown option %s\n", argv[i]);
        return -1;
    }
    counts = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    count = qemu_plugin_scoreboard_u64(counts);
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
