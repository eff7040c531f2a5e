/*
 * Illegal-instruction probes for the vector tests: TRY(name, setup, asm text) runs setup, then
 * the instruction, and prints "name: ok" or "name: SIGILL" (a SIGILL handler jumps back);
 * frm is reset to 0 after each. vtry_init() installs the handler and line-buffers stdout
 * (output survives an emulator that dies).
 */
#ifndef VTRY_H
#define VTRY_H

#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf vtry_env;

static void vtry_on_sigill(int sig)
{
    (void)sig;
    siglongjmp(vtry_env, 1);
}

static void vtry_init(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = vtry_on_sigill;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGILL, &sa, NULL);
    setvbuf(stdout, NULL, _IOLBF, 0);
}

#define VSET(vt) __asm__ volatile("vsetvli t0, zero, " vt ::: "t0")
#define FRM(n) __asm__ volatile("fsrmi " #n)
#define TRY(name, setup, text) do { \
        setup; \
        if (sigsetjmp(vtry_env, 1) == 0) { \
            __asm__ volatile(text ::: "memory"); \
            printf("%s: ok\n", name); \
        } else { \
            printf("%s: SIGILL\n", name); \
        } \
        __asm__ volatile("fsrm zero"); \
    } while (0)

#endif
