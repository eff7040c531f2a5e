/*
 * Shared by tests/signals/loopsext.c, loopdefer.c and loopsel.c (included, not a test itself): a timer
 * handler that, at the loop's head (lh_head), compares the registers lh_xnum[0..lh_n) with
 * what lh_model gives for the iteration count in t3 from the run's entry values lh_start
 * (mismatches counted in bad), and a SIGSEGV handler that records every register, notes
 * whether the pc is lh_fault and jumps back to lh_jb (lh_install sets both up), and
 * lh_guarded_words, words that end where an inaccessible page starts.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

#define LH_MAX 16
static volatile long ticks, at_head, bad;
static uint64_t fault_x[32];
static int fault_at_load;
static sigjmp_buf jb;
static const char *lh_head, *lh_fault;
static const int *lh_xnum;
static int lh_n;
static uint64_t lh_start[LH_MAX];
static void (*lh_model)(const uint64_t *s, uint64_t i, uint64_t *out);

static uint64_t sext32(uint64_t v) { return (uint64_t)(int64_t)(int32_t)(uint32_t)v; }

/* gregs index of xN (gregs[0] is the pc) */
static uint64_t xreg(const ucontext_t *uc, int n) { return uc->uc_mcontext.__gregs[n]; }

static void on_alarm(int sig, siginfo_t *si, void *ctx)
{
    (void)sig, (void)si;
    const ucontext_t *uc = ctx;
    ticks++;
    if (xreg(uc, 0) != (uint64_t)lh_head)
        return;
    at_head++;
    uint64_t want[LH_MAX];
    lh_model(lh_start, xreg(uc, 28), want);
    for (int r = 0; r < lh_n; r++)
        if (xreg(uc, lh_xnum[r]) != want[r])
            bad++;
}

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    (void)sig, (void)si;
    const ucontext_t *uc = ctx;
    fault_at_load = xreg(uc, 0) == (uint64_t)lh_fault;
    for (int k = 0; k < 32; k++)
        fault_x[k] = xreg(uc, k);
    siglongjmp(jb, 1);
}

static void timer(long usec)
{
    struct itimerval it = { { 0, usec }, { 0, usec } };
    setitimer(ITIMER_REAL, &it, NULL);
}

/* SIGALRM to on_alarm (SA_RESTART: the interrupted loop goes on), SIGSEGV to on_segv. */
static void lh_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_alarm;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
}

/* n words right before a PROT_NONE page (NULL when mmap fails). */
static uint32_t *lh_guarded_words(int n)
{
    long pg = sysconf(_SC_PAGESIZE);
    uint8_t *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    mprotect(m + pg, pg, PROT_NONE);
    return (uint32_t *)(m + pg) - n;
}
