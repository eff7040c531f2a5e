/*
 * FP ops in loops that stay in one translation block (qelt's loop blocks keep the FP values
 * the loop carries, or writes every iteration, in xmm registers across the back edge, and
 * check the addresses of induction pointers once at entry). Every case is one asm loop whose
 * body is a single block; run.sh compares the output with qemu-riscv64's under every FP mode.
 *  - fault: a pointer walks off its mapping mid-loop (the load, or the store, faults); the
 *    SIGSEGV handler prints the FP and integer registers and fcsr from its ucontext, then
 *    resumes after the loop, which prints them again. With inexact values (NX set from the
 *    first iteration), exact ones (NX stays clear: every iteration's first rounding op takes
 *    its slow path), and singles;
 *  - rounding: a loop of dynamic-rm ops entered under each frm; one that changes frm inside
 *    the loop (fsrm); one that reads fflags and clears NX every iteration;
 *  - boxing: fmv.d.x of boxed, unboxed and half-boxed patterns used as singles, fmv.w.x used
 *    as a double, a carried single accumulator, a loop-invariant single boxed or not;
 *  - pressure: twelve carried accumulators (more than the loop keeps in registers), fmadd,
 *    fsqrt, fmin/fmax, compares, conversions, sign injection, and a side exit on a compare;
 *  - slow paths inside the loop: products that underflow, overflow, 0 * inf;
 *  - a timer signal during a loop carrying eight accumulators.
 * Prints hex values and pointer offsets only (no addresses, nothing timing-dependent).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

typedef unsigned long long ull;

static uint64_t bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static void set_frm(unsigned rm) { asm volatile("fsrm %0" : : "r"(rm)); }
static void clear_flags(void) { asm volatile("csrw fflags, zero"); }
static __attribute__((noinline)) unsigned get_flags(void)
{
    unsigned f;
    asm volatile("frflags %0" : "=r"(f));
    return f;
}

/* A mix of integer-register values into one hash, in asm: h (t5) ^= r; h ^= h << 13; h ^= h >> 7. */
#define HASH(r) "xor t5, t5, " r "\n\t slli t6, t5, 13\n\t xor t5, t5, t6\n\t srli t6, t5, 7\n\t xor t5, t5, t6\n\t"

/* ---- Faults mid-loop ------------------------------------------------------------------- */

static volatile uintptr_t resume_pc;
static volatile uint64_t seen_f[32], seen_x[32];
static volatile unsigned seen_fcsr;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    for (int i = 0; i < 32; i++) {
        seen_f[i] = uc->uc_mcontext.__fpregs.__d.__f[i];
        seen_x[i] = uc->uc_mcontext.__gregs[i];
    }
    seen_fcsr = uc->uc_mcontext.__fpregs.__d.__fcsr;
    uc->uc_mcontext.__gregs[REG_PC] = resume_pc;
}

static uint8_t *page;   /* two pages, the second inaccessible */

/* f registers: ft0 = 0, ft1 = 1, fa0 = 10, fa1 = 11, fa2 = 12, ft2 = 2 */
static void print_fault(const char *name, uintptr_t src, uintptr_t dst, const uint64_t *after)
{
    printf("%s: handler fa0 %016llx fa1 %016llx fa2 %016llx ft0 %016llx ft1 %016llx ft2 %016llx"
           " fcsr %x a0 %+lld a1 %+lld t1 %lld\n", name, (ull)seen_f[10], (ull)seen_f[11],
           (ull)seen_f[12], (ull)seen_f[0], (ull)seen_f[1], (ull)seen_f[2], seen_fcsr,
           (long long)(seen_x[10] - src), (long long)(seen_x[11] - dst), (long long)seen_x[6]);
    printf("%s: after fa0 %016llx fa2 %016llx ft1 %016llx t1 %lld flags %x\n", name,
           (ull)after[0], (ull)after[1], (ull)after[2], (long long)after[3], get_flags());
}

/* A loop over n doubles from src (the load runs off the mapping when src is near its end)
 * storing to dst (or the store does). */
static void fault_loop_d(const char *name, double *src, double *dst, double k, long n,
                         bool nx_first)
{
    uint64_t after[4];
    clear_flags();
    if (nx_first)
        asm volatile("csrsi fflags, 1");
    asm volatile(
        ".option push\n\t.option norvc\n\t"
        "la t2, 2f\n\t"
        "sd t2, 0(%[rp])\n\t"
        "mv a0, %[src]\n\t"
        "mv a1, %[dst]\n\t"
        "slli a2, %[n], 3\n\t"
        "add a2, a2, a0\n\t"
        "fmv.d.x fa1, %[k]\n\t"
        "fmv.d.x fa0, zero\n\t"
        "fmv.d.x fa2, zero\n\t"
        "fmv.d.x ft2, zero\n\t"
        "li t1, 0\n\t"
        "1:\n\t"
        "fld ft0, 0(a0)\n\t"
        "fmul.d ft1, ft0, fa1\n\t"
        "fadd.d fa0, fa0, ft1\n\t"
        "fmadd.d fa2, ft0, ft0, fa2\n\t"
        "fsub.d ft2, ft2, ft0\n\t"
        "fsd ft1, 0(a1)\n\t"
        "addi a0, a0, 8\n\t"
        "addi a1, a1, 8\n\t"
        "addi t1, t1, 1\n\t"
        "bne a0, a2, 1b\n\t"
        "2:\n\t"
        "fsd fa0, 0(%[out])\n\t"
        "fsd fa2, 8(%[out])\n\t"
        "fsd ft1, 16(%[out])\n\t"
        "sd t1, 24(%[out])\n\t"
        ".option pop\n\t"
        :
        : [src] "r"(src), [dst] "r"(dst), [n] "r"(n), [k] "r"(bits(k)), [out] "r"(after),
          [rp] "r"(&resume_pc)
        : "a0", "a1", "a2", "t1", "t2", "fa0", "fa1", "fa2", "ft0", "ft1", "ft2", "memory");
    print_fault(name, (uintptr_t)src, (uintptr_t)dst, after);
}

/* The same with singles (flw/fsw, boxing), the load running off the mapping. */
static void fault_loop_s(const char *name, float *src, float *dst, float k, long n)
{
    uint64_t after[4];
    uint32_t kb;
    memcpy(&kb, &k, 4);
    clear_flags();
    asm volatile(
        ".option push\n\t.option norvc\n\t"
        "la t2, 2f\n\t"
        "sd t2, 0(%[rp])\n\t"
        "mv a0, %[src]\n\t"
        "mv a1, %[dst]\n\t"
        "slli a2, %[n], 2\n\t"
        "add a2, a2, a0\n\t"
        "fmv.w.x fa1, %[k]\n\t"
        "fmv.w.x fa0, zero\n\t"
        "fmv.w.x fa2, zero\n\t"
        "fmv.w.x ft2, zero\n\t"
        "li t1, 0\n\t"
        "1:\n\t"
        "flw ft0, 0(a0)\n\t"
        "fmul.s ft1, ft0, fa1\n\t"
        "fadd.s fa0, fa0, ft1\n\t"
        "fmadd.s fa2, ft0, ft0, fa2\n\t"
        "fsub.s ft2, ft2, ft0\n\t"
        "fsw ft1, 0(a1)\n\t"
        "addi a0, a0, 4\n\t"
        "addi a1, a1, 4\n\t"
        "addi t1, t1, 1\n\t"
        "bne a0, a2, 1b\n\t"
        "2:\n\t"
        "fsd fa0, 0(%[out])\n\t"
        "fsd fa2, 8(%[out])\n\t"
        "fsd ft1, 16(%[out])\n\t"
        "sd t1, 24(%[out])\n\t"
        ".option pop\n\t"
        :
        : [src] "r"(src), [dst] "r"(dst), [n] "r"(n), [k] "r"(kb), [out] "r"(after),
          [rp] "r"(&resume_pc)
        : "a0", "a1", "a2", "t1", "t2", "fa0", "fa1", "fa2", "ft0", "ft1", "ft2", "memory");
    print_fault(name, (uintptr_t)src, (uintptr_t)dst, after);
}

static void case_faults(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(page + 4096, 4096, PROT_NONE);
    static double out[512];
    double *d = (double *)(page + 4096) - 300;           /* 300 doubles before the hole */
    for (int i = 0; i < 300; i++)
        d[i] = 0.1 * (i + 1) - 3.3;
    fault_loop_d("fault-load-inexact", d, out, 1.3, 400, false);
    fault_loop_d("fault-load-nx", d, out, 1.3, 400, true);
    for (int i = 0; i < 300; i++)
        d[i] = (double)(i % 17) - 5;
    fault_loop_d("fault-load-exact", d, out, 2.0, 400, false);
    double *w = (double *)(page + 4096) - 200;            /* the store runs off */
    for (int i = 0; i < 400; i++)
        out[i] = 0.7 * i - 9;
    fault_loop_d("fault-store", out, w, -0.37, 400, false);
    float *f = (float *)(page + 4096) - 250;
    for (int i = 0; i < 250; i++)
        f[i] = 0.3f * (float)i - 11.0f;
    fault_loop_s("fault-single", f, (float *)out, 0.77f, 400);
    signal(SIGSEGV, SIG_DFL);
}

/* ---- Rounding modes and flags inside loops ---------------------------------------------- */

static const double vals[8] = { 0.1, 1.0 / 3, -2.5e-3, 7.0, 1e300, -0.0, 3.141592653589793, 1e-310 };

/* Dynamic-rm ops in a loop entered under frm = rm. */
static void rounding_loop(unsigned rm)
{
    uint64_t r[4];
    clear_flags();
    set_frm(rm);
    asm volatile(
        "mv a0, %[v]\n\t"
        "li t1, 64\n\t"
        "li t5, 0\n\t"
        "fld fa0, 0(a0)\n\t"
        "fld fa1, 8(a0)\n\t"
        "fmv.d.x fa2, zero\n\t"
        "1:\n\t"
        "andi t2, t1, 7\n\t"
        "slli t2, t2, 3\n\t"
        "add t2, t2, a0\n\t"
        "fld ft0, 0(t2)\n\t"
        "fmul.d ft1, ft0, fa1\n\t"
        "fadd.d fa0, fa0, ft1\n\t"
        "fdiv.d ft2, fa0, fa1\n\t"
        "fsqrt.d ft3, fa1\n\t"
        "fmadd.d fa2, ft2, ft3, fa2\n\t"
        "fcvt.l.d t3, ft1\n\t"
        HASH("t3")
        "fcvt.d.l ft4, t1\n\t"
        "fdiv.d fa1, fa1, ft4\n\t"
        "fadd.d fa1, fa1, ft3\n\t"
        "addi t1, t1, -1\n\t"
        "bnez t1, 1b\n\t"
        "fsd fa0, 0(%[r])\n\t"
        "fsd fa1, 8(%[r])\n\t"
        "fsd fa2, 16(%[r])\n\t"
        "sd t5, 24(%[r])\n\t"
        :
        : [v] "r"(vals), [r] "r"(r)
        : "a0", "t1", "t2", "t3", "t5", "t6", "fa0", "fa1", "fa2", "ft0", "ft1", "ft2", "ft3",
          "ft4", "memory");
    unsigned fl = get_flags();
    set_frm(0);
    printf("rounding rm %u: %016llx %016llx %016llx hash %016llx flags %x\n", rm, (ull)r[0],
           (ull)r[1], (ull)r[2], (ull)r[3], fl);
}

/* frm changed and fflags read (and NX cleared) inside the loop. */
static void case_csr_in_loop(void)
{
    uint64_t r[3];
    clear_flags();
    asm volatile(
        "mv a0, %[v]\n\t"
        "li t1, 200\n\t"
        "li t5, 0\n\t"
        "fld fa0, 8(a0)\n\t"
        "fld fa1, 0(a0)\n\t"
        "1:\n\t"
        "andi t2, t1, 3\n\t"
        "fsrm t2\n\t"
        "fmul.d ft0, fa0, fa1\n\t"
        "fadd.d fa0, fa0, ft0\n\t"
        "fdiv.d fa1, fa1, fa0\n\t"
        "frflags t3\n\t"
        HASH("t3")
        "andi t4, t1, 5\n\t"
        "bnez t4, 2f\n\t"
        "csrci fflags, 1\n\t"
        "2:\n\t"
        "fmv.x.d t3, fa1\n\t"
        HASH("t3")
        "addi t1, t1, -1\n\t"
        "bnez t1, 1b\n\t"
        "fsrm zero\n\t"
        "fsd fa0, 0(%[r])\n\t"
        "fsd fa1, 8(%[r])\n\t"
        "sd t5, 16(%[r])\n\t"
        :
        : [v] "r"(vals), [r] "r"(r)
        : "a0", "t1", "t2", "t3", "t4", "t5", "t6", "fa0", "fa1", "ft0", "memory");
    printf("csr-in-loop: %016llx %016llx hash %016llx flags %x\n", (ull)r[0], (ull)r[1],
           (ull)r[2], get_flags());
    /* fflags read in a loop that only changes them through its FP ops */
    clear_flags();
    asm volatile(
        "mv a0, %[v]\n\t"
        "li t1, 100\n\t"
        "li t5, 0\n\t"
        "fld fa0, 24(a0)\n\t"
        "fld fa1, 24(a0)\n\t"
        "1:\n\t"
        "fadd.d fa0, fa0, fa1\n\t"       /* exact until it is not */
        "fmul.d fa1, fa1, fa1\n\t"
        "frflags t3\n\t"
        HASH("t3")
        "addi t1, t1, -1\n\t"
        "bnez t1, 1b\n\t"
        "fsd fa0, 0(%[r])\n\t"
        "fsd fa1, 8(%[r])\n\t"
        "sd t5, 16(%[r])\n\t"
        :
        : [v] "r"(vals), [r] "r"(r)
        : "a0", "t1", "t3", "t5", "t6", "fa0", "fa1", "memory");
    printf("frflags-in-loop: %016llx %016llx hash %016llx flags %x\n", (ull)r[0], (ull)r[1],
           (ull)r[2], get_flags());
}

/* ---- NaN-boxing ------------------------------------------------------------------------- */

static const uint64_t patterns[6] = {
    0xffffffff3f800000ull,   /* 1.0f, boxed */
    0x000000003f800000ull,   /* 1.0f, not boxed: reads as the canonical NaN */
    0xfffffffe40000000ull,   /* upper half not all ones */
    0x3ff8000000000000ull,   /* 1.5 (double) */
    0xffffffff7f800001ull,   /* boxed signaling NaN */
    0xffffffffc0a00000ull,   /* -5.0f, boxed */
};

/* half: ft2, which the loop only reads as a single (0.5f, boxed or not) */
static void case_boxing(uint64_t half)
{
    uint64_t r[3];
    clear_flags();
    asm volatile(
        "mv a0, %[p]\n\t"
        "li t1, 120\n\t"
        "li t5, 0\n\t"
        "fmv.d.x ft2, %[h]\n\t"
        "fmv.w.x fs0, zero\n\t"
        "li t2, 0x3fe0000000000000\n\t"
        "fmv.d.x ft6, t2\n\t"            /* 0.5 */
        "1:\n\t"
        "li t2, 6\n\t"
        "remu t2, t1, t2\n\t"
        "slli t2, t2, 3\n\t"
        "add t2, t2, a0\n\t"
        "ld t0, 0(t2)\n\t"
        "fmv.d.x ft0, t0\n\t"
        "fadd.s ft1, ft0, ft2\n\t"
        "fmul.s ft3, ft1, ft0\n\t"
        "fadd.s fs0, fs0, ft3\n\t"
        "fsgnjn.s ft4, ft0, ft1\n\t"
        "fmv.x.d t3, ft1\n\t"
        HASH("t3")
        "fmv.x.d t3, ft4\n\t"
        HASH("t3")
        "fadd.d ft5, ft0, ft6\n\t"
        "fmv.x.d t3, ft5\n\t"
        HASH("t3")
        "fmv.w.x ft7, t0\n\t"
        "fadd.s ft8, ft7, ft2\n\t"
        "fadd.d ft9, ft7, ft6\n\t"
        "fmv.x.d t3, ft8\n\t"
        HASH("t3")
        "fmv.x.d t3, ft9\n\t"
        HASH("t3")
        "fmin.s ft10, ft0, ft2\n\t"
        "fmv.x.d t3, ft10\n\t"
        HASH("t3")
        "feq.s t3, ft0, ft0\n\t"
        HASH("t3")
        "addi t1, t1, -1\n\t"
        "bnez t1, 1b\n\t"
        "fmv.x.d t3, fs0\n\t"
        "sd t3, 0(%[r])\n\t"
        "sd t5, 8(%[r])\n\t"
        :
        : [p] "r"(patterns), [r] "r"(r), [h] "r"(half)
        : "a0", "t0", "t1", "t2", "t3", "t5", "t6", "ft0", "ft1", "ft2", "ft3", "ft4", "ft5",
          "ft6", "ft7", "ft8", "ft9", "ft10", "fs0", "memory");
    printf("boxing %016llx: fs0 %016llx hash %016llx flags %x\n", (ull)half, (ull)r[0], (ull)r[1],
           get_flags());
}

/* A loop-invariant single (boxed or not) read by the loop's FP ops only. */
static void case_invariant_single(uint64_t half)
{
    uint64_t r[2];
    clear_flags();
    asm volatile(
        "fmv.d.x ft2, %[h]\n\t"
        "fmv.w.x fs0, zero\n\t"
        "li t1, 50\n\t"
        "1:\n\t"
        "fcvt.s.l ft0, t1\n\t"
        "fadd.s ft1, ft0, ft2\n\t"
        "fmadd.s fs0, ft1, ft2, fs0\n\t"
        "addi t1, t1, -1\n\t"
        "bnez t1, 1b\n\t"
        "fmv.x.d t1, fs0\n\t"
        "sd t1, 0(%[r])\n\t"
        "fmv.x.d t1, ft1\n\t"
        "sd t1, 8(%[r])\n\t"
        :
        : [h] "r"(half), [r] "r"(r)
        : "t1", "ft0", "ft1", "ft2", "fs0", "memory");
    printf("invariant-single %016llx: fs0 %016llx ft1 %016llx flags %x\n", (ull)half, (ull)r[0],
           (ull)r[1], get_flags());
}

/* ---- Register pressure, every kind of op, a side exit ------------------------------------ */

static void case_pressure(double limit)
{
    uint64_t r[14];
    clear_flags();
    asm volatile(
        "mv a0, %[v]\n\t"
        "li t1, 0\n\t"
        "li t5, 0\n\t"
        "li t4, 500\n\t"
        "fmv.d.x fa0, zero\n\t" "fmv.d.x fa1, zero\n\t" "fmv.d.x fa2, zero\n\t"
        "fmv.d.x fa3, zero\n\t" "fmv.d.x fa4, zero\n\t" "fmv.d.x fa5, zero\n\t"
        "fmv.d.x fa6, zero\n\t" "fmv.d.x fa7, zero\n\t" "fmv.d.x fs2, zero\n\t"
        "fmv.d.x fs3, zero\n\t" "fmv.d.x fs4, zero\n\t" "fmv.d.x fs5, zero\n\t"
        "fmv.d.x ft11, %[lim]\n\t"
        "fld ft8, 0(a0)\n\t"
        "fld ft9, 8(a0)\n\t"
        "1:\n\t"
        "andi t2, t1, 7\n\t"
        "slli t2, t2, 3\n\t"
        "add t2, t2, a0\n\t"
        "fld ft0, 0(t2)\n\t"
        "fcvt.d.l ft1, t1\n\t"
        "fadd.d fa0, fa0, ft0\n\t"
        "fmadd.d fa1, ft0, ft8, fa1\n\t"
        "fmsub.d fa2, ft1, ft9, fa2\n\t"
        "fnmadd.d fa3, fa0, ft9, fa3\n\t"
        "fnmsub.d fa4, ft8, ft1, fa4\n\t"
        "fsqrt.d ft2, ft1\n\t"
        "fadd.d fa5, fa5, ft2\n\t"
        "fmin.d fa6, fa6, fa3\n\t"
        "fmax.d fa7, fa7, fa1\n\t"
        "fsgnjn.d ft3, fa2, fa0\n\t"
        "fadd.d fs2, fs2, ft3\n\t"
        "fabs.d ft4, fa4\n\t"
        "fmul.d fs3, fs3, ft8\n\t"
        "fadd.d fs3, fs3, ft4\n\t"
        "fdiv.d ft5, fa5, ft9\n\t"
        "fsub.d fs4, fs4, ft5\n\t"
        "flt.d t3, fa0, fa1\n\t"
        "add t5, t5, t3\n\t"
        "fle.d t3, fa2, fa3\n\t"
        "add t5, t5, t3\n\t"
        "fcvt.w.d t3, fs4, rtz\n\t"
        "add t5, t5, t3\n\t"
        "fcvt.s.d ft6, fs3\n\t"
        "fcvt.d.s ft7, ft6\n\t"
        "fadd.d fs5, fs5, ft7\n\t"
        "flt.d t3, ft11, fs5\n\t"        /* side exit once fs5 passes the limit */
        "bnez t3, 2f\n\t"
        "addi t1, t1, 1\n\t"
        "bne t1, t4, 1b\n\t"
        "2:\n\t"
        "fsd fa0, 0(%[r])\n\t" "fsd fa1, 8(%[r])\n\t" "fsd fa2, 16(%[r])\n\t"
        "fsd fa3, 24(%[r])\n\t" "fsd fa4, 32(%[r])\n\t" "fsd fa5, 40(%[r])\n\t"
        "fsd fa6, 48(%[r])\n\t" "fsd fa7, 56(%[r])\n\t" "fsd fs2, 64(%[r])\n\t"
        "fsd fs3, 72(%[r])\n\t" "fsd fs4, 80(%[r])\n\t" "fsd fs5, 88(%[r])\n\t"
        "sd t5, 96(%[r])\n\t"
        "sd t1, 104(%[r])\n\t"
        :
        : [v] "r"(vals), [r] "r"(r), [lim] "r"(bits(limit))
        : "a0", "t1", "t2", "t3", "t4", "t5", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "fa6",
          "fa7", "fs2", "fs3", "fs4", "fs5", "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6",
          "ft7", "ft8", "ft9", "ft11", "memory");
    printf("pressure %g:", limit);
    for (int i = 0; i < 12; i++)
        printf(" %016llx", (ull)r[i]);
    printf(" count %lld iter %lld flags %x\n", (long long)r[12], (long long)r[13], get_flags());
}

/* ---- Slow paths inside the loop --------------------------------------------------------- */

static void case_slow_paths(void)
{
    static const double sv[8] = { 1e-200, 3.0, 1e200, -1e-170, 0.0, 1e308, 2.5, -1e-300 };
    static const double sk[8] = { 1e-150, 0.5, 1e150, 1e-160, 1.0 / 0.0, 10.0, -4.0, 1e-30 };
    uint64_t r[4];
    clear_flags();
    asm volatile(
        "li t1, 96\n\t"
        "li t5, 0\n\t"
        "fmv.d.x fa0, zero\n\t"
        "fmv.d.x fa1, zero\n\t"
        "1:\n\t"
        "andi t2, t1, 7\n\t"
        "slli t2, t2, 3\n\t"
        "add t3, t2, %[a]\n\t"
        "add t4, t2, %[b]\n\t"
        "fld ft0, 0(t3)\n\t"
        "fld ft1, 0(t4)\n\t"
        "fmul.d ft2, ft0, ft1\n\t"       /* underflow, overflow, 0 * inf by turns */
        "fmv.x.d t3, ft2\n\t"
        HASH("t3")
        "fdiv.d ft3, ft1, ft0\n\t"
        "fmv.x.d t3, ft3\n\t"
        HASH("t3")
        "fmadd.d fa0, ft0, ft1, fa0\n\t"
        "fadd.d fa1, fa1, ft3\n\t"
        "frflags t3\n\t"
        HASH("t3")
        "addi t1, t1, -1\n\t"
        "bnez t1, 1b\n\t"
        "fsd fa0, 0(%[r])\n\t"
        "fsd fa1, 8(%[r])\n\t"
        "sd t5, 16(%[r])\n\t"
        :
        : [a] "r"(sv), [b] "r"(sk), [r] "r"(r)
        : "t1", "t2", "t3", "t4", "t5", "t6", "fa0", "fa1", "ft0", "ft1", "ft2", "ft3",
          "memory");
    printf("slow-paths: %016llx %016llx hash %016llx flags %x\n", (ull)r[0], (ull)r[1],
           (ull)r[2], get_flags());
}

/* ---- A timer signal during a loop carrying eight accumulators ---------------------------- */

static volatile int ticks;
static void on_alarm(int sig) { ticks++; }

static void case_timer(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 300 }, { 0, 300 } };
    setitimer(ITIMER_REAL, &it, NULL);
    uint64_t r[8];
    asm volatile(
        "li t1, 1500000\n\t"
        "fld ft8, 0(%[v])\n\t"
        "fld ft9, 8(%[v])\n\t"
        "fmv.d.x fa0, zero\n\t" "fmv.d.x fa1, zero\n\t" "fmv.d.x fa2, zero\n\t"
        "fmv.d.x fa3, zero\n\t" "fmv.d.x fa4, zero\n\t" "fmv.d.x fa5, zero\n\t"
        "fmv.d.x fa6, zero\n\t" "fmv.d.x fa7, zero\n\t"
        "1:\n\t"
        "fadd.d fa0, fa0, ft8\n\t"
        "fmadd.d fa1, fa0, ft9, fa1\n\t"
        "fmul.d fa2, fa1, ft9\n\t"
        "fsub.d fa3, fa3, fa2\n\t"
        "fadd.d fa4, fa4, fa3\n\t"
        "fmul.d fa5, fa4, ft8\n\t"
        "fadd.d fa6, fa6, fa5\n\t"
        "fsub.d fa7, fa7, fa6\n\t"
        "addi t1, t1, -1\n\t"
        "bnez t1, 1b\n\t"
        "fsd fa0, 0(%[r])\n\t" "fsd fa1, 8(%[r])\n\t" "fsd fa2, 16(%[r])\n\t"
        "fsd fa3, 24(%[r])\n\t" "fsd fa4, 32(%[r])\n\t" "fsd fa5, 40(%[r])\n\t"
        "fsd fa6, 48(%[r])\n\t" "fsd fa7, 56(%[r])\n\t"
        :
        : [v] "r"(vals), [r] "r"(r)
        : "t1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7", "ft8", "ft9", "memory");
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &off, NULL);
    printf("timer:");
    for (int i = 0; i < 8; i++)
        printf(" %016llx", (ull)r[i]);
    printf("\n");
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    case_faults();
    for (unsigned rm = 0; rm < 5; rm++)
        rounding_loop(rm);
    case_csr_in_loop();
    case_boxing(0xffffffff3f000000ull);
    case_boxing(0x000000003f000000ull);   /* not boxed: the canonical NaN */
    case_invariant_single(0xffffffff3f000000ull);
    case_invariant_single(0xffffffff3f800001ull);
    case_invariant_single(0x000000003f000000ull);
    case_pressure(1e300);
    case_pressure(40.0);
    case_slow_paths();
    case_timer();
    return 0;
}
