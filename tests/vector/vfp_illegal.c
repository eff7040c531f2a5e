/* vtest: vlen=128
 * Vector FP instructions that must raise illegal instruction (SIGILL) and their legal
 * neighbours: SEW 8, 2*SEW > 64, misaligned or overlapping register groups, v0 as a masked
 * destination, a reserved frm (every FP instruction but the moves, as in qemu-riscv64 7.2),
 * vill, vfwcvt/vfncvt at the ELEN limit. (Zvfh's SEW 16 and SEW 8 conversions: vfp_nozvfh.)
 * Prints "name: ok" or "name: SIGILL" for each, then the fflags left over. */
#include <stdio.h>
#include "vtest.h"
#include "vtry.h"

int main(void)
{
    vtry_init();
    vt_init();
    vt_fill_regs(7);
    __asm__ volatile("fmv.w.x fa0, zero");

    TRY("vfadd e8", VSET("e8,m1,ta,ma"), "vfadd.vv v8, v16, v24");
    TRY("vfadd e32", VSET("e32,m1,ta,ma"), "vfadd.vv v8, v16, v24");
    TRY("vfadd e64 m2 vd odd", VSET("e64,m2,ta,ma"), "vfadd.vv v9, v16, v24");
    TRY("vfadd e64 m2 vs1 odd", VSET("e64,m2,ta,ma"), "vfadd.vv v8, v16, v25");
    TRY("vfadd masked vd=v0", VSET("e32,m1,ta,ma"), "vfadd.vv v0, v16, v24, v0.t");
    TRY("vfwadd e64", VSET("e64,m1,ta,ma"), "vfwadd.vv v8, v16, v24");
    TRY("vfwadd e32 m8", VSET("e32,m8,ta,ma"), "vfwadd.vv v8, v16, v24");
    TRY("vfwadd vd=vs2 low", VSET("e32,m1,ta,ma"), "vfwadd.vv v8, v8, v24");
    TRY("vfwadd vs2 high", VSET("e32,m1,ta,ma"), "vfwadd.vv v8, v9, v24");
    TRY("vfwadd vs2 high mf2", VSET("e32,mf2,ta,ma"), "vfwadd.vv v8, v8, v24");
    TRY("vfwadd.wv vd odd", VSET("e32,m1,ta,ma"), "vfwadd.wv v9, v16, v24");
    TRY("vfncvt vd=vs2", VSET("e32,m1,ta,ma"), "vfncvt.f.f.w v8, v8");
    TRY("vfncvt vd=vs2+1", VSET("e32,m1,ta,ma"), "vfncvt.f.f.w v9, v8");
    TRY("vfncvt e64", VSET("e64,m1,ta,ma"), "vfncvt.f.f.w v8, v16");
    TRY("vfwcvt.f.f e64", VSET("e64,m1,ta,ma"), "vfwcvt.f.f.v v8, v16");
    TRY("vmfeq m2 vd=vs2", VSET("e32,m2,ta,ma"), "vmfeq.vv v16, v16, v24");
    TRY("vmfeq m2 vd=vs2+1", VSET("e32,m2,ta,ma"), "vmfeq.vv v17, v16, v24");
    TRY("vmfeq masked vd=v0", VSET("e32,m1,ta,ma"), "vmfeq.vv v0, v16, v24, v0.t");
    TRY("vfslide1up vd=vs2", VSET("e32,m1,ta,ma"), "vfslide1up.vf v8, v8, fa0");
    TRY("vfslide1down vd=vs2", VSET("e32,m1,ta,ma"), "vfslide1down.vf v8, v8, fa0");
    TRY("vfredosum m4 vs2 odd", VSET("e32,m4,ta,ma"), "vfredosum.vs v8, v17, v24");
    TRY("vfredosum vd=v0 masked", VSET("e32,m4,ta,ma"), "vfredosum.vs v0, v16, v24, v0.t");
    TRY("vfwredosum e64", VSET("e64,m1,ta,ma"), "vfwredosum.vs v8, v16, v24");
    TRY("vfwredosum e32 m8", VSET("e32,m8,ta,ma"), "vfwredosum.vs v8, v16, v24");
    TRY("vfmerge vd=v0", VSET("e32,m1,ta,ma"), "vfmerge.vfm v0, v16, fa0, v0");
    TRY("vfmv.s.f e8", VSET("e8,m1,ta,ma"), "vfmv.s.f v8, fa0");
    TRY("vfmv.f.s e8", VSET("e8,m1,ta,ma"), "vfmv.f.s fa1, v8");
    /* a reserved frm */
    TRY("vfadd frm=5", { VSET("e32,m1,ta,ma"); FRM(5); }, "vfadd.vv v8, v16, v24");
    TRY("vfadd frm=7", { VSET("e32,m1,ta,ma"); FRM(7); }, "vfadd.vv v8, v16, v24");
    TRY("vfsgnj frm=5", { VSET("e32,m1,ta,ma"); FRM(5); }, "vfsgnj.vv v8, v16, v24");
    TRY("vfmin frm=5", { VSET("e32,m1,ta,ma"); FRM(5); }, "vfmin.vv v8, v16, v24");
    TRY("vmfeq frm=5", { VSET("e32,m1,ta,ma"); FRM(5); }, "vmfeq.vv v8, v16, v24");
    TRY("vfclass frm=6", { VSET("e32,m1,ta,ma"); FRM(6); }, "vfclass.v v8, v16");
    /* (vfcvt.rtz.* with a reserved frm: qemu 7.2 aborts translating it, see vfp-cases.h) */
    TRY("vfredusum frm=5", { VSET("e32,m1,ta,ma"); FRM(5); }, "vfredusum.vs v8, v16, v24");
    TRY("vfslide1up frm=5", { VSET("e32,m1,ta,ma"); FRM(5); }, "vfslide1up.vf v8, v16, fa0");
    TRY("vfmerge frm=5", { VSET("e32,m1,ta,ma"); FRM(5); }, "vfmerge.vfm v8, v16, fa0, v0");
    TRY("vfmv.v.f frm=5", { VSET("e32,m1,ta,ma"); FRM(5); }, "vfmv.v.f v8, fa0");
    TRY("vfmv.s.f frm=5", { VSET("e32,m1,ta,ma"); FRM(5); }, "vfmv.s.f v8, fa0");
    TRY("vfmv.f.s frm=5", { VSET("e32,m1,ta,ma"); FRM(5); }, "vfmv.f.s fa1, v8");
    /* vill */
    TRY("vfadd vill", __asm__ volatile("vsetvl t0, zero, %0" :: "r"(1ull << 63) : "t0"),
        "vfadd.vv v8, v16, v24");
    unsigned fl;
    __asm__ volatile("frflags %0" : "=r"(fl));
    printf("fflags %x\n", fl);
    vt_dump_regs("end", 8, 2);
    return 0;
}
