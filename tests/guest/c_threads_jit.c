/* Translation race: four threads each generate many small functions into their own buffer,
 * make them visible with fence.i and run them (every call is fresh code for the translator),
 * while all of them also call, and take turns rewriting, one shared function. Every result is
 * checked; the output is only the totals, so it is the same under any interleaving. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define NT 4
#define ROUNDS 40
#define FUNCS 64
#define FSLOT 16              /* bytes per generated function */

static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t *shared_fn;   /* returns one of the values SHARED_BASE + 0..NT*ROUNDS */
#define SHARED_BASE 5000

/* addi a0, zero, imm (imm < 2048); ret */
static void emit_const(uint32_t *p, int imm)
{
    p[0] = ((uint32_t)imm << 20) | (10u << 7) | 0x13;
    p[1] = 0x00008067;
}

/* a0 = a0 * 3 + imm: slli t0,a0,1; add a0,a0,t0; addi a0,a0,imm; ret */
static void emit_mul3(uint32_t *p, int imm)
{
    p[0] = (1u << 20) | (10u << 15) | (1u << 12) | (5u << 7) | 0x13;
    p[1] = (5u << 20) | (10u << 15) | (10u << 7) | 0x33;
    p[2] = ((uint32_t)imm << 20) | (10u << 15) | (10u << 7) | 0x13;
    p[3] = 0x00008067;
}

static void flush_icache(void) { __asm__ volatile("fence.i" ::: "memory"); }

static void *worker(void *arg)
{
    long id = (long)arg, bad = 0, shared_ok = 0;
    uint8_t *buf = mmap(NULL, FUNCS * FSLOT, PROT_READ | PROT_WRITE | PROT_EXEC,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED)
        return (void *)-1L;
    for (int r = 0; r < ROUNDS; r++) {
        for (int f = 0; f < FUNCS; f++) {
            int imm = (int)((id * 131 + r * 17 + f) % 2000);
            if (f & 1)
                emit_mul3((uint32_t *)(buf + f * FSLOT), imm);
            else
                emit_const((uint32_t *)(buf + f * FSLOT), imm);
        }
        flush_icache();
        for (int f = 0; f < FUNCS; f++) {
            long imm = (id * 131 + r * 17 + f) % 2000;
            long (*fn)(long) = (long (*)(long))(buf + f * FSLOT);
            long got = fn(f), want = (f & 1) ? f * 3 + imm : imm;
            bad += got != want;
        }
        /* The shared function: rewritten under the lock (then it must return our value),
         * called without it (then it returns some thread's value). */
        pthread_mutex_lock(&shared_lock);
        int v = (int)(id * ROUNDS + r);
        emit_const(shared_fn, SHARED_BASE % 2048 + v % 1000);
        flush_icache();
        long got = ((long (*)(void))shared_fn)();
        bad += got != SHARED_BASE % 2048 + v % 1000;
        pthread_mutex_unlock(&shared_lock);
        for (int k = 0; k < 8; k++) {
            long s = ((long (*)(void))shared_fn)();
            long lo = SHARED_BASE % 2048, hi = lo + 1000;
            if (s >= lo && s < hi)
                shared_ok++;
            else
                bad++;
        }
    }
    munmap(buf, FUNCS * FSLOT);
    return (void *)(bad ? -bad : shared_ok);
}

int main(void)
{
    shared_fn = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                     -1, 0);
    if (shared_fn == MAP_FAILED)
        return 1;
    emit_const(shared_fn, SHARED_BASE % 2048);
    flush_icache();
    pthread_t t[NT];
    for (long i = 0; i < NT; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    long total = 0, failed = 0;
    for (int i = 0; i < NT; i++) {
        void *r;
        pthread_join(t[i], &r);
        if ((long)r < 0)
            failed++;
        else
            total += (long)r;
    }
    printf("threads=%d failed=%ld shared_calls_ok=%ld\n", NT, failed, total);
    return failed != 0;
}
