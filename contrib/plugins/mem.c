/*
 * mem: counts guest memory accesses.
 *   track=r|w|rw   which accesses (default rw)
 *   inline=on      count with inline adds (default: a callback per access)
 *   trace=on       also log every access: "R|W size vaddr value insn-vaddr" (implies callbacks)
 * Prints "mem accesses: N" (and "reads: R, writes: W" when tracking both) at exit.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

typedef struct { uint64_t r, w; } Counts;
static struct qemu_plugin_scoreboard *sb;
static qemu_plugin_u64 c_r, c_w;
static enum qemu_plugin_mem_rw rw = QEMU_PLUGIN_MEM_RW;
static bool do_inline, do_trace;

static void mem_cb(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    bool st = qemu_plugin_mem_is_store(info);
    qemu_plugin_u64_add(st ? c_w : c_r, vcpu, 1);
    if (do_trace) {
        char buf[128];
        qemu_plugin_mem_value v = qemu_plugin_mem_get_value(info);
        unsigned sz = 1u << qemu_plugin_mem_size_shift(info);
        uint64_t val = sz == 1 ? v.data.u8 : sz == 2 ? v.data.u16 : sz == 4 ? v.data.u32 : v.data.u64;
        snprintf(buf, sizeof buf, "%s %u 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 "\n",
                 st ? "W" : "R", sz, vaddr, val, (uint64_t)(uintptr_t)ud);
        qemu_plugin_outs(buf);
    }
}

/* Counting only: one callback per direction, on the vCPU's own entry, found once per vCPU
 * (scoreboards may move when vCPUs are added: the cache is refreshed at every vCPU start). */
#define MAX_CACHED_VCPUS 256
static Counts *cached[MAX_CACHED_VCPUS];

static Counts *counts_of(unsigned int vcpu)
{
    Counts *c = vcpu < MAX_CACHED_VCPUS ? cached[vcpu] : NULL;
    if (__builtin_expect(c == NULL, 0)) {
        c = qemu_plugin_scoreboard_find(sb, vcpu);
        if (vcpu < MAX_CACHED_VCPUS)
            cached[vcpu] = c;
    }
    return c;
}

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu)
{
    memset(cached, 0, sizeof cached);
}

static void count_r(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    counts_of(vcpu)->r++;
}

static void count_w(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    counts_of(vcpu)->w++;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (do_inline && !do_trace) {
            if (rw & QEMU_PLUGIN_MEM_R)
                qemu_plugin_register_vcpu_mem_inline_per_vcpu(insn, QEMU_PLUGIN_MEM_R,
                                                              QEMU_PLUGIN_INLINE_ADD_U64, c_r, 1);
            if (rw & QEMU_PLUGIN_MEM_W)
                qemu_plugin_register_vcpu_mem_inline_per_vcpu(insn, QEMU_PLUGIN_MEM_W,
                                                              QEMU_PLUGIN_INLINE_ADD_U64, c_w, 1);
        } else if (!do_trace) {
            if (rw & QEMU_PLUGIN_MEM_R)
                qemu_plugin_register_vcpu_mem_cb(insn, count_r, QEMU_PLUGIN_CB_NO_REGS,
                                                 QEMU_PLUGIN_MEM_R, NULL);
            if (rw & QEMU_PLUGIN_MEM_W)
                qemu_plugin_register_vcpu_mem_cb(insn, count_w, QEMU_PLUGIN_CB_NO_REGS,
                                                 QEMU_PLUGIN_MEM_W, NULL);
        } else {
            qemu_plugin_register_vcpu_mem_cb(insn, mem_cb, QEMU_PLUGIN_CB_NO_REGS, rw,
                                             (void *)(uintptr_t)qemu_plugin_insn_vaddr(insn));
        }
    }
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
    char buf[160];
    uint64_t r = qemu_plugin_u64_sum(c_r), w = qemu_plugin_u64_sum(c_w);
    snprintf(buf, sizeof buf, "mem accesses: %" PRIu64 "\n", r + w);
    qemu_plugin_outs(buf);
    if (rw == QEMU_PLUGIN_MEM_RW) {
        snprintf(buf, sizeof buf, "reads: %" PRIu64 ", writes: %" PRIu64 "\n", r, w);
        qemu_plugin_outs(buf);
    }
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        char *v = strchr(argv[i], '=');
        if (!v)
            goto bad;
        *v++ = '\0';
        if (!strcmp(argv[i], "track")) {
            if (!strcmp(v, "r"))
                rw = QEMU_PLUGIN_MEM_R;
            else if (!strcmp(v, "w"))
                rw = QEMU_PLUGIN_MEM_W;
            else if (!strcmp(v, "rw"))
                rw = QEMU_PLUGIN_MEM_RW;
            else
                goto bad;
        } else if (!strcmp(argv[i], "inline")) {
            if (!qemu_plugin_bool_parse(argv[i], v, &do_inline))
                goto bad;
        } else if (!strcmp(argv[i], "trace")) {
            if (!qemu_plugin_bool_parse(argv[i], v, &do_trace))
                goto bad;
        } else {
            goto bad;
        }
        continue;
    bad:
        fprintf(stderr, "mem: bad option %s\n", argv[i]);
        return -1;
    }
    sb = qemu_plugin_scoreboard_new(sizeof(Counts));
    c_r = qemu_plugin_scoreboard_u64_in_struct(sb, Counts, r);
    c_w = qemu_plugin_scoreboard_u64_in_struct(sb, Counts, w);
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
