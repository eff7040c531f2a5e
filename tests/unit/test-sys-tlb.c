/*
 * Unit test of the soft-TLB sizing decision (system/softmmu.c, tlb_sizing_decide): the seed's
 * policy grows a table whose use rate at a flush is above 70% and shrinks it only when every
 * rate of the last 100 ms was below 30%; without history (policy 1) one low rate shrinks it;
 * the fixed policies never change it; the bounds hold.
 */
#include "system/cpu-side.h"
#include "unit.h"

#define MS 1000000LL

static unsigned decide(int policy, SoftTLBIdx *t, double rate, int64_t now)
{
    t->used = (uint64_t)(rate * (double)(1u << t->bits));
    unsigned b = tlb_sizing_decide(policy, t, now);
    t->bits = b;
    return b;
}

int main(void)
{
    SoftTLBIdx t = { .bits = 10 };
    UNIT_CHECK("sys-tlb/grow", decide(0, &t, 0.9, 0) == 11, "bits %u", t.bits);
    UNIT_CHECK("sys-tlb/history-keeps", decide(0, &t, 0.05, 10 * MS) == 11, "bits %u", t.bits);
    UNIT_CHECK("sys-tlb/history-keeps-2", decide(0, &t, 0.05, 50 * MS) == 11, "bits %u", t.bits);
    UNIT_CHECK("sys-tlb/history-window-over", decide(0, &t, 0.05, 150 * MS) == 10, "bits %u", t.bits);
    UNIT_CHECK("sys-tlb/history-low-again", decide(0, &t, 0.05, 160 * MS) == 9, "bits %u", t.bits);
    UNIT_CHECK("sys-tlb/middle-stays", decide(0, &t, 0.5, 400 * MS) == 9, "bits %u", t.bits);

    SoftTLBIdx u = { .bits = 10 };
    decide(1, &u, 0.9, 0);
    UNIT_CHECK("sys-tlb/no-history-shrinks", decide(1, &u, 0.05, 1 * MS) == 10, "bits %u", u.bits);

    SoftTLBIdx f = { .bits = TLB_MIN_BITS };
    UNIT_CHECK("sys-tlb/fixed-min", decide(2, &f, 0.99, 0) == TLB_MIN_BITS, "bits %u", f.bits);
    f.bits = TLB_MAX_BITS;
    UNIT_CHECK("sys-tlb/fixed-max", decide(3, &f, 0.0, 0) == TLB_MAX_BITS, "bits %u", f.bits);

    SoftTLBIdx lo = { .bits = TLB_MIN_BITS };
    UNIT_CHECK("sys-tlb/lower-bound", decide(1, &lo, 0.0, 0) == TLB_MIN_BITS, "bits %u", lo.bits);
    SoftTLBIdx hi = { .bits = TLB_MAX_BITS };
    UNIT_CHECK("sys-tlb/upper-bound", decide(1, &hi, 1.0, 0) == TLB_MAX_BITS, "bits %u", hi.bits);
    return unit_status();
}
