/*
 * RISC-V decoder and disassembler test: replays riscv-decode-cases.txt (GNU objdump's verdict
 * on ~68k instruction words: every 16-bit word, random words for every table entry, random
 * 32-bit words; see riscv-decode-cases.py) through rv_decode + rv_disas and compares validity,
 * length and text. Each valid compressed word is also checked to expand to the base instruction
 * objdump's compressed text implies (independently of decode.c's expansion code).
 *
 * Differences from objdump 2.40 that are accepted, by normalising objdump's text (never by
 * skipping a case):
 *  - targets: objdump prints "24" (hex, no prefix), qelt "0x24";
 *  - an empty fence set: objdump "unknown", qelt "0";
 *  - CSRs: qelt names the CSRs of its table (guest/riscv/csr.def: those the machine has) and
 *    prints others in hex; objdump names every CSR of the specifications;
 *  - objdump prints csrrw zero,cycle,zero as "unimp" even with no-aliases;
 *  - reserved rounding modes 5/6 (objdump: ",unknown") are illegal instructions in qelt;
 *  - privileged instructions (mret, sret, wfi, sfence.vma ...) are illegal in user mode;
 *  - c.addi16sp with imm 0 and 0x0000 ("c.unimp") are reserved/illegal per the ISA manual;
 *  - aes64ks1i with rnum 0xb..0xf is reserved (the Zkn spec), objdump decodes it;
 *  - extensions binutils 2.40 does not know (Zicond, Zcb, Zcmop, Zimop, Zacas, Zfa): objdump
 *    prints ".Nbyte"; qelt's decoding of them is checked by the guest programs of tests/isa-ext, and
 *    their words count in the group "riscv-decode/ext" (the other extensions' words are
 *    compared with objdump there, assembled with riscv-decode-cases.py's MARCH);
 *  - vector words (issue 12): objdump 2.40 knows V but not Zvbb/Zvbc/Zvk* (those count like
 *    the extensions above); a V instruction objdump decodes that insns-v.def has no row for
 *    yet counts in "riscv-decode/v-pending" (the table gains its rows part by part; every
 *    vector word qelt does decode is compared with objdump);
 *  - objdump rejects a fence with rd/rs1/fm bits set, a fence.i with imm/rs1/rd bits set and
 *    fcvt.d.s/fcvt.d.w/fcvt.d.wu/fcvt.s.h/fcvt.d.h with rm != rne; the ISA says the former
 *    two ignore the fields and the latter accept every valid rm, so qelt decodes them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "unit.h"
#include "decode.h"
#include "decode-int.h"
#include "guest.h"

#define MAX_FAIL_LINES 20

typedef struct Group { const char *name; int n, bad; } Group;
static Group groups[] = {
    { .name = "riscv-decode/rv64i" }, { .name = "riscv-decode/m" }, { .name = "riscv-decode/a" },
    { .name = "riscv-decode/f" }, { .name = "riscv-decode/d" }, { .name = "riscv-decode/zicsr" },
    { .name = "riscv-decode/zifencei" }, { .name = "riscv-decode/c" },
    { .name = "riscv-decode/c-expand" }, { .name = "riscv-decode/invalid" },
    { .name = "riscv-decode/ext" }, { .name = "riscv-decode/v" },
    { .name = "riscv-decode/v-pending" },
};
enum { G_I, G_M, G_A, G_F, G_D, G_ZICSR, G_ZIFENCEI, G_C, G_CEXP, G_INVALID, G_EXT, G_V,
       G_VPEND };

/* The extension of the instruction (its compressed form's for a 16-bit one). */
static int ext_of(const RVInsn *in)
{
    return rv_op_info[in->len == 2 ? in->cop : in->op].ext;
}

/* Extensions objdump 2.40 cannot disassemble. */
static bool objdump_lacks(const RVInsn *in)
{
    switch (ext_of(in)) {
    case RV_EXT_ZICOND: case RV_EXT_ZCB: case RV_EXT_ZCMOP: case RV_EXT_ZIMOP: case RV_EXT_ZACAS:
    case RV_EXT_ZFA: case RV_EXT_ZFA_ZFH:
    case RV_EXT_ZCB_ZBB: case RV_EXT_ZCB_ZBA: case RV_EXT_ZCB_M:
    case RV_EXT_ZVBB: case RV_EXT_ZVBC: case RV_EXT_ZVKB: case RV_EXT_ZVKG: case RV_EXT_ZVKNED:
    case RV_EXT_ZVKNHA: case RV_EXT_ZVKNHB: case RV_EXT_ZVKNHA_ZVKNHB: case RV_EXT_ZVKSED:
    case RV_EXT_ZVKSH:
        return true;
    }
    return false;
}
static int fail_lines;

static void mismatch(Group *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void mismatch(Group *g, const char *fmt, ...)
{
    g->bad++;
    if (++fail_lines > MAX_FAIL_LINES)
        return;
    va_list ap;
    va_start(ap, fmt);
    printf("FAIL %s: ", g->name);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    unit_failures++;
}

static int group_of(const RVInsn *in, const char *mn)
{
    if (in->op == 0)
        return G_INVALID;
    if (in->len == 4 && in->op >= RV_OP_vsetvli)
        return G_V;
    switch (ext_of(in)) {
    case RV_EXT_I: case RV_EXT_M: case RV_EXT_A: case RV_EXT_F: case RV_EXT_D: case RV_EXT_C:
    case RV_EXT_CD: case RV_EXT_ZICSR: case RV_EXT_ZIFENCEI: case RV_EXT_PRIV:
        break;
    default:
        return G_EXT;
    }
    if (in->len == 2)
        return G_C;
    if (!strncmp(mn, "csrr", 4))
        return G_ZICSR;
    if (!strcmp(mn, "fence.i"))
        return G_ZIFENCEI;
    if (!strncmp(mn, "amo", 3) || !strncmp(mn, "lr.", 3) || !strncmp(mn, "sc.", 3))
        return G_A;
    static const char *const m[] = { "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem",
                                     "remu", "mulw", "divw", "divuw", "remw", "remuw" };
    for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
        if (!strcmp(mn, m[i]))
            return G_M;
    if (mn[0] == 'f' && strncmp(mn, "fence", 5)) {
        size_t l = strlen(mn);
        return mn[l - 1] == 'd' || !strcmp(mn, "fld") || !strcmp(mn, "fsd") ||
               !strncmp(mn, "fcvt.d.", 7) || !strcmp(mn, "fmv.d.x") ? G_D : G_F;
    }
    return G_I;
}

/* Splits "mn a,b,c" into the mnemonic and up to 8 operands (in place). */
typedef struct Parsed { char mn[32]; char ops[8][48]; int nops; } Parsed;

static void parse(Parsed *p, const char *s)
{
    memset(p, 0, sizeof(*p));
    int i = 0;
    while (*s && *s != ' ' && i < 31)
        p->mn[i++] = *s++;
    while (*s == ' ')
        s++;
    while (*s && p->nops < 8) {
        i = 0;
        while (*s && *s != ',' && i < 47)
            p->ops[p->nops][i++] = *s++;
        p->nops++;
        if (*s == ',')
            s++;
    }
}

static void unparse(char *buf, size_t n, const Parsed *p)
{
    size_t l = snprintf(buf, n, "%s", p->mn);
    for (int i = 0; i < p->nops && l < n; i++)
        l += snprintf(buf + l, n - l, "%s%s", i ? "," : " ", p->ops[i]);
}

static bool is_target_op(const char *mn)
{
    static const char *const t[] = { "beq", "bne", "blt", "bge", "bltu", "bgeu", "jal", "c.j",
                                     "c.beqz", "c.bnez" };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (!strcmp(mn, t[i]))
            return true;
    return false;
}

static bool is_priv(const char *mn)
{
    /* Privileged instructions qelt does not implement (mret, sret, wfi and sfence.vma it
     * decodes: the full-system machine runs them; user mode translates them as illegal). */
    static const char *const t[] = { "uret", "dret", "mnret", "sfence.inval", "sfence.w",
                                     "hfence.", "hinval.", "sinval.", "hlv", "hsv" };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (!strncmp(mn, t[i], strlen(t[i])))
            return true;
    return false;
}

static bool is_hex(const char *s) { return s[0] == '0' && s[1] == 'x'; }

/* objdump's text -> what qelt must print: "" when qelt must reject a word objdump decodes,
 * objdump's own ".Nbyte" text when objdump rejects it. `mine` is
 * qelt's parsed output, consulted only to accept a hex CSR number for a CSR objdump names. */
static void normalise(char *out, size_t n, const char *objdump, const Parsed *mine,
                      uint32_t raw)
{
    Parsed p;
    if (!strcmp(objdump, "unimp"))
        objdump = "csrrw zero,cycle,zero";
    parse(&p, objdump);
    if (p.mn[0] == '.') {
        snprintf(out, n, "%s", objdump);
        return;
    }
    if (!strcmp(p.mn, "c.unimp") || is_priv(p.mn)) {
        out[0] = 0;
        return;
    }
    if (p.nops && !strcmp(p.ops[p.nops - 1], "unknown") && p.mn[0] == 'f' &&
        strncmp(p.mn, "fence", 5)) {
        out[0] = 0;    /* reserved static rounding mode */
        return;
    }
    if (!strcmp(p.mn, "aes64ks1i") && p.nops == 3 && strtoul(p.ops[2], NULL, 16) > 10) {
        out[0] = 0;
        return;
    }
    if (!strcmp(p.mn, "c.addi16sp") && !strcmp(p.ops[1], "0")) {
        out[0] = 0;
        return;
    }
    if (is_target_op(p.mn) && p.nops) {
        char t[48];
        snprintf(t, sizeof(t), "0x%s", p.ops[p.nops - 1]);
        strcpy(p.ops[p.nops - 1], t);
    }
    if (!strcmp(p.mn, "fence"))
        for (int i = 0; i < p.nops; i++)
            if (!strcmp(p.ops[i], "unknown"))
                strcpy(p.ops[i], "0");
    if (!strncmp(p.mn, "csrr", 4) && p.nops == 3 && !strcmp(p.mn, mine->mn) &&
        !is_hex(p.ops[1]) && mine->nops == 3 && is_hex(mine->ops[1]) &&
        strtoul(mine->ops[1], NULL, 16) == raw >> 20)
        strcpy(p.ops[1], mine->ops[1]);
    unparse(out, n, &p);
}

/* objdump rejects it but the ISA defines it (see the header comment). */
static bool accepted_extension(const RVInsn *in)
{
    if (objdump_lacks(in))
        return true;
    if (in->op == RV_OP_fence)
        return (in->raw & 0xf00f8f80u) != 0 && in->raw != 0x8330000f;
    if (in->op == RV_OP_fence_i)
        return in->raw != 0x100f;
    if (in->op == RV_OP_fcvt_d_s || in->op == RV_OP_fcvt_d_w || in->op == RV_OP_fcvt_d_wu ||
        in->op == RV_OP_fcvt_s_h || in->op == RV_OP_fcvt_d_h)
        return in->rm != 0;
    return false;
}

/* The base instruction a compressed one stands for, from objdump's compressed text alone. */
static bool expand_text(char *out, size_t n, const char *ctext)
{
    Parsed p, e;
    parse(&p, ctext);
    memset(&e, 0, sizeof(e));
    const char *mn = p.mn + 2;   /* after "c." */
    static const char *const same[] = { "fld", "lw", "ld", "fsd", "sw", "sd", "lui" };
    static const char *const sp[][2] = { { "fldsp", "fld" }, { "lwsp", "lw" }, { "ldsp", "ld" },
                                         { "fsdsp", "fsd" }, { "swsp", "sw" }, { "sdsp", "sd" } };
    static const char *const rr[] = { "sub", "xor", "or", "and", "subw", "addw", "add" };
    static const char *const ri[] = { "addi", "addiw", "andi", "srli", "srai", "slli" };
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
        if (!strcmp(mn, same[i])) {
            e = p;
            strcpy(e.mn, mn);
            goto done;
        }
    for (size_t i = 0; i < sizeof(sp) / sizeof(sp[0]); i++)
        if (!strcmp(mn, sp[i][0])) {
            e = p;
            strcpy(e.mn, sp[i][1]);
            goto done;
        }
    for (size_t i = 0; i < sizeof(rr) / sizeof(rr[0]); i++)
        if (!strcmp(mn, rr[i])) {
            e.nops = 3;
            strcpy(e.mn, mn);
            strcpy(e.ops[0], p.ops[0]);
            strcpy(e.ops[1], p.ops[0]);
            strcpy(e.ops[2], p.ops[1]);
            goto done;
        }
    for (size_t i = 0; i < sizeof(ri) / sizeof(ri[0]); i++) {
        size_t l = strlen(ri[i]);
        if (!strncmp(mn, ri[i], l) && (!mn[l] || !strcmp(mn + l, "64"))) {
            e.nops = 3;
            memcpy(e.mn, mn, l);
            strcpy(e.ops[0], p.ops[0]);
            strcpy(e.ops[1], p.ops[0]);
            strcpy(e.ops[2], mn[l] ? "0x0" : p.ops[1]);
            goto done;
        }
    }
    e.nops = 3;
    if (!strcmp(mn, "addi4spn")) {
        strcpy(e.mn, "addi");
        strcpy(e.ops[0], p.ops[0]); strcpy(e.ops[1], "sp"); strcpy(e.ops[2], p.ops[2]);
    } else if (!strcmp(mn, "li")) {
        strcpy(e.mn, "addi");
        strcpy(e.ops[0], p.ops[0]); strcpy(e.ops[1], "zero"); strcpy(e.ops[2], p.ops[1]);
    } else if (!strcmp(mn, "addi16sp")) {
        strcpy(e.mn, "addi");
        strcpy(e.ops[0], "sp"); strcpy(e.ops[1], "sp"); strcpy(e.ops[2], p.ops[1]);
    } else if (!strcmp(mn, "mv")) {
        strcpy(e.mn, "add");
        strcpy(e.ops[0], p.ops[0]); strcpy(e.ops[1], "zero"); strcpy(e.ops[2], p.ops[1]);
    } else if (!strcmp(mn, "j")) {
        e.nops = 2;
        strcpy(e.mn, "jal");
        strcpy(e.ops[0], "zero"); strcpy(e.ops[1], p.ops[0]);
    } else if (!strcmp(mn, "beqz") || !strcmp(mn, "bnez")) {
        strcpy(e.mn, mn[0] == 'b' && mn[1] == 'e' ? "beq" : "bne");
        strcpy(e.ops[0], p.ops[0]); strcpy(e.ops[1], "zero"); strcpy(e.ops[2], p.ops[1]);
    } else if (!strcmp(mn, "jr") || !strcmp(mn, "jalr")) {
        e.nops = 2;
        strcpy(e.mn, "jalr");
        strcpy(e.ops[0], mn[1] == 'r' ? "zero" : "ra");
        snprintf(e.ops[1], sizeof(e.ops[1]), "0(%.40s)", p.ops[0]);
    } else if (!strcmp(mn, "ebreak")) {
        e.nops = 0;
        strcpy(e.mn, "ebreak");
    } else {
        return false;
    }
done:
    unparse(out, n, &e);
    return true;
}

static FILE *open_cases(const char *argv0)
{
    static const char name[] = "riscv-decode-cases.txt";
    char path[4096];
    const char *td = getenv("TESTS_DIR");
    FILE *f;
    if (td) {
        snprintf(path, sizeof(path), "%s/unit/%s", td, name);
        if ((f = fopen(path, "r")))
            return f;
    }
    /* the source's own folder: __FILE__ is relative to the repo root make runs in */
    snprintf(path, sizeof(path), "%s", __FILE__);
    char *slash = strrchr(path, '/');
    snprintf(slash ? slash + 1 : path, sizeof(path) - (slash ? slash + 1 - path : 0), "%s", name);
    if ((f = fopen(path, "r")))
        return f;
    /* from the binary: build/tests/unit/test-riscv-decode -> tests/unit/ */
    ssize_t l = readlink("/proc/self/exe", path, sizeof(path) - 64);
    if (l > 0) {
        path[l] = 0;
        for (int up = 0; up < 4 && (slash = strrchr(path, '/')); up++)
            *slash = 0;
        strcat(path, "/tests/unit/");
        strcat(path, name);
        if ((f = fopen(path, "r")))
            return f;
    }
    return NULL;
}

static void check_cases(FILE *f)
{
    char line[512];
    int total = 0;
    while (fgets(line, sizeof(line), f)) {
        if (line[0] == '#')
            continue;
        line[strcspn(line, "\n")] = 0;
        int len;
        unsigned raw;
        unsigned long long pc;
        int pos = 0;
        if (sscanf(line, "%d %x %llx %n", &len, &raw, &pc, &pos) != 3 || !pos)
            continue;
        const char *objdump = line + pos;
        total++;
        uint8_t code[4] = { raw, raw >> 8, raw >> 16, raw >> 24 };
        RVInsn in;
        int n = rv_decode(&in, code, 4);
        char mine[128], want[160];
        rv_disas(mine, sizeof(mine), pc, &in);
        Parsed pm;
        parse(&pm, mine);
        normalise(want, sizeof(want), objdump, &pm, raw);
        Group *g = &groups[group_of(&in, rv_op_name(in.op))];
        g->n++;
        if (n != len || in.len != len || in.raw != raw) {
            mismatch(g, "%0*x: length %d/%d raw %x", len * 2, raw, n, in.len, in.raw);
            continue;
        }
        if (want[0] == '.') {          /* objdump: not an instruction */
            if (in.op == RV_OP_illegal ? strcmp(mine, want) != 0 : !accepted_extension(&in))
                mismatch(g, "%0*x: qelt \"%s\", objdump \"%s\"", len * 2, raw, mine, objdump);
            continue;
        }
        if (!want[0]) {                /* objdump decodes it; qelt must not */
            if (in.op != RV_OP_illegal)
                mismatch(g, "%0*x: qelt decodes \"%s\", objdump \"%s\" is reserved/privileged",
                         len * 2, raw, mine, objdump);
            continue;
        }
        if (in.op == RV_OP_illegal && want[0] == 'v' && len == 4) {
            groups[G_VPEND].n++;       /* a vector row not in the table yet */
            continue;
        }
        if (in.op == RV_OP_illegal || strcmp(mine, want)) {
            mismatch(g, "%0*x @%llx: qelt \"%s\", objdump \"%s\"", len * 2, raw, pc, mine,
                     objdump);
            continue;
        }
        if (len == 2) {
            /* the expansion, printed as a base instruction, must be what the text implies */
            char exp_want[160], exp_mine[128];
            Group *ge = &groups[G_CEXP];
            ge->n++;
            if (strncmp(rv_op_name(in.cop), want, strlen(rv_op_name(in.cop)))) {
                mismatch(ge, "%04x: cop %s for \"%s\"", raw, rv_op_name(in.cop), want);
                continue;
            }
            if (!expand_text(exp_want, sizeof(exp_want), want)) {
                mismatch(ge, "%04x: no expansion rule for \"%s\"", raw, want);
                continue;
            }
            RVInsn b = in;
            b.len = 4;
            b.cop = 0;
            rv_disas(exp_mine, sizeof(exp_mine), pc, &b);
            if (strcmp(exp_mine, exp_want))
                mismatch(ge, "%04x \"%s\": expands to \"%s\", want \"%s\"", raw, want,
                         exp_mine, exp_want);
        }
    }
    if (total < 60000)
        UNIT_FAIL("riscv-decode/cases", "only %d cases read", total);
}

/* Field-level checks the text comparison cannot see. */
static void check_fields(void)
{
    struct { uint32_t raw; int len; int op, rd, rs1, rs2; int64_t imm; } t[] = {
        { 0x800005b7, 4, RV_OP_lui, 11, 0, 0, -0x80000000ll },
        { 0xfffff517, 4, RV_OP_auipc, 10, 0, 0, -4096 },
        { 0x7ffff0ef, 4, RV_OP_jal, 1, 0, 0, 0xffffe },
        { 0x80000063, 4, RV_OP_beq, 0, 0, 0, -4096 },
        { 0xfff5c593, 4, RV_OP_xori, 11, 11, 0, -1 },
        { 0x43f55513, 4, RV_OP_srai, 10, 10, 0, 63 },
        { 0xfe05be23, 4, RV_OP_sd, 0, 11, 0, -4 },
        { 0x0ff0000f, 4, RV_OP_fence, 0, 0, 0, 0xff },
        { 0x0015f573, 4, RV_OP_csrrci, 10, 0, 0, 11 },
        { 0x7501, 2, RV_OP_lui, 10, 0, 0, -0x20000 },
        { 0x7101, 2, RV_OP_addi, 2, 2, 0, -512 },
        { 0x8532, 2, RV_OP_add, 10, 0, 12, 0 },
        { 0x952e, 2, RV_OP_add, 10, 10, 11, 0 },
        { 0x9082, 2, RV_OP_jalr, 1, 1, 0, 0 },
        { 0x8082, 2, RV_OP_jalr, 0, 1, 0, 0 },
        { 0xb001, 2, RV_OP_jal, 0, 0, 0, -2048 },
        { 0xd001, 2, RV_OP_beq, 0, 8, 0, -256 },
        { 0x1ffc, 2, RV_OP_addi, 15, 2, 0, 1020 },
        { 0x70fe, 2, RV_OP_ld, 1, 2, 0, 504 },
        { 0xfe06, 2, RV_OP_sd, 0, 2, 1, 312 },
        { 0x5ffd, 2, RV_OP_addi, 31, 0, 0, -1 },
        { 0x9002, 2, RV_OP_ebreak, 0, 0, 0, 0 },
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        uint8_t code[4] = { t[i].raw, t[i].raw >> 8, t[i].raw >> 16, t[i].raw >> 24 };
        RVInsn in;
        int n = rv_decode(&in, code, 4);
        if (n != t[i].len || in.op != t[i].op || in.rd != t[i].rd || in.rs1 != t[i].rs1 ||
            in.rs2 != t[i].rs2 || in.imm != t[i].imm) {
            UNIT_FAIL("riscv-decode/fields", "%x: len %d op %s rd %d rs1 %d rs2 %d imm %lld",
                      t[i].raw, n, rv_op_name(in.op), in.rd, in.rs1, in.rs2,
                      (long long)in.imm);
            bad++;
        }
    }
    /* truncated input */
    uint8_t c4[4] = { 0x33, 0x05, 0xb5, 0x00 }, c2[2] = { 0x01, 0x45 };
    RVInsn in;
    if (rv_decode(&in, c4, 3) != 0 || rv_decode(&in, c4, 1) != 0 || rv_decode(&in, c2, 2) != 2 ||
        rv_decode(&in, c4, 4) != 4 || in.op != RV_OP_add) {
        UNIT_FAIL("riscv-decode/fields", "truncated input handling");
        bad++;
    }
    char buf[64];
    if (guest_disas(buf, sizeof(buf), 0, (const uint8_t *)"\0\0", 2) != 0 ||
        guest_disas(buf, sizeof(buf), 0x1000, c2, 2) != 2 || strcmp(buf, "c.li a0,0")) {
        UNIT_FAIL("riscv-decode/fields", "guest_disas: \"%s\"", buf);
        bad++;
    }
    if (strcmp(rv_op_name(RV_OP_fence_i), "fence.i") ||
        strcmp(rv_op_name(RV_OP_c_addi4spn), "c.addi4spn") ||
        strcmp(rv_op_name(RV_OP_fcvt_w_d), "fcvt.w.d") || strcmp(rv_op_name(0), "illegal")) {
        UNIT_FAIL("riscv-decode/fields", "rv_op_name");
        bad++;
    }
    /* a tiny buffer truncates but reports the full length */
    RVInsn a;
    rv_decode(&a, c4, 4);
    char small[4];
    int l = rv_disas(small, sizeof(small), 0, &a);
    if (l != (int)strlen("add a0,a0,a1") || strcmp(small, "add")) {
        UNIT_FAIL("riscv-decode/fields", "truncation: %d \"%s\"", l, small);
        bad++;
    }
    if (!bad)
        UNIT_PASS("riscv-decode/fields");
}

/* CSR names come from guest/riscv/csr.def: ranges count from their first index (pmpaddr0,
 * hpmcounter3), CSRs the table lacks have no name (printed in hex). */
static void check_csr_names(void)
{
    static const struct { unsigned csr; const char *name; } cases[] = {
        { 0x001, "fflags" }, { 0x300, "mstatus" }, { 0x180, "satp" }, { 0x3b0, "pmpaddr0" },
        { 0x3bf, "pmpaddr15" }, { 0xc03, "hpmcounter3" }, { 0xc1f, "hpmcounter31" },
        { 0x323, "mhpmevent3" }, { 0xb1f, "mhpmcounter31" }, { 0xc22, "vlenb" },
        { 0x7c0, NULL }, { 0x3c0, NULL }, { 0x000, NULL },
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char tmp[24];
        const char *got = rv_csr_name(cases[i].csr, tmp, sizeof tmp);
        if (got && cases[i].name ? strcmp(got, cases[i].name) != 0 : got != cases[i].name) {
            UNIT_FAIL("riscv-decode/csr-names", "0x%03x: %s, want %s", cases[i].csr,
                      got ? got : "(none)", cases[i].name ? cases[i].name : "(none)");
            bad++;
        }
    }
    if (!bad)
        UNIT_PASS("riscv-decode/csr-names");
}

int main(int argc, char **argv)
{
    check_fields();
    check_csr_names();
    FILE *f = open_cases(argv[0]);
    if (!f) {
        UNIT_FAIL("riscv-decode/cases", "cannot open riscv-decode-cases.txt");
        return unit_status();
    }
    check_cases(f);
    fclose(f);
    int bad = 0;
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
        bad += groups[i].bad;
        if (!groups[i].bad && groups[i].n)
            printf("PASS %s (%d cases)\n", groups[i].name, groups[i].n);
        else if (!groups[i].n && i != G_VPEND)
            UNIT_FAIL(groups[i].name, "no cases");
    }
    if (fail_lines > MAX_FAIL_LINES)
        UNIT_FAIL("riscv-decode/summary", "%d mismatches in all (first %d shown)", bad,
                  MAX_FAIL_LINES);
    else if (bad)
        UNIT_FAIL("riscv-decode/summary", "%d mismatches", bad);
    return unit_status();
}
