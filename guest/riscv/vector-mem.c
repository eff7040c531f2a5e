/*
 * RISC-V front end: every vector load and store (vector.h): unit-stride, fault-only-first,
 * strided, indexed (ordered and unordered), their segment forms (nf 2..8), whole-register and
 * mask (vlm.v/vsm.v) accesses. One helper, helper_vmem, runs them all, element by element,
 * through the runtime's mode-neutral guest-memory interface (rt_guest_probe / rt_guest_io), so
 * the same code serves user mode and the full-system machine.
 *
 * Flow: rv_trans_vmem finds the instruction's mode and EEW (vmem_info), refuses what is
 * illegal whatever vtype is (EEW 64 without Zve64x, a misaligned whole-register group),
 * checks the rest now when the translator knows vtype (vmem_legal) and emits the helper call;
 * the helper checks again at run time unless the translator did, then loops from vstart.
 * Invariants: before each element access g.vstart holds that element's index, so a fault
 * leaves the precise restart point (qemu-riscv64 7.2's order: element by element, each
 * element's fields in order); masked-off, tail and (fault-only-first) trimmed elements are
 * left undisturbed; a completed instruction leaves vstart = 0. A store that hit translated
 * code ends the block after the instruction (cpu_loop_exit_restart at pc + 4).
 */
#include <stddef.h>
#include <string.h>
#include "translate.h"
#include "vector.h"
#include "cpu-ext.h"
#include "guest-cpu.h"
#include "runtime.h"
#include "vcpu.h"

/* The access modes; desc's extra byte: EEW log2 bits 0-1, mode bits 2-4, store bit 5. */
enum { VM_UNIT, VM_FF, VM_STRIDED, VM_INDEXED, VM_WHOLE, VM_MASK };
#define VM_EXTRA(eew, mode, st) ((unsigned)(eew) | (unsigned)(mode) << 2 | (unsigned)(st) << 5)
#define VM_EEW(x)   ((x) & 3)
#define VM_MODE(x)  (((x) >> 2) & 7)
#define VM_STORE(x) (((x) >> 5) & 1)

/* The op's mode, EEW and direction; false when op is not a vector load/store. */
static bool vmem_info(int op, unsigned *extra)
{
    switch (op) {
#define VMEM_EEW(e, l)                                                                         \
    case RV_OP_vle##e##_v:    *extra = VM_EXTRA(l, VM_UNIT, 0); return true;             \
    case RV_OP_vle##e##ff_v:  *extra = VM_EXTRA(l, VM_FF, 0); return true;               \
    case RV_OP_vl1re##e##_v:  *extra = VM_EXTRA(l, VM_WHOLE, 0); return true;            \
    case RV_OP_vlse##e##_v:   *extra = VM_EXTRA(l, VM_STRIDED, 0); return true;          \
    case RV_OP_vluxei##e##_v: case RV_OP_vloxei##e##_v:                                   \
        *extra = VM_EXTRA(l, VM_INDEXED, 0); return true;                                 \
    case RV_OP_vse##e##_v:    *extra = VM_EXTRA(l, VM_UNIT, 1); return true;             \
    case RV_OP_vsse##e##_v:   *extra = VM_EXTRA(l, VM_STRIDED, 1); return true;          \
    case RV_OP_vsuxei##e##_v: case RV_OP_vsoxei##e##_v:                                   \
        *extra = VM_EXTRA(l, VM_INDEXED, 1); return true;
    VMEM_EEW(8, 0) VMEM_EEW(16, 1) VMEM_EEW(32, 2) VMEM_EEW(64, 3)
#undef VMEM_EEW
    case RV_OP_vlm_v:  *extra = VM_EXTRA(0, VM_MASK, 0); return true;
    case RV_OP_vsm_v:  *extra = VM_EXTRA(0, VM_MASK, 1); return true;
    case RV_OP_vs1r_v: *extra = VM_EXTRA(0, VM_WHOLE, 1); return true;
    }
    return false;
}

/* Register groups of a non-whole access under vtype: the data's EMUL (log2) and, for indexed
 * accesses, the index's; false when they are reserved (RVV 1.0 section 7): EMUL out of 1/8..8,
 * nf * EMUL > 8, a group misaligned or past v31, a masked load's vd on v0, an indexed load's
 * vd overlapping the index group against the overlap rules (segment: not at all). */
static bool vmem_legal(uint64_t vtype, unsigned extra, unsigned nf, unsigned vd, unsigned vs2,
                       unsigned vm)
{
    if (vtype & RV_VTYPE_VILL)
        return false;
    unsigned mode = VM_MODE(extra);
    if (mode == VM_MASK)
        return true;
    int sew = (int)RV_VTYPE_VSEW(vtype), lmul = rv_vlmul_log2(vtype), eew = (int)VM_EEW(extra);
    int emul = eew - sew + lmul;
    int data_emul = mode == VM_INDEXED ? lmul : emul, data_eew = mode == VM_INDEXED ? sew : eew;
    if (emul < -3 || emul > 3)
        return false;
    unsigned regs = data_emul > 0 ? 1u << data_emul : 1;
    if (nf * regs > 8 || vd % regs || vd + nf * regs > 32)
        return false;
    if (!VM_STORE(extra) && !vm && vd == 0)
        return false;
    if (mode == VM_INDEXED) {
        if (!rv_vgroup_ok(vs2, emul))
            return false;
        if (!VM_STORE(extra)) {
            unsigned ni = emul > 0 ? 1u << emul : 1;
            if (nf > 1)
                return vd + nf * regs <= vs2 || vs2 + ni <= vd;
            return rv_voverlap_ok(vd, data_eew, data_emul, vs2, eew, emul);
        }
    }
    return true;
}

/* ---- The helper ---- */

typedef struct VMemCtx {
    VCPU *cpu;
    int mmu;
    bool store;
} VMemCtx;

/* Moves size bytes between guest va and the register bytes at reg, through host memory or
 * device accesses of part bytes (1 for a page-crossing element's halves). */
static void move_bytes(VMemCtx *x, void *host, uint64_t va, uint8_t *reg, unsigned size,
                       unsigned part)
{
    if (host) {
        void *dst = x->store ? host : (void *)reg;
        const void *src = x->store ? (const void *)reg : host;
        switch (size) {   /* fixed sizes: inline moves, not a library call */
        case 1: memcpy(dst, src, 1); return;
        case 2: memcpy(dst, src, 2); return;
        case 4: memcpy(dst, src, 4); return;
        case 8: memcpy(dst, src, 8); return;
        default: memcpy(dst, src, size); return;
        }
    }
    for (unsigned o = 0; o < size; o += part) {
        uint64_t v = 0;
        if (x->store) {
            memcpy(&v, reg + o, part);
            rt_guest_io(x->cpu, va + o, part, true, v, x->mmu);
        } else {
            v = rt_guest_io(x->cpu, va + o, part, false, 0, x->mmu);
            memcpy(reg + o, &v, part);
        }
    }
}

/* One element access of size bytes (1..8) at va; false when nofault and it would fault. */
static bool elem_access(VMemCtx *x, uint64_t va, uint8_t *reg, unsigned size, bool nofault)
{
    int flags = (x->store ? RT_PROBE_WRITE : RT_PROBE_READ) | (nofault ? RT_PROBE_NOFAULT : 0);
    unsigned off = (unsigned)(va & (GM_PAGE_SIZE - 1));
    if (off + size <= GM_PAGE_SIZE) {
        void *h = rt_guest_probe(x->cpu, va, size, flags, x->mmu);
        if (h == RT_PROBE_FAULT)
            return false;
        move_bytes(x, h, va, reg, size, size);
    } else {
        /* crossing a page: both halves are checked before either is accessed */
        unsigned n1 = (unsigned)GM_PAGE_SIZE - off;
        void *h1 = rt_guest_probe(x->cpu, va, n1, flags, x->mmu);
        if (h1 == RT_PROBE_FAULT)
            return false;
        void *h2 = rt_guest_probe(x->cpu, va + n1, size - n1, flags, x->mmu);
        if (h2 == RT_PROBE_FAULT)
            return false;
        move_bytes(x, h1, va, reg, n1, 1);
        move_bytes(x, h2, va + n1, reg + n1, size - n1, 1);
    }
    if (x->cpu->helper_mem_cb)
        x->cpu->helper_mem_cb(x->cpu, va, (unsigned)__builtin_ctz(size), x->store);
    return true;
}

/* Elements vstart .. evl - 1 of esz bytes at base + i * esz, register bytes at regs + i * esz
 * (unit stride unmasked with one field, whole registers, masks): one probe and one copy per
 * page; a page that is device memory, would fault or is watched by plugins goes element by
 * element, which raises the fault at the precise element (masked_in_page below: the same for a
 * masked access within one page). */
static void contiguous(VMemCtx *x, GuestState *g, uint64_t base, uint8_t *regs, unsigned esz,
                       uint64_t evl)
{
    int flags = (x->store ? RT_PROBE_WRITE : RT_PROBE_READ) | RT_PROBE_NOFAULT;
    uint64_t i = g->vstart;
    while (i < evl) {
        uint64_t va = base + i * esz;
        uint64_t n = (GM_PAGE_SIZE - (va & (GM_PAGE_SIZE - 1))) / esz;
        if (n > evl - i)
            n = evl - i;
        void *h = n && !x->cpu->helper_mem_cb ?
                  rt_guest_probe(x->cpu, va, (uint32_t)(n * esz), flags, x->mmu) : NULL;
        if (h && h != RT_PROBE_FAULT) {
            if (x->store)
                memcpy(h, regs + i * esz, n * esz);
            else
                memcpy(regs + i * esz, h, n * esz);
            i += n;
            g->vstart = i;
            continue;
        }
        for (uint64_t k = n ? n : 1; k > 0; k--, i++, g->vstart = i)
            elem_access(x, base + i * esz, regs + i * esz, esz, false);
    }
}

static inline bool mask_bit(const GuestState *g, uint64_t i)
{
    return (g->vreg[i / 8] >> (i % 8)) & 1;
}

/* A masked unit-stride access of elements vstart .. vl - 1 (esz bytes, one field) when they
 * all lie in one page that is plain RAM and accessible: one probe, then the active elements
 * copied. False (nothing done): the element loop decides, faults included. */
static bool masked_in_page(VMemCtx *x, GuestState *g, uint64_t base, uint8_t *regs,
                           unsigned esz)
{
    uint64_t i = g->vstart, va = base + i * esz, size = (g->vl - i) * esz;
    if (g->vl <= i || x->cpu->helper_mem_cb || (va & (GM_PAGE_SIZE - 1)) + size > GM_PAGE_SIZE)
        return false;
    int flags = (x->store ? RT_PROBE_WRITE : RT_PROBE_READ) | RT_PROBE_NOFAULT;
    uint8_t *h = rt_guest_probe(x->cpu, va, (uint32_t)size, flags, x->mmu);
    if (!h || h == RT_PROBE_FAULT)
        return false;
    for (; i < g->vl; i++, h += esz) {
        if (!mask_bit(g, i))
            continue;
        if (x->store)
            memcpy(h, regs + i * esz, esz);
        else
            memcpy(regs + i * esz, h, esz);
    }
    return true;
}

/* An index element: zero-extended, EEW 1 << eew bytes. */
static uint64_t index_elem(const uint8_t *p, unsigned eew)
{
    switch (eew) {
    case 0: return *p;
    case 1: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 2: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

/* Fault-only-first: the first active element from vstart on whose fields can be accessed
 * only with a fault, other than element 0 (which traps as a normal load): vl becomes it. */
static void ff_trim(VMemCtx *x, GuestState *g, uint64_t base, unsigned esz, unsigned nf,
                    bool vm)
{
    for (uint64_t i = g->vstart; i < g->vl; i++) {
        if (!vm && !mask_bit(g, i))
            continue;
        for (unsigned f = 0; f < nf; f++) {
            uint64_t va = base + (i * nf + f) * esz;
            unsigned off = (unsigned)(va & (GM_PAGE_SIZE - 1));
            bool ok = rt_guest_probe(x->cpu, va, off + esz <= GM_PAGE_SIZE ? esz :
                                     (unsigned)GM_PAGE_SIZE - off,
                                     RT_PROBE_READ | (i ? RT_PROBE_NOFAULT : 0), x->mmu) !=
                      RT_PROBE_FAULT;
            if (ok && off + esz > GM_PAGE_SIZE)
                ok = rt_guest_probe(x->cpu, va + GM_PAGE_SIZE - off, esz - (GM_PAGE_SIZE - off),
                                    RT_PROBE_READ | (i ? RT_PROBE_NOFAULT : 0), x->mmu) !=
                     RT_PROBE_FAULT;
            if (!ok) {
                g->vl = i;
                return;
            }
        }
    }
}

static void helper_vmem(VCPU *cpu, uint64_t desc, uint64_t base)
{
    GuestState *g = &cpu->g;
    unsigned extra = RV_VDESC_EXTRA(desc), mode = VM_MODE(extra), eew = VM_EEW(extra);
    unsigned nf = RV_VDESC_NF(desc), vd = RV_VDESC_VD(desc), vs2 = RV_VDESC_VS2(desc);
    bool vm = RV_VDESC_VM(desc);
    VMemCtx x = { cpu, RV_VDESC_MMU(desc), VM_STORE(extra) };
    uint32_t vlenb = g->vlenb;
    uint8_t *regs = g->vreg + (size_t)vd * vlenb;

    rv_vhelper_begin(cpu, desc);
    if (mode == VM_WHOLE) {
        /* nf registers as one vector of EEW elements, whatever vtype and vl are */
        unsigned esz = 1u << eew;
        contiguous(&x, g, base, regs, esz, (uint64_t)nf * vlenb / esz);
        goto done;
    }
    if (!rv_vdesc_checked(g->vtype, desc) && !vmem_legal(g->vtype, extra, nf, vd, vs2, vm))
        rv_vraise_illegal(cpu);
    if (mode == VM_MASK) {
        contiguous(&x, g, base, regs, 1, (g->vl + 7) / 8);
        goto done;
    }

    int sew = (int)RV_VTYPE_VSEW(g->vtype), lmul = rv_vlmul_log2(g->vtype);
    unsigned dsz = 1u << (mode == VM_INDEXED ? sew : (int)eew);   /* data element bytes */
    int data_emul = mode == VM_INDEXED ? lmul : (int)eew - sew + lmul;
    size_t field_bytes = (size_t)(data_emul > 0 ? 1u << data_emul : 1) * vlenb;
    uint64_t stride = mode == VM_STRIDED ? g->x[vs2] : (uint64_t)nf * dsz;
    const uint8_t *index = g->vreg + (size_t)vs2 * vlenb;
    if (mode == VM_FF)
        ff_trim(&x, g, base, dsz, nf, vm);
    if ((mode == VM_UNIT || mode == VM_FF) && nf == 1 && vm) {
        contiguous(&x, g, base, regs, dsz, g->vl);
        goto done;
    }
    if (mode == VM_UNIT && nf == 1 && masked_in_page(&x, g, base, regs, dsz))
        goto done;
    for (uint64_t i = g->vstart; i < g->vl; i++, g->vstart++) {
        if (!vm && !mask_bit(g, i))
            continue;
        uint64_t a = mode == VM_INDEXED ? base + index_elem(index + (i << eew), eew)
                                        : base + i * stride;
        for (unsigned f = 0; f < nf; f++)
            elem_access(&x, a + (uint64_t)f * dsz, regs + f * field_bytes + i * dsz, dsz,
                        false);
    }
done:
    g->vstart = 0;
    if (cpu->helper_code_write) {
        cpu->helper_code_write = 0;
        g->pc += 4;
        cpu_loop_exit_restart(cpu);
    }
}

/* ---- Translation ---- */

bool rv_trans_vmem(RVDisas *d, const RVInsn *in)
{
    unsigned extra;
    if (!vmem_info(in->op, &extra))
        return false;
    unsigned mode = VM_MODE(extra);
    uint64_t vtype;
    bool ok = VM_EEW(extra) < 3 || (d->isa & RV_EXT_BIT(ZVE64X));
    if (mode == VM_WHOLE)
        ok = ok && in->rd % in->nf == 0;
    else if (rv_vknown_vtype(d, &vtype))
        ok = ok && vmem_legal(vtype, extra, in->nf, in->rd, in->rs2, in->vm);
    if (!ok) {
        rv_gen_illegal(d);
        return true;
    }
    /* a predicted vtype under which the access is illegal: checked at run time */
    uint32_t shape = mode == VM_WHOLE ? RV_VCHK_ANYVTYPE
                   : d->vk.predicted && !vmem_legal(d->vk.vtype, extra, in->nf, in->rd, in->rs2,
                                                    in->vm) ? RV_VCHK_RUNTIME : 0;
    rv_vgen_call(d, in, (void *)helper_vmem, shape, extra, rv_get_gpr(d, in->rs1), IR_NOTEMP);
    if (mode == VM_FF) {
        d->vk.vl_known = false;   /* a fault may trim vl */
        if (!d->te->sys && d->is_jmp == RV_DISAS_NEXT) {
            IRTemp vl = ir_temp(d->ir);
            ir_ld_env(d->ir, vl, (int)offsetof(GuestState, vl), MO_Q);
            rv_vl_exits(d, vl);
        }
    }
    return true;
}
