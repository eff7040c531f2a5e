/* vtest: vlen=128,256 cpu=zvfh=true qemu=no: qemu-riscv64 7.2 has no zvfh property (it runs SEW 16 FP under plain v=true; the expected files are its output, compared by hand when made)
 * Every vector floating-point instruction at SEW 16 (Zvfh; the widening ones to single, the
 * integer-to-half conversions from SEW 8 too) with tests/vector/lib/vfp-cases.h: edge and
 * random operands, LMUL 1/2..4, vl = VLMAX and 3, masked and not, all five rounding modes. */
#include "vfp-cases.h"

int main(void)
{
    static const unsigned sews[] = { 1, 0 };
    run_all(sews, 2);
    return 0;
}
