/*
 * RISC-V front end: vector floating point, Zvfh and Zvfhmin (see vector.h for the
 * state layout, the helper-call convention and which part owns what).
 * Not implemented yet: every instruction of this part is illegal.
 */
#include "translate.h"
#include "vector.h"

bool rv_trans_vfp(RVDisas *d, const RVInsn *insn)
{
    (void)d;
    (void)insn;
    return false;
}
