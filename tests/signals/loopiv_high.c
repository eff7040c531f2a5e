/* loopiv.c's loops walking off the top of the guest's address space (2^38: what lies above,
 * up to the reservation's end at 2^40 and its guard, is never mapped), below address 0 (the
 * kernel half on the host) and entered with bad addresses (at and above the reservation's
 * end, in the band just below 0 that per-access checks let through, below it). qemu-riscv64 7.2 reports si_addr 0 or SEGV_ACCERR for addresses
 * outside Sv39 (as in rangechk_high.c), so loopiv_high.expected holds the kernel's result: the
 * faulting address and SEGV_MAPERR (1) at the access, in the iteration that reaches it. */
#define LOOPIV_HIGH
#include "loopiv.c"

int main(void)
{
    setup();
    uint64_t top = 1ull << 38, text = 0x10000, lim = 1ull << 40;
    uint64_t H = page(top - 4096);
    if (!H)
        return 1;
    RUN(iv_copy, dst, top - 10, 40, 'x');              /* the source walks off the top */
    RUN(iv_sum8, top - 64, 100, 0, 0);
    RUN(iv_step, top - 4096, 100, 0, 0);               /* 64 KiB beyond the top */
    RUN(iv_idx8, top - 24, 10, 0, 0);
    RUN(iv_cond, top - 8, 100, 0, 0);
    RUN(iv_down, text, 100, 0, 0);                     /* 1 MiB back from the lowest page: below 0 */
    RUN(iv_back4, 8, 100, 0, 0);                       /* 4 back from 4: below 0 */
    /* bad at the loop's entry */
    RUN(iv_copy, lim * 2, dst, 0, 'x');                /* never accessed: no fault */
    RUN(iv_copy, lim * 2, dst, 5, 'x');                /* the first store faults */
    RUN(iv_copy, dst, lim, 5, 'x');                    /* the first load faults, one byte stored */
    RUN(iv_sum8, lim + 8, 3, 0, 0);
    RUN(iv_step, lim - 8, 3, 0, 0);                    /* the first access lands in the guard */
    RUN(iv_sum8, -16, 3, 0, 0);                        /* the band below 0 */
    RUN(iv_far, -16, 40, 0, 0);                        /* the band below 0, back into the text */
    RUN(iv_far, -16 - 0x10010, 4, 0, 0);               /* below the band */
    RUN(iv_cond, lim, 3, 0, 0);                        /* accessed in iteration 0 */
    RUN(iv_cond, lim - 1, 3, 0, 0);                    /* and never after */
    RUN(iv_list, lim, 0, 0, 0);
    return 0;
}
