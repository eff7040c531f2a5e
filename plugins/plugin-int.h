/*
 * Private to plugins/: the plugin manager, the per-plugin context, the translation-time view of
 * a block (struct qemu_plugin_tb / insn) and the subscriptions plugins make on it.
 *
 * Invariants:
 *   - One PluginMgr per process (QEMU's API calls carry no context, so the API reaches it through
 *     the one pointer plugin_mgr, set once by plugins_load and never changed); the vCPU an API
 *     call runs for is the calling thread's (plugin_tls_vcpu, set by plugins_vcpu_init).
 *   - A plugin id is its index in mgr->plugins plus one; contexts are never freed (an uninstalled
 *     plugin keeps its slot with everything cleared).
 *   - Scoreboard entries live in per-vCPU arenas (VCPU.plugin_state points at the vCPU's arena):
 *     scoreboard S's entry for vCPU v is at arena[v] + S->off. Arenas are large lazily-committed
 *     reservations that never move, so generated code addresses an entry as
 *     [VCPU.plugin_state + off] and pointers from scoreboard_find stay valid.
 *   - The block view is rebuilt for every translation; its subscription lists are consumed by
 *     the lowering pass (lower.c) right after the tb_trans callbacks.
 */
#ifndef QELT_PLUGIN_INT_H
#define QELT_PLUGIN_INT_H

#include <pthread.h>
#include <stdio.h>
#include "qemu-plugin.h"
#include "qelt-plugin.h"
#include "plugin.h"
#include "guest.h"
#include "vcpu.h"
#include "cb-summary.h"

#define PLUGIN_API __attribute__((visibility("default")))

#define PLUGIN_ARENA_SIZE  (1ull << 30)   /* reserved per vCPU; committed on first touch */
#define PLUGIN_ARENA_HDR   64             /* arena bytes before the first scoreboard */
#define PLUGIN_MAX_VCPUS   1024
/* Where generated code leaves the value of the last memory access for mem_get_value. */
#define PLUGIN_MEMVAL_SLOT 7              /* index in VCPU.scratch */

typedef struct PluginMgr PluginMgr;

typedef struct PluginCtx {
    PluginMgr *mgr;
    qemu_plugin_id_t id;
    void *handle;                      /* dlopen; NULL once uninstalled */
    char *path;
    int api_version;                   /* its qemu_plugin_version */
    int argc;
    char **argv;
    bool uses_glib;
    qemu_plugin_vcpu_tb_trans_cb_t tb_trans;
    qemu_plugin_vcpu_simple_cb_t vcpu_init, vcpu_exit, vcpu_idle, vcpu_resume;
    qemu_plugin_vcpu_discon_cb_t discon;
    int discon_mask;
    qemu_plugin_vcpu_syscall_cb_t syscall;
    qemu_plugin_vcpu_syscall_ret_cb_t syscall_ret;
    qemu_plugin_simple_cb_t flush;
    qemu_plugin_udata_cb_t atexit;
    void *atexit_udata;
    /* Deferred reset/uninstall (asked from generated code): done at the next safe point. */
    qemu_plugin_simple_cb_t pending_cb;
    int pending;                       /* 0, 1 = reset, 2 = uninstall */
} PluginCtx;

/* One subscription: a callback, a conditional callback, an inline op, or a filtered callback
 * (qelt's extension, include/qelt-plugin.h: loc = the table's address, imm = the index mask,
 * op = the shift). */
enum { PI_CB, PI_COND, PI_INLINE, PI_FILTER };
typedef struct PInstr {
    uint8_t kind;
    uint8_t rw;                        /* memory subscriptions: QEMU_PLUGIN_MEM_R/W/RW */
    uint8_t flags;                     /* enum qemu_plugin_cb_flags */
    uint8_t op;                        /* inline: enum qemu_plugin_op */
    uint8_t cond;                      /* conditional: enum qemu_plugin_cond */
    uint8_t raw;                       /* inline/cond: loc is an absolute address (API 1) */
    void *fn, *udata;
    uint64_t loc;                      /* arena offset of the u64 entry, or absolute address */
    uint64_t imm;
    PluginCtx *ctx;
} PInstr;

typedef struct PList {
    PInstr *v;
    int n, max;
} PList;

struct qemu_plugin_insn {
    struct qemu_plugin_tb *tb;
    uint64_t vaddr;
    uint32_t size;
    uint8_t data[16];
    void *haddr;
    PList exec, mem;
};

struct qemu_plugin_tb {
    PluginMgr *mgr;
    PluginCtx *cur;                    /* the plugin whose tb_trans is running */
    uint64_t vaddr;
    size_t n_insns;
    struct qemu_plugin_insn *insns;
    int max_insns;
    PList exec;
};

struct qemu_plugin_scoreboard {
    size_t off;                        /* arena offset of the entries */
    size_t size;                       /* element size */
};

/* The memory subscriptions of one instruction whose accesses a helper makes (vector loads
 * and stores): generated code points VCPU.plugin_mem_ctx at it at the instruction's start, and
 * the helper reports each element access through VCPU.helper_mem_cb (plugin_helper_mem). */
typedef struct PVMem {
    int n;
    int mmu_idx;                       /* full-system MMU index of the accesses, 0 in user mode */
    PInstr v[];
} PVMem;

/* A filtered callback as its vcall thunk (plugin_filter_thunk) calls it. */
typedef struct PFilterRec {
    void *fn, *udata;
    uint32_t info;                     /* memory callbacks: the meminfo; exec: unused */
    bool mem;
} PFilterRec;

/* Whether a filtered subscription's table lets address a through (the callback runs). */
static inline bool plugin_filter_passes(const PInstr *e, uint64_t a)
{
    uint64_t line = a >> e->op;
    return ((const uint64_t *)(uintptr_t)e->loc)[line & e->imm] != line;
}

/* A conditional callback's parameters, read by plugin_cond_helper from generated code. */
typedef struct PCond {
    qemu_plugin_vcpu_udata_cb_t fn;
    void *udata;
    uint64_t loc;
    uint64_t imm;
    int cond;
    int raw;
} PCond;

/* Lifted callbacks (lower.c): a function's summary (runtime/cb-summary.h), made once. */
typedef struct PLift {
    const void *fn;
    bool mem;                          /* summarized as a memory callback */
    bool ok;
    CbSummary s;
} PLift;

/* A lifted event's slow path (lower.c plugin_lift_slow): the adds the block still holds
 * back (before), the real call, then those plus the event's own adds taken out again
 * (after), so the block's later merged adds leave every counter exact. */
typedef struct PLiftAdj {
    uint64_t loc;                      /* raw 0: arena offset; 1: address; 2: CbAddr base */
    uint64_t before, after;
    uint32_t mask;
    uint8_t shift;
    uint8_t raw;
} PLiftAdj;
typedef struct PLiftRec {
    const void *fn;
    void *udata;
    uint32_t info;
    bool mem;
    bool reload;                       /* the access's value for mem_get_value: read it back
                                          from guest memory (user mode, plain accesses) */
    int mmu_idx;
    int n;
    PLiftAdj adj[];
} PLiftRec;

struct PluginMgr {
    RtPluginHooks hooks;               /* handed to the runtime */
    Runtime *rt;
    GuestMem *gm;
    PluginHostHooks host;
    FILE *log;                         /* -d plugin output, or NULL */
    pthread_mutex_t lock;
    PluginCtx **plugins;
    int n_plugins;
    bool hooks_installed;
    bool exited;
    bool disas_objdump;                /* QELT_PLUGIN_DISAS=objdump: insn_disas in objdump's
                                          style (-d in_asm's) instead of QEMU 7.2's */
    VCPU *vcpus[PLUGIN_MAX_VCPUS];
    int n_vcpus;                       /* highest started index + 1 */
    int n_started;                     /* vCPUs ever started */
    int only_vcpu;                     /* while n_started <= 1: that vCPU's index, which
                                          translations may then pass as a constant */
    uint8_t *arenas[PLUGIN_MAX_VCPUS];
    size_t arena_used;
    const void *time_handle;
    /* GLib, when a plugin links it: its array functions, for GArray/GByteArray results. */
    void *(*g_array_sized_new)(int, int, unsigned, unsigned);
    void *(*g_array_append_vals)(void *, const void *, unsigned);
    void *(*g_byte_array_append)(void *, const uint8_t *, unsigned);
    /* Translation-time state: vCPUs translate in parallel, the tb_trans callbacks and the
     * lowering of their subscriptions take turns under trans_lock (QEMU allows concurrent
     * callbacks; serializing them is one of its behaviours). in_trans: a thread holds it. */
    pthread_mutex_t trans_lock;
    bool in_trans;
    struct qemu_plugin_tb tb;          /* owns the instruction views of the whole unit */
    struct qemu_plugin_tb seg[IR_MAX_EXIT_SLOTS];   /* the blocks plugins see: one per path
                                          segment of a superblock (seg[0] alone otherwise) */
    int n_seg;
    /* The inline counter generated code keeps in a host register (VCPU.ctr_ptr): the first
     * one an inline add targets after a flush. */
    bool hot_set;
    int hot_raw;
    uint64_t hot_loc;
    IROp *old_ops;
    int max_old_ops;
    bool lift_off;                     /* QELT_NO_CALLBACK_LIFT=1: callbacks are never lifted */
    bool lift_log;                     /* QELT_CALLBACK_LIFT_LOG=1: say which were, on stderr */
    PLift *lift;                       /* summaries made so far (translation-time state) */
    int n_lift, max_lift;
    void **rec_pool;                   /* records live translations point at (PCond, PVMem):
                                          freed when the code cache is flushed */
    int n_rec, max_rec;
};

extern PluginMgr *plugin_mgr;
extern __thread VCPU *plugin_tls_vcpu;

/* core.c */
PluginCtx *plugin_ctx_of(qemu_plugin_id_t id);   /* NULL for a bad id */
uint8_t *plugin_arena(PluginMgr *m, unsigned vcpu_index);
void plugin_update_hooks(PluginMgr *m);
void plugin_fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void plugin_list_add(PList *l, const PInstr *e);
void plugin_request_flush_work(PluginCtx *ctx, int what, qemu_plugin_simple_cb_t cb);

/* lower.c */
void plugin_tb_trans_hook(RtPluginHooks *h, IRContext *ir, const struct GuestTranslateEnv *te,
                          const struct GuestTBInfo *info);
void plugin_flush_hook(RtPluginHooks *h);
void plugin_set_ctr_ptr(PluginMgr *m, VCPU *cpu);   /* caller holds m->lock */
void plugin_cond_helper(VCPU *cpu, const PCond *d);
void plugin_helper_mem(VCPU *cpu, uint64_t va, unsigned size_log2, bool store);

/* regs.c: the guest's registers as the API names them (for the calling vCPU: a vector unit
 * adds registers). */
#define PLUGIN_REG_MAX 128                 /* bytes of the largest register (a 1024-bit vector) */
int plugin_n_regs(const VCPU *cpu);
const char *plugin_reg_name(const VCPU *cpu, int i);
const char *plugin_reg_feature(const VCPU *cpu, int i);
int plugin_reg_read(VCPU *cpu, int i, uint8_t *out);     /* bytes written, -1 bad index */
int plugin_reg_write(VCPU *cpu, int i, const uint8_t *in, unsigned len);

#endif
