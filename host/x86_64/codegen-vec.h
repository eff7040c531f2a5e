/*
 * What the two halves of the vector lowering share: codegen-vec.c (the vector cache, integer
 * ops, mask compares, memory, slow-path calls) and codegen-vfp.c (FP ops). VG carries one op's
 * code generation; the functions below are codegen-vec.c's chunk and cache machinery and
 * codegen-vfp.c's pieces its neighbours call. Internal to host/x86_64.
 */
#ifndef QELT_CODEGEN_VEC_H
#define QELT_CODEGEN_VEC_H

#include "x86-backend.h"

enum { LV_GENERIC, LV_SSE2, LV_SSE41, LV_AVX2 };

/* What one op's code generation needs. */
typedef struct VG {
    Backend *be;
    XBuf *b;
    int lv;
    int len;            /* VEX length of the current chunk (128/256), 0 = legacy SSE */
    XReg idx;           /* loop index register while in a loop, else X_NOREG */
    XReg loop_reg;      /* allocated before any code (see vg_skip_test), for loops */
    int k;              /* byte offset of the current chunk */
    int w;              /* its width: 32, 16, 8, 4, 2 or 1 */
    bool wide;          /* 256-bit code emitted: vzeroupper at the end */
    XReg gt;            /* GPR for chunks of 2 or 1 bytes (moved through it) */
    XReg gm, gc;        /* masked ops: the mask's bits (loaded once), a scratch */
    int mask_off;       /* masked ops: env offset of the mask, else 0 */
    /* the vector cache (below) */
    bool nocache;       /* this op's chunks neither use nor make cache entries */
    int loop_bytes;     /* bytes a chunk loop covers (its destination's range) */
    uint32_t stamp0;    /* entries used since (vc_use >= stamp0) serve the current chunk */
    uint16_t fresh;     /* xmm registers whose entries this op set */
} VG;

#define P66(op)   XSIMD(1, 1, op, 0)
#define P66_38(op) XSIMD(1, 2, op, 0)

/* Full chunk width in bytes and its encoding length; wide: 256-bit (AVX2 and n >= 32). */
static inline int vg_chunk_w(const VG *g) { return g->wide ? 32 : 16; }
static inline int vg_full_len(const VG *g) { return g->lv == LV_AVX2 ? (g->wide ? 256 : 128) : 0; }
static inline void vg_set_wide(VG *g, int n) { g->wide = g->lv == LV_AVX2 && n >= 32; }

typedef void (*ChunkFn)(VG *g, const void *arg);

/* An op's skip / fallback branches, out of line: its status (if any) set to 1, the entries it
 * set reloaded, back to its end. */
typedef struct VcFallback {
    uint8_t *br[8];
    int n;
    uint8_t *resume;
    int32_t off[16];
    uint16_t mask;
    int rd;
    VfRecheck rc;   /* a vfop's re-check, failing to here */
} VcFallback;

/* codegen-vec.c: chunks, the vector cache, scratch registers, skip tests */
void vg_acc_op(VG *g, uint32_t opc, int xacc, int xs);
void vg_broadcast(VG *g, int l2, XReg s);
void vg_for_chunks(VG *g, int n, ChunkFn fn, const void *arg);
void vg_mov(VG *g, int xd, int xs);
void vg_need_loop_reg(VG *g, int n, uint32_t avoid);
void vg_op3(VG *g, uint32_t opc, int xd, int xa, int xb);
bool vg_room(Backend *be, int bytes);
void vg_shift_imm(VG *g, uint8_t opc, int digit, int xd, int xs, int imm);
uint8_t *vg_skip_test(Backend *be, IRTemp skip, bool *never);
bool vc_fusable(Backend *be, IRTemp cond, int *at);
bool vc_fuse_leave(VG *g, uint8_t **br, int n, IRTemp cond, int rd);
void vc_reload_at(Backend *be, unsigned mask, const int32_t *off);
void vdst(VG *g, int off, int r);
int vdst_pick(VG *g, int off, int xa, int xb);
int vec_level(Backend *be);
VG vg_new(Backend *be);
void vload(VG *g, int x, XMem m);
void vload_x(VG *g, int x, int off);
int vsrc(VG *g, int x, int off);

/* codegen-vfp.c */
void vc_fallback_cold(Backend *be, const void *data);
int vf_acc_reg(const Backend *be, const IROp *op);
bool vf_lean(const Backend *be, const IROp *op);
void vf_recheck_emit(Backend *be, const VfRecheck *c, const uint8_t *fallback);

#endif
