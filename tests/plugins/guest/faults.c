/* Instruction counting across guest faults: 2000 rounds of a register-only loop, each ending
 * in a SIGSEGV that the handler leaves with siglongjmp. Inline counters that generated code
 * keeps in a host register must reach memory on the fault path too (tests/plugins/run.sh
 * compares inline and callback counts). */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static sigjmp_buf env;
static void on_segv(int sig) { (void)sig; siglongjmp(env, 1); }

int main(void)
{
    struct sigaction sa = { 0 };
    sa.sa_handler = on_segv;
    sigaction(SIGSEGV, &sa, NULL);
    volatile unsigned long acc = 0;
    int faults = 0;
    for (int round = 0; round < 2000; round++) {
        if (sigsetjmp(env, 1) == 0) {
            /* Between the last exit to the runtime (sigsetjmp's system call) and the fault. */
            unsigned long x = (unsigned long)round;
            for (int i = 0; i < 5000; i++)
                x = x * 6364136223846793005ul + 1442695040888963407ul;
            acc += x;
            *(volatile int *)(x & 0xff) = 1;   /* page 0: always faults */
        } else {
            faults++;
        }
    }
    printf("faults %d acc %lx\n", faults, (unsigned long)acc);
    return faults == 2000 ? 0 : 1;
}
