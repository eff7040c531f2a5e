/*
 * howvec: histogram of executed RISC-V instructions by class (loads, stores, branches, jumps,
 * ALU, multiply/divide, atomics, FP, system...), counted inline per vCPU (one scoreboard entry
 * per class). With verbose=on, also the most executed individual instructions.
 *   verbose=on   list the top instructions (callback per instruction: slower)
 *   limit=N      length of that list (default 20)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

enum { C_LOAD, C_STORE, C_BRANCH, C_JUMP, C_ALU, C_ALUW, C_UPPER, C_MULDIV, C_ATOMIC, C_FPLS,
       C_FP, C_SYSTEM, C_FENCE, C_OTHER, N_CLASSES };
static const char *const class_names[N_CLASSES] = {
    "Load", "Store", "Branch", "Jump", "ALU", "ALU (32-bit)", "Upper immediate",
    "Mul/Div", "Atomic", "FP load/store", "FP arithmetic", "System", "Fence", "Other",
};

static struct qemu_plugin_scoreboard *sb;
static bool verbose;
static int limit = 20;

typedef struct Insn {
    uint64_t addr;
    char *disas;
    uint64_t count;
    struct Insn *next;
} Insn;
#define HT_BITS 14
static Insn *ht[1 << HT_BITS];
static size_t n_insns;

/* Expand the class of a 16-bit compressed instruction (RVC quadrants). */
static int class16(uint16_t i)
{
    int op = i & 3, f3 = i >> 13;
    switch (op) {
    case 0: return f3 == 0 ? C_ALU : f3 == 1 || f3 == 5 ? C_FPLS : f3 < 4 ? C_LOAD : C_STORE;
    case 1:
        if (f3 == 1 || f3 == 5) return C_JUMP;
        if (f3 >= 6) return C_BRANCH;
        if (f3 == 3) return C_UPPER;
        if (f3 == 4 && ((i >> 10) & 3) == 3 && (i & (1 << 12))) return C_ALUW;
        return C_ALU;
    default:
        if (f3 == 1 || f3 == 5) return C_FPLS;
        if (f3 == 2 || f3 == 3) return C_LOAD;
        if (f3 >= 6) return C_STORE;
        if (f3 == 4) {
            bool rs2 = (i >> 2) & 31;
            if (!rs2) return ((i >> 7) & 31) ? C_JUMP : C_SYSTEM;   /* jr/jalr, ebreak */
            return C_ALU;
        }
        return C_ALU;
    }
}

static int class32(uint32_t i)
{
    switch ((i >> 2) & 31) {
    case 0x00: return C_LOAD;
    case 0x08: return C_STORE;
    case 0x18: return C_BRANCH;
    case 0x19: case 0x1b: return C_JUMP;
    case 0x04: return C_ALU;
    case 0x0c: return (i >> 25) == 1 ? C_MULDIV : C_ALU;
    case 0x06: return C_ALUW;
    case 0x0e: return (i >> 25) == 1 ? C_MULDIV : C_ALUW;
    case 0x05: case 0x0d: return C_UPPER;
    case 0x0b: return C_ATOMIC;
    case 0x01: case 0x09: return C_FPLS;
    case 0x10: case 0x11: case 0x12: case 0x13: case 0x14: return C_FP;
    case 0x1c: return C_SYSTEM;
    case 0x03: return C_FENCE;
    default: return C_OTHER;
    }
}

static void insn_cb(unsigned vcpu, void *ud)
{
    ((Insn *)ud)->count++;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint8_t b[4] = { 0 };
        size_t sz = qemu_plugin_insn_data(insn, b, sizeof b);
        uint32_t raw = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                       (uint32_t)b[3] << 24;
        int cls = sz == 2 ? class16((uint16_t)raw) : class32(raw);
        qemu_plugin_u64 e = { sb, (size_t)cls * sizeof(uint64_t) };
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(insn, QEMU_PLUGIN_INLINE_ADD_U64, e, 1);
        if (verbose) {
            uint64_t a = qemu_plugin_insn_vaddr(insn);
            unsigned h = (unsigned)((a * 0x9e3779b97f4a7c15ull) >> (64 - HT_BITS));
            Insn *d;
            for (d = ht[h]; d && d->addr != a; d = d->next)
                ;
            if (!d) {
                d = calloc(1, sizeof(*d));
                d->addr = a;
                d->disas = qemu_plugin_insn_disas(insn);
                d->next = ht[h];
                ht[h] = d;
                n_insns++;
            }
            qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_cb, QEMU_PLUGIN_CB_NO_REGS, d);
        }
    }
}

static int cmp(const void *x, const void *y)
{
    uint64_t a = (*(Insn *const *)x)->count, b = (*(Insn *const *)y)->count;
    return a < b ? 1 : a > b ? -1 : 0;
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
    char buf[256];
    uint64_t total = 0, c[N_CLASSES];
    for (int k = 0; k < N_CLASSES; k++) {
        qemu_plugin_u64 e = { sb, (size_t)k * sizeof(uint64_t) };
        c[k] = qemu_plugin_u64_sum(e);
        total += c[k];
    }
    qemu_plugin_outs("Instruction Classes:\n");
    for (int k = 0; k < N_CLASSES; k++) {
        snprintf(buf, sizeof buf, "Class: %-20s\t%" PRIu64 " hits (%.2f%%)\n", class_names[k], c[k],
                 total ? 100.0 * (double)c[k] / (double)total : 0.0);
        qemu_plugin_outs(buf);
    }
    snprintf(buf, sizeof buf, "Total: %" PRIu64 " instructions\n", total);
    qemu_plugin_outs(buf);
    if (verbose) {
        Insn **all = malloc((n_insns + 1) * sizeof(*all));
        size_t n = 0;
        for (size_t h = 0; h < (1u << HT_BITS); h++)
            for (Insn *d = ht[h]; d; d = d->next)
                all[n++] = d;
        qsort(all, n, sizeof(*all), cmp);
        qemu_plugin_outs("Individual Instructions:\n");
        for (size_t i = 0; i < n && i < (size_t)limit; i++) {
            snprintf(buf, sizeof buf, "Instr: 0x%" PRIx64 " %-24s\t(%" PRIu64 " hits)\n",
                     all[i]->addr, all[i]->disas, all[i]->count);
            qemu_plugin_outs(buf);
        }
        free(all);
    }
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        char *v = strchr(argv[i], '=');
        if (v && !strncmp(argv[i], "verbose=", 8) && qemu_plugin_bool_parse("verbose", v + 1, &verbose))
            continue;
        if (!strncmp(argv[i], "limit=", 6) && atoi(argv[i] + 6) > 0) {
            limit = atoi(argv[i] + 6);
            continue;
        }
        fprintf(stderr, "howvec: bad option %s\n", argv[i]);
        return -1;
    }
    sb = qemu_plugin_scoreboard_new(N_CLASSES * sizeof(uint64_t));
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
