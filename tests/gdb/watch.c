/* Watchpoints (tests/gdb/run.sh): writes, reads and read-modify-writes of watched variables
 * through ordinary stores, a compressed store, an atomic add, a byte store into a watched word
 * a memset (glibc's, vectorless) and a masked vector store (built with WITH_V), in an order the
 * gdb script follows. */
#include <string.h>

volatile int counter;
volatile int table[8];
volatile long other;
int atomic_word;
char buf[64];
unsigned char vbuf[64];

/* A masked vector store (elements 1, 3, 5, ... of 16 bytes at vbuf + 16): with -cpu max. */
__attribute__((noinline)) void vstore(void)
{
#ifdef WITH_V
    __asm__ volatile("vsetivli t0, 16, e8, m1, ta, mu\n\t"
                     "vid.v v8\n\t"
                     "vand.vi v0, v8, 1\n\t"
                     "vmsne.vi v0, v0, 0\n\t"
                     "vse8.v v8, (%0), v0.t" :: "r"(vbuf + 16) : "t0", "memory");   /* (GCC 12 knows no v clobbers) */
#endif
}

__attribute__((noinline)) void bump(int i) { counter += i; }

int main(void)
{
    for (int i = 1; i <= 3; i++)
        bump(i);
    table[5] = 7;
    other = table[5] + 1;
    __atomic_fetch_add(&atomic_word, 5, __ATOMIC_SEQ_CST);
    ((volatile char *)&counter)[2] = 1;
    memset(buf, 'x', sizeof buf);
    vstore();
    return (int)other - 8;
}
