/*
 * execlog: a trace of every executed instruction, one line each:
 *   vcpu, pc, encoding, "disassembly"[, load|store, vaddr, value ...][, reg -> new value ...]
 * Memory accesses of the instruction follow it; with reg=on, the general-purpose and FP
 * registers the instruction changed are appended (read through qemu_plugin_read_register, so
 * the instruction callbacks are registered with R_REGS). A line is completed when the next
 * instruction of the vCPU starts or at exit.
 *   reg=on        append register changes
 *   ifilter=STR   only instructions whose disassembly contains STR (repeatable)
 *   afilter=ADDR  only the instruction at address ADDR (hex, repeatable)
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAX_VCPUS 64
#define MAX_REGS 80
#define LINE 4096

typedef struct {
    char line[LINE];
    size_t len;
    bool open;
    uint64_t regs[MAX_REGS];
    bool regs_valid;
} VState;

static VState vs[MAX_VCPUS];
static bool track_regs;
static char **ifilters;
static int n_ifilters;
static uint64_t *afilters;
static int n_afilters;
static struct qemu_plugin_register *reg_handle[MAX_REGS];
static const char *reg_name[MAX_REGS];
static int n_regs;

static void add(VState *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(VState *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(s->line + s->len, LINE - s->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        s->len = s->len + (size_t)n < LINE - 1 ? s->len + (size_t)n : LINE - 1;
}

static void read_regs(uint64_t *out)
{
    for (int i = 0; i < n_regs; i++) {
        uint8_t store[16] = { 0 };
        GByteArray b = { store, 0 };
        uint64_t v = 0;
        int n = qemu_plugin_read_register(reg_handle[i], &b);
        memcpy(&v, store, n > 0 && n <= 8 ? (size_t)n : 0);
        out[i] = v;
    }
}

static void flush_line(unsigned vcpu)
{
    VState *s = &vs[vcpu % MAX_VCPUS];
    if (!s->open)
        return;
    if (track_regs) {
        uint64_t now[MAX_REGS];
        read_regs(now);
        for (int i = 0; i < n_regs; i++)
            if (s->regs_valid && now[i] != s->regs[i])
                add(s, ", %s -> 0x%" PRIx64, reg_name[i], now[i]);
        memcpy(s->regs, now, sizeof(now));
        s->regs_valid = true;
    }
    add(s, "\n");
    qemu_plugin_outs(s->line);
    s->open = false;
    s->len = 0;
}

static void insn_exec(unsigned vcpu, void *ud)
{
    VState *s = &vs[vcpu % MAX_VCPUS];
    flush_line(vcpu);
    add(s, "%u, %s", vcpu, (const char *)ud);
    s->open = true;
}

static void mem_cb(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    VState *s = &vs[vcpu % MAX_VCPUS];
    qemu_plugin_mem_value v = qemu_plugin_mem_get_value(info);
    unsigned sz = 1u << qemu_plugin_mem_size_shift(info);
    uint64_t val = sz == 1 ? v.data.u8 : sz == 2 ? v.data.u16 : sz == 4 ? v.data.u32 : v.data.u64;
    add(s, ", %s, 0x%08" PRIx64 ", 0x%" PRIx64, qemu_plugin_mem_is_store(info) ? "store" : "load",
        vaddr, val);
}

static bool selected(struct qemu_plugin_insn *insn, const char *dis)
{
    if (!n_ifilters && !n_afilters)
        return true;
    for (int i = 0; i < n_ifilters; i++)
        if (strstr(dis, ifilters[i]))
            return true;
    for (int i = 0; i < n_afilters; i++)
        if (afilters[i] == qemu_plugin_insn_vaddr(insn))
            return true;
    return false;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        char *dis = qemu_plugin_insn_disas(insn);
        if (selected(insn, dis)) {
            uint8_t b[4] = { 0 };
            size_t sz = qemu_plugin_insn_data(insn, b, sizeof b);
            uint32_t raw = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                           (uint32_t)b[3] << 24;
            char *text = malloc(strlen(dis) + 64);
            /* One string per translation: translations of a block are few. */
            sprintf(text, "0x%" PRIx64 ", 0x%0*" PRIx32 ", \"%s\"", qemu_plugin_insn_vaddr(insn),
                    (int)sz * 2, raw, dis);
            qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_exec,
                track_regs ? QEMU_PLUGIN_CB_R_REGS : QEMU_PLUGIN_CB_NO_REGS, text);
            qemu_plugin_register_vcpu_mem_cb(insn, mem_cb, QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_RW, NULL);
        }
        free(dis);
    }
}

static void vcpu_init(qemu_plugin_id_t id, unsigned vcpu)
{
    if (!track_regs || n_regs)
        return;
    GArray *a = qemu_plugin_get_registers();
    qemu_plugin_reg_descriptor *d = (qemu_plugin_reg_descriptor *)a->data;
    for (unsigned i = 0; i < a->len && n_regs < MAX_REGS; i++) {
        if (!strcmp(d[i].name, "pc"))
            continue;   /* changes every instruction */
        reg_handle[n_regs] = d[i].handle;
        reg_name[n_regs++] = d[i].name;
    }
    free(a);
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
    for (unsigned v = 0; v < MAX_VCPUS; v++)
        flush_line(v);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    ifilters = calloc((size_t)argc + 1, sizeof(char *));
    afilters = calloc((size_t)argc + 1, sizeof(uint64_t));
    for (int i = 0; i < argc; i++) {
        char *v = strchr(argv[i], '=');
        if (v && !strncmp(argv[i], "reg=", 4) && qemu_plugin_bool_parse("reg", v + 1, &track_regs))
            continue;
        if (v && !strncmp(argv[i], "ifilter=", 8)) {
            ifilters[n_ifilters++] = v + 1;
            continue;
        }
        if (v && !strncmp(argv[i], "afilter=", 8)) {
            afilters[n_afilters++] = strtoull(v + 1, NULL, 16);
            continue;
        }
        fprintf(stderr, "execlog: bad option %s\n", argv[i]);
        return -1;
    }
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
