/* vtest: vlen=128,256
 * Every vector floating-point instruction at SEW 32 and 64 (tests/vector/lib/vfp-cases.h):
 * edge and random operands, LMUL 1/2, 1, 2, 4, vl = VLMAX and 3, masked and not, all five
 * rounding modes; one hash of the results and fflags per instruction, SEW and LMUL. */
#include "vfp-cases.h"

int main(void)
{
    static const unsigned sews[] = { 2, 3 };
    run_all(sews, 2);
    return 0;
}
