/*
 * RISC-V front end for the vector extension: dispatch to the parts (vector.h), configuration
 * instructions, vector CSRs and the checks the parts share.
 * Not implemented yet: every vector instruction is illegal.
 */
#include "translate.h"
#include "vector.h"

bool rv_translate_vector(RVDisas *d, const RVInsn *insn)
{
    return rv_trans_vmem(d, insn) || rv_trans_vint(d, insn) || rv_trans_vfp(d, insn) ||
           rv_trans_vcrypto(d, insn);
}
