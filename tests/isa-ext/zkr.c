/* Zkr: the seed CSR (0x015). Read with a write form (csrrw / csrrs with rs1 != x0): OPST in
 * bits 31:30 is ES16 (0b10) and bits 15:0 hold entropy, the rest is zero; a read-only access
 * (csrrs with x0, i.e. csrr) raises illegal instruction. Prints what is checkable (not the
 * random bits): the status of every read, whether 64 reads gave more than one value, and
 * whether the read-only form and a write-only form trapped. */
#include <signal.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf jb;
static void on_ill(int s) { (void)s; siglongjmp(jb, 1); }

static uint64_t seed_rw(void)
{
    uint64_t v;
    __asm__ volatile("csrrw %0, 0x015, x0" : "=r"(v));
    return v;
}

int main(void)
{
    signal(SIGILL, on_ill);
    uint64_t vals[64], bad = 0, distinct = 0;
    if (sigsetjmp(jb, 1)) {
        printf("csrrw seed: SIGILL\n");
        return 0;
    }
    for (int i = 0; i < 64; i++) {
        vals[i] = seed_rw();
        if ((vals[i] >> 30) != 2 || (vals[i] & 0x3fff0000u))
            bad++;
    }
    for (int i = 1; i < 64; i++)
        distinct += vals[i] != vals[0];
    printf("csrrw seed: 64 reads, %lu with a status other than ES16 or reserved bits set, %s\n",
           (unsigned long)bad, distinct ? "values vary" : "all equal");
    volatile int trapped = 0;
    if (!sigsetjmp(jb, 1)) {
        uint64_t v;
        __asm__ volatile("csrrs %0, 0x015, x0" : "=r"(v));
        (void)v;
    } else
        trapped = 1;
    printf("csrr seed (read-only form): %s\n", trapped ? "SIGILL" : "no trap");
    trapped = 0;
    if (!sigsetjmp(jb, 1)) {
        uint64_t v = 5, r;
        __asm__ volatile("csrrs %0, 0x015, %1" : "=r"(r) : "r"(v));
        printf("csrrs seed, rs1 != x0: status %lu\n", (unsigned long)(r >> 30));
    } else
        printf("csrrs seed, rs1 != x0: SIGILL\n");
    return 0;
}
