/*
 * Reserved rounding modes must raise SIGILL (checked against qemu-riscv64 by run.sh): a
 * dynamic-rm instruction while frm holds 5, 6 or 7 (frm is writable with any 3-bit value), a
 * static rm of 5 or 6 in the encoding; instructions without an rm field (fsgnj) never trap.
 * Also that frm changes between blocks take effect (the frm check happens once per block).
 * stdout is unbuffered so a crash still shows how far it got.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void set_frm(unsigned v) { asm volatile("fsrm %0" : : "r"(v)); }

static sigjmp_buf jb;
static void on_sigill(int sig) { siglongjmp(jb, 1); }

static void check_traps(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigill;
    sigaction(SIGILL, &sa, NULL);
    volatile int stage = 0;
    for (unsigned frm = 0; frm < 8; frm++) {
        stage = 0;
        if (sigsetjmp(jb, 1) == 0) {
            double r;
            set_frm(frm);
            stage = 1;
            asm volatile("fmv.d.x ft0,%1\n\tfadd.d %0,ft0,ft0" : "=f"(r) : "r"(1ull) : "ft0");
            stage = 2;
            set_frm(0);
            printf("frm %u: dyn fadd.d ok\n", frm);
        } else {
            set_frm(0);
            printf("frm %u: dyn fadd.d SIGILL (stage %d)\n", frm, stage);
        }
    }
    /* sign injection has no rm: legal whatever frm holds */
    if (sigsetjmp(jb, 1) == 0) {
        set_frm(6);
        asm volatile("fsgnj.d ft0,ft1,ft1" ::: "ft0");
        set_frm(0);
        printf("frm 6: fsgnj.d ok\n");
    } else {
        set_frm(0);
        printf("frm 6: fsgnj.d SIGILL\n");
    }
    for (int rm = 5; rm <= 6; rm++) {
        if (sigsetjmp(jb, 1) == 0) {
            if (rm == 5)
                asm volatile(".insn r 0x53, 5, 1, ft0, ft1, ft2" ::: "ft0");   /* fadd.d rm=5 */
            else
                asm volatile(".insn r 0x53, 6, 0, ft0, ft1, ft2" ::: "ft0");   /* fadd.s rm=6 */
            printf("static rm %d: ok\n", rm);
        } else {
            printf("static rm %d: SIGILL\n", rm);
        }
    }
}


int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    check_traps();
    /* rounding mode switched between calls of the same translated code */
    volatile double one = 1.0, three = 3.0;
    for (unsigned frm = 0; frm < 5; frm++) {
        uint64_t bits;
        set_frm(frm);
        double q;
        asm volatile("fdiv.d %0,%1,%2" : "=f"(q) : "f"(one), "f"(three));
        set_frm(0);
        memcpy(&bits, &q, 8);
        printf("frm %u: 1/3 = %016llx\n", frm, (unsigned long long)bits);
    }
    return 0;
}
