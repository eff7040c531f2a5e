/*
 * Conformance plugin for qelt's plugin API (tests/plugins/run.sh drives it). It counts guest
 * instructions five independent ways (per-vCPU inline add, callback, block-level inline add of
 * the block size, API-1 raw-pointer inline add, conditional callback) and prints them at exit;
 * with memlog=SYMBOL it logs every memory access made by instructions of that function (relative
 * address, size, direction, sign, value, through both mem callbacks and mem inline counters);
 * with disas=SYMBOL it prints the function's instructions (vaddr offset, bytes, disassembly);
 * with regs=on it checks the register API; with syscalls=on it logs system calls.
 * Arguments it does not know make its install fail (exit status 1 from qelt).
 * Output goes through qemu_plugin_outs (run qelt with -d plugin).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

typedef struct {
    uint64_t insn_inline, blocks, tb_insns, cond_ctr, store_slot;
    uint64_t mem_r_inline, mem_w_inline;
} Counters;

static struct qemu_plugin_scoreboard *sb;
static qemu_plugin_u64 c_insn, c_blocks, c_tb_insns, c_cond, c_store, c_mr, c_mw;
static uint64_t insn_cb_count, raw_count, cond_calls, mem_cb_r, mem_cb_w;
static const char *memlog_sym, *disas_sym;
static bool regs_check, log_syscalls;
static uint64_t mem_base;
static bool mem_base_set;
static uint64_t cond_threshold = 1000;

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    qemu_plugin_outs(buf);
}

static void insn_cb(unsigned vcpu, void *ud)
{
    insn_cb_count++;
}

static void cond_cb(unsigned vcpu, void *ud)
{
    cond_calls++;
}

static void mem_log_cb(unsigned vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    bool st = qemu_plugin_mem_is_store(info);
    unsigned sz = 1u << qemu_plugin_mem_size_shift(info);
    qemu_plugin_mem_value v = qemu_plugin_mem_get_value(info);
    uint64_t val = sz == 1 ? v.data.u8 : sz == 2 ? v.data.u16 : sz == 4 ? v.data.u32 : v.data.u64;
    if (!mem_base_set) {
        mem_base = vaddr;
        mem_base_set = true;
    }
    if (st)
        mem_cb_w++;
    else
        mem_cb_r++;
    out("mem %s size=%u off=%+" PRId64 " sign=%d be=%d hw=%s val=0x%" PRIx64 " insn=%s\n",
        st ? "W" : "R", sz, (int64_t)(vaddr - mem_base), qemu_plugin_mem_is_sign_extended(info),
        qemu_plugin_mem_is_big_endian(info),
        qemu_plugin_get_hwaddr(info, vaddr) ? "yes" : "null", val, (const char *)ud);
}

static void regs_cb(unsigned vcpu, void *ud)
{
    GArray *regs = qemu_plugin_get_registers();
    qemu_plugin_reg_descriptor *d = (qemu_plugin_reg_descriptor *)regs->data;
    uint64_t sp = 0, pc = 0;
    int found = 0;
    for (unsigned i = 0; i < regs->len; i++) {
        uint8_t store[32];
        GByteArray b = { store, 0 };
        if (!strcmp(d[i].name, "sp") || !strcmp(d[i].name, "pc")) {
            int n = qemu_plugin_read_register(d[i].handle, &b);
            uint64_t v = 0;
            memcpy(&v, b.data, n == 8 ? 8 : 0);
            if (!strcmp(d[i].name, "sp"))
                sp = v;
            else
                pc = v;
            found++;
        }
    }
    out("regs n=%u found=%d sp_nonzero=%d pc=0x%" PRIx64 " first=%s last=%s feature0=%s\n",
        regs->len, found, sp != 0, pc, d[0].name, d[regs->len - 1].name, d[0].feature);
    free(regs);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64,
                                                      c_blocks, 1);
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64,
                                                      c_tb_insns, n);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        const char *sym = qemu_plugin_insn_symbol(insn);
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                                            c_insn, 1);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                                   &raw_count, 1);
        /* c_cond counts too; the conditional callback fires once it reaches the threshold. */
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                                            c_cond, 1);
        qemu_plugin_register_vcpu_insn_exec_cond_cb(insn, cond_cb, QEMU_PLUGIN_CB_NO_REGS,
                                                    QEMU_PLUGIN_COND_GE, c_cond,
                                                    cond_threshold, NULL);
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(insn, QEMU_PLUGIN_INLINE_STORE_U64,
                                                            c_store, 0x1234567890ull);
        if (sym && memlog_sym && !strcmp(sym, memlog_sym)) {
            char *dis = qemu_plugin_insn_disas(insn);
            qemu_plugin_register_vcpu_mem_cb(insn, mem_log_cb, QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_RW, dis);
            qemu_plugin_register_vcpu_mem_inline_per_vcpu(insn, QEMU_PLUGIN_MEM_R,
                                                          QEMU_PLUGIN_INLINE_ADD_U64, c_mr, 1);
            qemu_plugin_register_vcpu_mem_inline_per_vcpu(insn, QEMU_PLUGIN_MEM_W,
                                                          QEMU_PLUGIN_INLINE_ADD_U64, c_mw, 1);
        }
        if (sym && disas_sym && !strcmp(sym, disas_sym)) {
            uint8_t bytes[8];
            size_t sz = qemu_plugin_insn_data(insn, bytes, sizeof bytes);
            char hex[20] = "";
            for (size_t k = 0; k < sz; k++)
                snprintf(hex + 2 * k, 3, "%02x", bytes[k]);
            char *dis = qemu_plugin_insn_disas(insn);
            out("disas +%" PRIu64 " size=%zu bytes=%s haddr=%s %s\n",
                qemu_plugin_insn_vaddr(insn) - qemu_plugin_tb_vaddr(tb),
                qemu_plugin_insn_size(insn), hex,
                qemu_plugin_insn_haddr(insn) ? "ok" : "null", dis);
            free(dis);
        }
        if (regs_check && sym && !strcmp(sym, "memtest") && i == 0)
            qemu_plugin_register_vcpu_insn_exec_cb(insn, regs_cb, QEMU_PLUGIN_CB_R_REGS, NULL);
    }
}

static void syscall_cb(qemu_plugin_id_t id, unsigned vcpu, int64_t num, uint64_t a1,
                       uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
                       uint64_t a7, uint64_t a8)
{
    if (log_syscalls)
        out("syscall %" PRId64 " a0=%" PRIu64 " a2=%" PRIu64 "\n", num, a1, a3);
}

static void syscall_ret_cb(qemu_plugin_id_t id, unsigned vcpu, int64_t num, int64_t ret)
{
    if (log_syscalls)
        out("sysret %" PRId64 " = %" PRId64 "\n", num, ret);
}

static void vcpu_init(qemu_plugin_id_t id, unsigned vcpu)
{
    out("vcpu_init %u num_vcpus=%d\n", vcpu, qemu_plugin_num_vcpus());
}

static void vcpu_exit(qemu_plugin_id_t id, unsigned vcpu)
{
    out("vcpu_exit %u\n", vcpu);
}

static void at_exit(qemu_plugin_id_t id, void *ud)
{
    uint64_t ins = qemu_plugin_u64_sum(c_insn);
    out("insn-inline %" PRIu64 "\n", ins);
    out("insn-cb %" PRIu64 "\n", insn_cb_count);
    out("tb-inline %" PRIu64 "\n", qemu_plugin_u64_sum(c_tb_insns));
    out("raw-inline %" PRIu64 "\n", raw_count);
    out("cond-cb %" PRIu64 " (expected %" PRIu64 ")\n", cond_calls,
        ins >= cond_threshold ? ins - cond_threshold + 1 : 0);
    out("store-inline 0x%" PRIx64 "\n", qemu_plugin_u64_get(c_store, 0));
    out("blocks-nonzero %d\n", qemu_plugin_u64_sum(c_blocks) > 0);
    if (memlog_sym)
        out("mem-count cb R=%" PRIu64 " W=%" PRIu64 " inline R=%" PRIu64 " W=%" PRIu64 "\n",
            mem_cb_r, mem_cb_w, qemu_plugin_u64_sum(c_mr), qemu_plugin_u64_sum(c_mw));
    out("path-ok %d start<entry<end %d\n", qemu_plugin_path_to_binary() != NULL,
        qemu_plugin_start_code() <= qemu_plugin_entry_code() &&
        qemu_plugin_entry_code() < qemu_plugin_end_code());
    qemu_plugin_scoreboard_free(sb);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) {
            fprintf(stderr, "conform: bad argument '%s'\n", argv[i]);
            return -1;
        }
        *eq = '\0';
        const char *k = argv[i], *v = eq + 1;
        bool b;
        if (!strcmp(k, "memlog"))
            memlog_sym = v;
        else if (!strcmp(k, "disas"))
            disas_sym = v;
        else if (!strcmp(k, "regs") && qemu_plugin_bool_parse(k, v, &b))
            regs_check = b;
        else if (!strcmp(k, "syscalls") && qemu_plugin_bool_parse(k, v, &b))
            log_syscalls = b;
        else {
            fprintf(stderr, "conform: bad argument '%s=%s'\n", k, v);
            return -1;
        }
    }
    if (strcmp(info->target_name, "riscv64") || info->system_emulation ||
        info->version.cur < QEMU_PLUGIN_VERSION) {
        fprintf(stderr, "conform: unexpected qemu_info\n");
        return -1;
    }
    sb = qemu_plugin_scoreboard_new(sizeof(Counters));
    c_insn = qemu_plugin_scoreboard_u64_in_struct(sb, Counters, insn_inline);
    c_blocks = qemu_plugin_scoreboard_u64_in_struct(sb, Counters, blocks);
    c_tb_insns = qemu_plugin_scoreboard_u64_in_struct(sb, Counters, tb_insns);
    c_cond = qemu_plugin_scoreboard_u64_in_struct(sb, Counters, cond_ctr);
    c_store = qemu_plugin_scoreboard_u64_in_struct(sb, Counters, store_slot);
    c_mr = qemu_plugin_scoreboard_u64_in_struct(sb, Counters, mem_r_inline);
    c_mw = qemu_plugin_scoreboard_u64_in_struct(sb, Counters, mem_w_inline);
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_exit_cb(id, vcpu_exit);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_vcpu_syscall_cb(id, syscall_cb);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, syscall_ret_cb);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
