/* vtest: vlen=128
 * A vector store that rewrites the instruction right after it, in the same block: nothing
 * crashes and either instruction runs (without a fence.i both are legal: qelt drops the block's
 * translations and restarts after the store, so it runs the new one; qemu 7.2 the old one);
 * a store into another code page: after fence.i the new code runs. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "vtest.h"

int main(void)
{
    vt_init();
    uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    static const uint32_t prog[] = {
        0x02050427,   /* vse8.v v8, (a0)   -- a0 = &prog[1] */
        0x00100513,   /* addi a0, zero, 1  -- becomes addi a0, zero, 2 */
        0x00008067,   /* ret */
    };
    static uint8_t v8[128];
    uint32_t repl = 0x00200513;
    memcpy(v8, &repl, 4);
    for (int round = 0; round < 3; round++) {
        memcpy(code, prog, sizeof prog);
        __asm__ volatile("fence.i" ::: "memory");
        long (*f)(void *) = (long (*)(void *))(void *)code;
        __asm__ volatile("vl1re8.v v8, (%0)\n\tvsetivli zero, 4, e8, m1, ta, ma" : : "r"(v8) : "memory");
        long r = f(code + 1);
        printf("round %d: %s\n", round, r == 1 || r == round + 2 ? "ok" : "wrong");
        repl += 0x00100000;   /* next round: addi a0, zero, 3 ... */
        memcpy(v8, &repl, 4);
    }
    /* a store into another code page that ran before: the next call runs the new code */
    memcpy(code + 256, prog + 1, 8);
    __asm__ volatile("fence.i" ::: "memory");
    long (*g)(void) = (long (*)(void))(void *)(code + 256);
    printf("before: %ld\n", g());
    repl = 0x00700513;
    memcpy(v8, &repl, 4);
    __asm__ volatile("vl1re8.v v8, (%0)\n\tvsetivli zero, 4, e8, m1, ta, ma\n\tvse8.v v8, (%1)"
                     : : "r"(v8), "r"(code + 256) : "memory");
    __asm__ volatile("fence.i" ::: "memory");
    printf("after: %ld\n", g());
    return 0;
}
