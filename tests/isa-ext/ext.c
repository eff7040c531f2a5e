/* Zicond, Zcb, Zimop, Zcmop, Zacas (amocas.w/d/q), Zicboz/Zicbom/Zicbop, Zawrs and the Zihint
 * hints on edge operands (binutils 2.40 lacks most of them: encoded with .insn / .2byte).
 * Without an argument prints every result; with one (czero, cbo, mop, zcb, amocas, clz)
 * executes just that instruction and exits 0, so that run.sh can check SIGILL when the
 * extension is off. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const uint64_t ops[] = { 0, 1, 0x80, 0x8000, 0x7fffffff, 0x80000000, 0xffffffff,
    0x8000000000000000, 0xffffffffffffffff, 0x0123456789abcdef };
#define N (sizeof ops / sizeof ops[0])

static uint64_t czero_eqz(uint64_t a, uint64_t b)
{ uint64_t r; __asm__ volatile(".insn r 0x33, 5, 7, %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint64_t czero_nez(uint64_t a, uint64_t b)
{ uint64_t r; __asm__ volatile(".insn r 0x33, 7, 7, %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint64_t mop_r0(uint64_t a)
{ uint64_t r = 5; __asm__ volatile(".insn i 0x73, 4, %0, %1, -2020" : "+r"(r) : "r"(a)); return r; }
static uint64_t mop_r31(uint64_t a)
{ uint64_t r = 5; __asm__ volatile(".insn i 0x73, 4, %0, %1, -801" : "+r"(r) : "r"(a)); return r; }
static uint64_t mop_rr7(uint64_t a, uint64_t b)
{ uint64_t r = 5; __asm__ volatile(".insn r 0x73, 4, 0x67, %0, %1, %2" : "+r"(r) : "r"(a), "r"(b)); return r; }

/* Zcb with fixed registers a0 (result/value) and a1 (address or operand). */
#define ZCB(name, code) static uint64_t name(uint64_t v, uint64_t p) { \
    register uint64_t a0 __asm__("a0") = v; register uint64_t a1 __asm__("a1") = p; \
    __asm__ volatile(".option push\n.option rvc\n.2byte " #code "\n.option pop" \
                     : "+r"(a0) : "r"(a1) : "memory"); return a0; }
ZCB(c_lbu1, 0x81c8) ZCB(c_lbu2, 0x81a8) ZCB(c_lhu2, 0x85a8) ZCB(c_lh2, 0x85e8)
ZCB(c_sb3, 0x89e8) ZCB(c_sh2, 0x8da8) ZCB(c_zext_b, 0x9d61) ZCB(c_sext_b, 0x9d65)
ZCB(c_zext_h, 0x9d69) ZCB(c_sext_h, 0x9d6d) ZCB(c_zext_w, 0x9d71) ZCB(c_not, 0x9d75)
ZCB(c_mul, 0x9d4d) ZCB(c_mop1, 0x6081) ZCB(c_mop15, 0x6781)

static uint64_t amocas_w(uint64_t *m, uint64_t expect, uint64_t nv)
{ __asm__ volatile(".insn r 0x2f, 2, 0x14, %0, %2, %1" : "+r"(expect) : "r"(nv), "r"(m) : "memory"); return expect; }
static uint64_t amocas_d(uint64_t *m, uint64_t expect, uint64_t nv)
{ __asm__ volatile(".insn r 0x2f, 3, 0x14, %0, %2, %1" : "+r"(expect) : "r"(nv), "r"(m) : "memory"); return expect; }

/* amocas.q a0(a0:a1), a2(a2:a3), (a4) */
static void amocas_q(void *m, uint64_t *lo, uint64_t *hi, uint64_t nlo, uint64_t nhi)
{
    register uint64_t a0 __asm__("a0") = *lo, a1 __asm__("a1") = *hi;
    register uint64_t a2 __asm__("a2") = nlo, a3 __asm__("a3") = nhi;
    register void *a4 __asm__("a4") = m;
    __asm__ volatile(".insn r 0x2f, 4, 0x14, a0, a4, a2" : "+r"(a0), "+r"(a1)
                     : "r"(a2), "r"(a3), "r"(a4) : "memory");
    *lo = a0;
    *hi = a1;
}

static void cbo_zero(void *p) { __asm__ volatile(".insn i 0x0f, 2, x0, %0, 4" : : "r"(p) : "memory"); }
static void cbo_others(void *p)
{
    __asm__ volatile(".insn i 0x0f, 2, x0, %0, 1\n.insn i 0x0f, 2, x0, %0, 2\n"
                     "ori x0, %0, 0\nori x0, %0, 1\nori x0, %0, 3\n"   /* prefetch.i/r/w */
                     ".4byte 0x00d00073\n.4byte 0x01d00073\n"           /* wrs.nto, wrs.sto */
                     "add x0, x0, x2\n.4byte 0x0100000f\n"              /* ntl.p1, pause */
                     : : "r"(p) : "memory");
}

int main(int argc, char **argv)
{
    static uint8_t buf[256] __attribute__((aligned(64)));
    uint64_t m;
    if (argc > 1) {
        const char *w = argv[1];
        if (!strcmp(w, "czero")) czero_eqz(1, 2);
        else if (!strcmp(w, "cbo")) cbo_zero(buf);
        else if (!strcmp(w, "mop")) mop_r0(1);
        else if (!strcmp(w, "zcb")) c_not(1, 0);
        else if (!strcmp(w, "amocas")) { m = 0; amocas_d(&m, 0, 1); }
        else if (!strcmp(w, "amocasq-misaligned")) { uint64_t l = 0, h = 0; amocas_q(buf + 8, &l, &h, 1, 2); }
        else if (!strcmp(w, "clz")) { uint64_t r; __asm__ volatile(".insn i 0x13, 1, %0, %1, 0x600" : "=r"(r) : "r"(w)); }
        return 0;
    }
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            printf("czero %016llx %016llx: %016llx %016llx\n", (unsigned long long)ops[i],
                   (unsigned long long)ops[j], (unsigned long long)czero_eqz(ops[i], ops[j]),
                   (unsigned long long)czero_nez(ops[i], ops[j]));
    for (size_t i = 0; i < N; i++) {
        uint64_t v = ops[i];
        printf("mop %llu %llu %llu\n", (unsigned long long)mop_r0(v),
               (unsigned long long)mop_r31(v), (unsigned long long)mop_rr7(v, v));
        printf("zcb %016llx: zb %llx sb %llx zh %llx sh %llx zw %llx not %llx mul %llx mop %llx %llx\n",
               (unsigned long long)v, (unsigned long long)c_zext_b(v, 0),
               (unsigned long long)c_sext_b(v, 0), (unsigned long long)c_zext_h(v, 0),
               (unsigned long long)c_sext_h(v, 0), (unsigned long long)c_zext_w(v, 0),
               (unsigned long long)c_not(v, 0), (unsigned long long)c_mul(v, 0x9e3779b97f4a7c15ull),
               (unsigned long long)c_mop1(v, 0), (unsigned long long)c_mop15(v, 0));
    }
    for (int i = 0; i < 8; i++)
        buf[i] = (uint8_t)(0x80 + i * 0x11);
    uint64_t p = (uint64_t)(uintptr_t)buf;
    printf("zcb loads: %llx %llx %llx %llx\n", (unsigned long long)c_lbu1(0, p),
           (unsigned long long)c_lbu2(0, p), (unsigned long long)c_lhu2(0, p),
           (unsigned long long)c_lh2(0, p));
    c_sb3(0x1234, p);
    c_sh2(0xabcd, p);
    printf("zcb stores: %02x %02x %02x %02x\n", buf[0], buf[1], buf[2], buf[3]);

    m = 0xffffffff80000000ull;
    printf("amocas.w miss %llx", (unsigned long long)amocas_w(&m, 0x1234, 7));
    printf(" mem %llx", (unsigned long long)m);
    printf(" hit %llx", (unsigned long long)amocas_w(&m, 0x80000000, 0x7fffffff));
    printf(" mem %llx\n", (unsigned long long)m);
    m = 5;
    printf("amocas.d miss %llx", (unsigned long long)amocas_d(&m, 6, 9));
    printf(" hit %llx", (unsigned long long)amocas_d(&m, 5, 9));
    printf(" mem %llx\n", (unsigned long long)m);

    static uint64_t q[2] __attribute__((aligned(16))) = { 0x1111, 0x2222 };
    uint64_t lo = 0x1111, hi = 0x3333;
    amocas_q(q, &lo, &hi, 0xaaaa, 0xbbbb);
    printf("amocas.q miss old %llx:%llx mem %llx:%llx", (unsigned long long)hi,
           (unsigned long long)lo, (unsigned long long)q[1], (unsigned long long)q[0]);
    lo = 0x1111, hi = 0x2222;
    amocas_q(q, &lo, &hi, 0xaaaa, 0xbbbb);
    printf(" hit old %llx:%llx mem %llx:%llx\n", (unsigned long long)hi,
           (unsigned long long)lo, (unsigned long long)q[1], (unsigned long long)q[0]);

    memset(buf, 0xa5, sizeof buf);
    cbo_zero(buf + 64 + 13);
    cbo_others(buf);
    int zeros = 0, first = -1;
    for (int i = 0; i < 256; i++)
        if (!buf[i]) {
            zeros++;
            if (first < 0)
                first = i;
        }
    printf("cbo.zero: %d zero bytes from %d\n", zeros, first);
    return 0;
}
