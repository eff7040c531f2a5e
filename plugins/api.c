/*
 * The qemu_plugin_* functions qelt exports to plugins (include/qemu-plugin.h is their spec).
 *
 * Invariants: these are the only symbols the executable exports (plugins/exports.lds lists them
 * and only them; everything else is hidden). Registration calls that take a tb/insn handle are
 * only valid inside a tb_trans callback and record the subscription in the block view, tagged
 * with the plugin whose callback is running (tb->cur). API calls without a context find the
 * manager through plugin_mgr and the vCPU through the calling thread (plugin_tls_vcpu).
 * qemu_plugin_insn_data is served in two shapes under one symbol, chosen by the calling
 * plugin's declared API level (see the header).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin-int.h"

/* ---- lifecycle ---- */

PLUGIN_API void qemu_plugin_uninstall(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb)
{
    PluginCtx *c = plugin_ctx_of(id);
    if (c)
        plugin_request_flush_work(c, 2, cb);
}

PLUGIN_API void qemu_plugin_reset(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb)
{
    PluginCtx *c = plugin_ctx_of(id);
    if (c)
        plugin_request_flush_work(c, 1, cb);
}

PLUGIN_API void qemu_plugin_register_vcpu_init_cb(qemu_plugin_id_t id,
                                                  qemu_plugin_vcpu_simple_cb_t cb)
{
    PluginCtx *c = plugin_ctx_of(id);
    if (!c)
        return;
    c->vcpu_init = cb;
    /* vCPUs that already run get the callback now. */
    PluginMgr *m = c->mgr;
    for (int v = 0; cb && v < m->n_vcpus; v++)
        if (m->vcpus[v])
            cb(id, (unsigned)v);
}

PLUGIN_API void qemu_plugin_register_vcpu_exit_cb(qemu_plugin_id_t id,
                                                  qemu_plugin_vcpu_simple_cb_t cb)
{
    PluginCtx *c = plugin_ctx_of(id);
    if (c)
        c->vcpu_exit = cb;
}

PLUGIN_API void qemu_plugin_register_vcpu_idle_cb(qemu_plugin_id_t id,
                                                  qemu_plugin_vcpu_simple_cb_t cb)
{
    PluginCtx *c = plugin_ctx_of(id);
    if (c)
        c->vcpu_idle = cb;
}

PLUGIN_API void qemu_plugin_register_vcpu_resume_cb(qemu_plugin_id_t id,
                                                    qemu_plugin_vcpu_simple_cb_t cb)
{
    PluginCtx *c = plugin_ctx_of(id);
    if (c)
        c->vcpu_resume = cb;
}

PLUGIN_API void qemu_plugin_register_vcpu_discon_cb(qemu_plugin_id_t id,
                                                    enum qemu_plugin_discon_type type,
                                                    qemu_plugin_vcpu_discon_cb_t cb)
{
    PluginCtx *c = plugin_ctx_of(id);
    if (c) {
        c->discon = cb;
        c->discon_mask = (int)type;
    }
}

PLUGIN_API void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                                      qemu_plugin_vcpu_tb_trans_cb_t cb)
{
    PluginCtx *c = plugin_ctx_of(id);
    if (!c)
        return;
    c->tb_trans = cb;
    plugin_update_hooks(c->mgr);
}

PLUGIN_API void qemu_plugin_register_vcpu_syscall_cb(qemu_plugin_id_t id,
                                                     qemu_plugin_vcpu_syscall_cb_t cb)
{
    PluginCtx *c = plugin_ctx_of(id);
    if (c)
        c->syscall = cb;
}

PLUGIN_API void qemu_plugin_register_vcpu_syscall_ret_cb(qemu_plugin_id_t id,
                                                         qemu_plugin_vcpu_syscall_ret_cb_t cb)
{
    PluginCtx *c = plugin_ctx_of(id);
    if (c)
        c->syscall_ret = cb;
}

PLUGIN_API void qemu_plugin_register_flush_cb(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb)
{
    PluginCtx *c = plugin_ctx_of(id);
    if (c)
        c->flush = cb;
}

PLUGIN_API void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
                                               void *userdata)
{
    PluginCtx *c = plugin_ctx_of(id);
    if (c) {
        c->atexit = cb;
        c->atexit_udata = userdata;
    }
}

PLUGIN_API void qemu_plugin_vcpu_for_each(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb)
{
    PluginMgr *m = plugin_mgr;
    if (!m || !cb)
        return;
    for (int v = 0; v < m->n_vcpus; v++)
        if (m->vcpus[v])
            cb(id, (unsigned)v);
}

PLUGIN_API int qemu_plugin_num_vcpus(void)
{
    return plugin_mgr ? plugin_mgr->n_vcpus : 0;
}

/* QEMU 7.2 user mode answers -1 to both (no fixed vCPU count); system mode the harts. */
static int system_vcpus(void)
{
    return plugin_mgr && plugin_mgr->host.system_vcpus > 0 ? plugin_mgr->host.system_vcpus : -1;
}
PLUGIN_API int qemu_plugin_n_vcpus(void) { return system_vcpus(); }
PLUGIN_API int qemu_plugin_n_max_vcpus(void) { return system_vcpus(); }

/* ---- subscriptions ---- */

static PluginCtx *cur_ctx(const struct qemu_plugin_tb *tb)
{
    return tb ? tb->cur : NULL;
}

static uint64_t entry_loc(qemu_plugin_u64 e)
{
    return e.score ? e.score->off + e.offset : 0;
}

static void add_cb(PList *l, struct qemu_plugin_tb *tb, int kind, void *fn, int flags,
                   int rw, void *udata)
{
    PInstr e = { .kind = (uint8_t)kind, .rw = (uint8_t)rw, .flags = (uint8_t)flags,
                 .fn = fn, .udata = udata, .ctx = cur_ctx(tb) };
    plugin_list_add(l, &e);
}

static void add_cond(PList *l, struct qemu_plugin_tb *tb, void *fn, int flags, int cond,
                     qemu_plugin_u64 entry, uint64_t imm, void *udata)
{
    if (cond == QEMU_PLUGIN_COND_NEVER || !fn)
        return;
    if (cond == QEMU_PLUGIN_COND_ALWAYS || !entry.score) {
        add_cb(l, tb, PI_CB, fn, flags, 0, udata);
        return;
    }
    PInstr e = { .kind = PI_COND, .flags = (uint8_t)flags, .cond = (uint8_t)cond, .fn = fn,
                 .udata = udata, .loc = entry_loc(entry), .imm = imm, .ctx = cur_ctx(tb) };
    plugin_list_add(l, &e);
}

static void add_inline(PList *l, struct qemu_plugin_tb *tb, int rw, int op, int raw,
                       uint64_t loc, uint64_t imm)
{
    PInstr e = { .kind = PI_INLINE, .rw = (uint8_t)rw, .op = (uint8_t)op, .raw = (uint8_t)raw,
                 .loc = loc, .imm = imm, .ctx = cur_ctx(tb) };
    plugin_list_add(l, &e);
}

PLUGIN_API void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
                                                     qemu_plugin_vcpu_udata_cb_t cb,
                                                     enum qemu_plugin_cb_flags flags,
                                                     void *userdata)
{
    if (tb && cb)
        add_cb(&tb->exec, tb, PI_CB, (void *)cb, flags, 0, userdata);
}

PLUGIN_API void qemu_plugin_register_vcpu_tb_exec_cond_cb(struct qemu_plugin_tb *tb,
                                                          qemu_plugin_vcpu_udata_cb_t cb,
                                                          enum qemu_plugin_cb_flags flags,
                                                          enum qemu_plugin_cond cond,
                                                          qemu_plugin_u64 entry, uint64_t imm,
                                                          void *userdata)
{
    if (tb)
        add_cond(&tb->exec, tb, (void *)cb, flags, cond, entry, imm, userdata);
}

PLUGIN_API void qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(struct qemu_plugin_tb *tb,
                                                                  enum qemu_plugin_op op,
                                                                  qemu_plugin_u64 entry,
                                                                  uint64_t imm)
{
    if (tb && entry.score)
        add_inline(&tb->exec, tb, 0, op, 0, entry_loc(entry), imm);
}

PLUGIN_API void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                                       qemu_plugin_vcpu_udata_cb_t cb,
                                                       enum qemu_plugin_cb_flags flags,
                                                       void *userdata)
{
    if (insn && cb)
        add_cb(&insn->exec, insn->tb, PI_CB, (void *)cb, flags, 0, userdata);
}

PLUGIN_API void qemu_plugin_register_vcpu_insn_exec_cond_cb(struct qemu_plugin_insn *insn,
                                                            qemu_plugin_vcpu_udata_cb_t cb,
                                                            enum qemu_plugin_cb_flags flags,
                                                            enum qemu_plugin_cond cond,
                                                            qemu_plugin_u64 entry, uint64_t imm,
                                                            void *userdata)
{
    if (insn)
        add_cond(&insn->exec, insn->tb, (void *)cb, flags, cond, entry, imm, userdata);
}

PLUGIN_API void qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(struct qemu_plugin_insn *insn,
                                                                    enum qemu_plugin_op op,
                                                                    qemu_plugin_u64 entry,
                                                                    uint64_t imm)
{
    if (insn && entry.score)
        add_inline(&insn->exec, insn->tb, 0, op, 0, entry_loc(entry), imm);
}

PLUGIN_API void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn,
                                                 qemu_plugin_vcpu_mem_cb_t cb,
                                                 enum qemu_plugin_cb_flags flags,
                                                 enum qemu_plugin_mem_rw rw, void *userdata)
{
    if (insn && cb && (rw & QEMU_PLUGIN_MEM_RW))
        add_cb(&insn->mem, insn->tb, PI_CB, (void *)cb, flags, rw, userdata);
}

/* ---- qelt's extension: filtered callbacks (include/qelt-plugin.h) ---- */

static void add_filter(PList *l, struct qemu_plugin_tb *tb, void *fn, int flags, int rw,
                       void *udata, const uint64_t *table, unsigned shift, uint64_t mask)
{
    if (!table || shift > 63 || flags == QEMU_PLUGIN_CB_RW_REGS) {
        /* no table, or a callback that may change registers (a vcall's callee may not):
         * called every time, which is what the filter promises at most */
        add_cb(l, tb, PI_CB, fn, flags, rw, udata);
        return;
    }
    PInstr e = { .kind = PI_FILTER, .rw = (uint8_t)rw, .flags = (uint8_t)flags,
                 .op = (uint8_t)shift, .fn = fn, .udata = udata,
                 .loc = (uint64_t)(uintptr_t)table, .imm = mask, .ctx = cur_ctx(tb) };
    plugin_list_add(l, &e);
}

PLUGIN_API void qelt_plugin_register_vcpu_insn_exec_cb_filter(struct qemu_plugin_insn *insn,
                                                             qemu_plugin_vcpu_udata_cb_t cb,
                                                             enum qemu_plugin_cb_flags flags,
                                                             void *userdata,
                                                             const uint64_t *table,
                                                             unsigned shift, uint64_t mask)
{
    if (insn && cb)
        add_filter(&insn->exec, insn->tb, (void *)cb, flags, 0, userdata, table, shift, mask);
}

PLUGIN_API void qelt_plugin_register_vcpu_mem_cb_filter(struct qemu_plugin_insn *insn,
                                                       qemu_plugin_vcpu_mem_cb_t cb,
                                                       enum qemu_plugin_cb_flags flags,
                                                       enum qemu_plugin_mem_rw rw,
                                                       void *userdata, const uint64_t *table,
                                                       unsigned shift, uint64_t mask)
{
    if (insn && cb && (rw & QEMU_PLUGIN_MEM_RW))
        add_filter(&insn->mem, insn->tb, (void *)cb, flags, rw, userdata, table, shift, mask);
}

PLUGIN_API void qemu_plugin_register_vcpu_mem_inline_per_vcpu(struct qemu_plugin_insn *insn,
                                                              enum qemu_plugin_mem_rw rw,
                                                              enum qemu_plugin_op op,
                                                              qemu_plugin_u64 entry,
                                                              uint64_t imm)
{
    if (insn && entry.score && (rw & QEMU_PLUGIN_MEM_RW))
        add_inline(&insn->mem, insn->tb, rw, op, 0, entry_loc(entry), imm);
}

/* API level 1: raw pointers shared by all vCPUs. */
PLUGIN_API void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb,
                                                         enum qemu_plugin_op op, void *ptr,
                                                         uint64_t imm)
{
    if (tb && ptr)
        add_inline(&tb->exec, tb, 0, op, 1, (uint64_t)(uintptr_t)ptr, imm);
}

PLUGIN_API void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                           enum qemu_plugin_op op, void *ptr,
                                                           uint64_t imm)
{
    if (insn && ptr)
        add_inline(&insn->exec, insn->tb, 0, op, 1, (uint64_t)(uintptr_t)ptr, imm);
}

PLUGIN_API void qemu_plugin_register_vcpu_mem_inline(struct qemu_plugin_insn *insn,
                                                     enum qemu_plugin_mem_rw rw,
                                                     enum qemu_plugin_op op, void *ptr,
                                                     uint64_t imm)
{
    if (insn && ptr && (rw & QEMU_PLUGIN_MEM_RW))
        add_inline(&insn->mem, insn->tb, rw, op, 1, (uint64_t)(uintptr_t)ptr, imm);
}

/* ---- block and instruction queries ---- */

PLUGIN_API size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb)
{
    return tb ? tb->n_insns : 0;
}

PLUGIN_API uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb)
{
    return tb ? tb->vaddr : 0;
}

PLUGIN_API struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb,
                                                            size_t idx)
{
    if (!tb || idx >= tb->n_insns)
        return NULL;
    return &tb->insns[idx];
}

/*
 * Levels 1-2 declared `const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *)`;
 * level 3 on `size_t (insn, void *dest, size_t len)`. Both return in the same register on
 * x86-64, and an old caller's dest/len are garbage we never touch.
 */
PLUGIN_API size_t qemu_plugin_insn_data(const struct qemu_plugin_insn *insn, void *dest,
                                        size_t len)
{
    if (!insn)
        return 0;
    const PluginCtx *c = insn->tb->cur;
    if (c && c->api_version < 3)
        return (size_t)(uintptr_t)insn->data;
    size_t n = len < insn->size ? len : insn->size;
    if (dest && n)
        memcpy(dest, insn->data, n);
    return n;
}

PLUGIN_API size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn)
{
    return insn ? insn->size : 0;
}

PLUGIN_API uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn)
{
    return insn ? insn->vaddr : 0;
}

PLUGIN_API void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn)
{
    return insn ? insn->haddr : NULL;
}

PLUGIN_API char *qemu_plugin_insn_disas(const struct qemu_plugin_insn *insn)
{
    char buf[192];
    if (!insn)
        return strdup("");
    PluginMgr *m = plugin_mgr;
    int (*disas)(char *, size_t, uint64_t, const uint8_t *, size_t) =
        m && m->disas_objdump ? guest_disas : guest_disas_qemu;
    if (disas(buf, sizeof(buf), insn->vaddr, insn->data, insn->size) <= 0 && !buf[0])
        snprintf(buf, sizeof(buf), "illegal");
    return strdup(buf);
}

PLUGIN_API const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn)
{
    PluginMgr *m = plugin_mgr;
    if (!insn || !m || !m->host.symbol)
        return NULL;
    return m->host.symbol(m->host.opaque, insn->vaddr);
}

/* ---- memory accesses ---- */

PLUGIN_API unsigned int qemu_plugin_mem_size_shift(qemu_plugin_meminfo_t info)
{
    return info & 3;
}

PLUGIN_API bool qemu_plugin_mem_is_sign_extended(qemu_plugin_meminfo_t info)
{
    return (info >> 2) & 1;
}

PLUGIN_API bool qemu_plugin_mem_is_big_endian(qemu_plugin_meminfo_t info)
{
    return (info >> 3) & 1;
}

PLUGIN_API bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info)
{
    return (info >> 4) & 1;
}

PLUGIN_API qemu_plugin_mem_value qemu_plugin_mem_get_value(qemu_plugin_meminfo_t info)
{
    qemu_plugin_mem_value v;
    memset(&v, 0, sizeof(v));
    VCPU *cpu = plugin_tls_vcpu;
    uint64_t raw = cpu ? cpu->scratch[PLUGIN_MEMVAL_SLOT] : 0;
    switch (info & 3) {
    case 0: v.type = QEMU_PLUGIN_MEM_VALUE_U8; v.data.u8 = (uint8_t)raw; break;
    case 1: v.type = QEMU_PLUGIN_MEM_VALUE_U16; v.data.u16 = (uint16_t)raw; break;
    case 2: v.type = QEMU_PLUGIN_MEM_VALUE_U32; v.data.u32 = (uint32_t)raw; break;
    default: v.type = QEMU_PLUGIN_MEM_VALUE_U64; v.data.u64 = raw; break;
    }
    return v;
}

/* Full-system only (the host layer answers): valid until the calling thread's next call. */
struct qemu_plugin_hwaddr {
    uint64_t pa;
    bool is_io;
    const char *device;      /* the device's region name, "RAM" otherwise (as QEMU) */
};
static __thread struct qemu_plugin_hwaddr plugin_hwaddr_slot;

PLUGIN_API struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info,
                                                             uint64_t vaddr)
{
    PluginMgr *m = plugin_mgr;
    VCPU *cpu = plugin_tls_vcpu;
    struct qemu_plugin_hwaddr *h = &plugin_hwaddr_slot;
    if (!m || !cpu || !m->host.hwaddr ||
        !m->host.hwaddr(m->host.opaque, cpu, vaddr, qemu_plugin_mem_is_store(info), &h->pa,
                        &h->is_io, &h->device))
        return NULL;
    return h;
}

PLUGIN_API bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr)
{
    return haddr && haddr->is_io;
}

PLUGIN_API uint64_t qemu_plugin_hwaddr_phys_addr(const struct qemu_plugin_hwaddr *haddr)
{
    return haddr ? haddr->pa : 0;
}

PLUGIN_API const char *qemu_plugin_hwaddr_device_name(const struct qemu_plugin_hwaddr *h)
{
    return h ? h->device : NULL;
}

/* ---- time ---- */

PLUGIN_API const void *qemu_plugin_request_time_control(void)
{
    PluginMgr *m = plugin_mgr;
    if (!m || m->time_handle)
        return NULL;
    m->time_handle = &m->time_handle;
    return m->time_handle;
}

PLUGIN_API void qemu_plugin_update_ns(const void *handle, int64_t time)
{
}

/* ---- utilities ---- */

PLUGIN_API void qemu_plugin_outs(const char *string)
{
    PluginMgr *m = plugin_mgr;
    if (m && m->log && string) {
        fputs(string, m->log);
        fflush(m->log);
    }
}

PLUGIN_API bool qemu_plugin_bool_parse(const char *name, const char *val, bool *ret)
{
    if (!val || !ret)
        return false;
    if (!strcmp(val, "on") || !strcmp(val, "yes") || !strcmp(val, "true")) {
        *ret = true;
        return true;
    }
    if (!strcmp(val, "off") || !strcmp(val, "no") || !strcmp(val, "false")) {
        *ret = false;
        return true;
    }
    return false;
}

static void image(const char **path, uint64_t *s, uint64_t *e, uint64_t *en)
{
    PluginMgr *m = plugin_mgr;
    *path = NULL;
    *s = *e = *en = 0;
    if (m)
        m->host.image(m->host.opaque, path, s, e, en);
}

PLUGIN_API const char *qemu_plugin_path_to_binary(void)
{
    const char *p;
    uint64_t s, e, en;
    image(&p, &s, &e, &en);
    return p ? strdup(p) : NULL;
}

PLUGIN_API uint64_t qemu_plugin_start_code(void)
{
    const char *p;
    uint64_t s, e, en;
    image(&p, &s, &e, &en);
    return s;
}

PLUGIN_API uint64_t qemu_plugin_end_code(void)
{
    const char *p;
    uint64_t s, e, en;
    image(&p, &s, &e, &en);
    return e;
}

PLUGIN_API uint64_t qemu_plugin_entry_code(void)
{
    const char *p;
    uint64_t s, e, en;
    image(&p, &s, &e, &en);
    return en;
}

/* ---- registers and memory ---- */

/* Append to a plugin's GByteArray: through GLib when plugins use it, else in place. */
static void bytes_append(GByteArray *buf, const uint8_t *src, unsigned len)
{
    PluginMgr *m = plugin_mgr;
    if (m && m->g_byte_array_append) {
        m->g_byte_array_append(buf, src, len);
    } else {
        memcpy(buf->data + buf->len, src, len);
        buf->len += len;
    }
}

PLUGIN_API GArray *qemu_plugin_get_registers(void)
{
    PluginMgr *m = plugin_mgr;
    const VCPU *cpu = plugin_tls_vcpu;
    int n = plugin_n_regs(cpu);
    qemu_plugin_reg_descriptor d;
    if (m && m->g_array_sized_new) {
        void *a = m->g_array_sized_new(0, 0, (unsigned)sizeof(d), (unsigned)n);
        for (int i = 0; i < n; i++) {
            d.handle = (struct qemu_plugin_register *)(uintptr_t)(i + 1);
            d.name = plugin_reg_name(cpu, i);
            d.feature = plugin_reg_feature(cpu, i);
            a = m->g_array_append_vals(a, &d, 1);
        }
        return (GArray *)a;
    }
    GArray *a = malloc(sizeof(GArray) + (size_t)n * sizeof(d));
    if (!a)
        return NULL;
    qemu_plugin_reg_descriptor *v = (qemu_plugin_reg_descriptor *)(a + 1);
    for (int i = 0; i < n; i++) {
        v[i].handle = (struct qemu_plugin_register *)(uintptr_t)(i + 1);
        v[i].name = plugin_reg_name(cpu, i);
        v[i].feature = plugin_reg_feature(cpu, i);
    }
    a->data = (char *)v;
    a->len = (unsigned)n;
    return a;
}

PLUGIN_API int qemu_plugin_read_register(struct qemu_plugin_register *handle, GByteArray *buf)
{
    VCPU *cpu = plugin_tls_vcpu;
    uint8_t tmp[PLUGIN_REG_MAX];
    if (!cpu || !buf)
        return -1;
    int n = plugin_reg_read(cpu, (int)(uintptr_t)handle - 1, tmp);
    if (n > 0)
        bytes_append(buf, tmp, (unsigned)n);
    return n;
}

PLUGIN_API int qemu_plugin_write_register(struct qemu_plugin_register *handle, GByteArray *buf)
{
    VCPU *cpu = plugin_tls_vcpu;
    if (!cpu || !buf)
        return 0;
    int n = plugin_reg_write(cpu, (int)(uintptr_t)handle - 1, buf->data, buf->len);
    return n > 0 ? n : 0;
}

PLUGIN_API bool qemu_plugin_read_memory_vaddr(uint64_t addr, GByteArray *data, size_t len)
{
    PluginMgr *m = plugin_mgr;
    if (!m || !data || len == 0 || !gm_access_ok(m->gm, addr, len, PAGE_READ))
        return false;
    bytes_append(data, g2h(m->gm, addr), (unsigned)len);
    return true;
}

PLUGIN_API bool qemu_plugin_write_memory_vaddr(uint64_t addr, GByteArray *data)
{
    PluginMgr *m = plugin_mgr;
    if (!m || !data || !gm_access_ok(m->gm, addr, data->len, PAGE_WRITE))
        return false;
    rt_prepare_guest_write(m->rt, addr, data->len);
    memcpy(g2h(m->gm, addr), data->data, data->len);
    return true;
}

PLUGIN_API enum qemu_plugin_hwaddr_operation_result
qemu_plugin_read_memory_hwaddr(uint64_t addr, GByteArray *data, size_t len)
{
    return QEMU_PLUGIN_HWADDR_OPERATION_ERROR;
}

PLUGIN_API enum qemu_plugin_hwaddr_operation_result
qemu_plugin_write_memory_hwaddr(uint64_t addr, GByteArray *data)
{
    return QEMU_PLUGIN_HWADDR_OPERATION_ERROR;
}

PLUGIN_API bool qemu_plugin_translate_vaddr(uint64_t vaddr, uint64_t *hwaddr)
{
    return false;
}

/* ---- scoreboards ---- */

PLUGIN_API struct qemu_plugin_scoreboard *qemu_plugin_scoreboard_new(size_t element_size)
{
    PluginMgr *m = plugin_mgr;
    if (!m)
        return NULL;
    struct qemu_plugin_scoreboard *s = malloc(sizeof(*s));
    if (!s)
        return NULL;
    size_t sz = element_size ? (element_size + 7) & ~(size_t)7 : 8;
    pthread_mutex_lock(&m->lock);
    s->off = m->arena_used;
    s->size = element_size;
    m->arena_used += sz;
    pthread_mutex_unlock(&m->lock);
    if (m->arena_used > PLUGIN_ARENA_SIZE)
        plugin_fatal("plugin: scoreboards exceed %llu bytes per vCPU",
                     (unsigned long long)PLUGIN_ARENA_SIZE);
    return s;
}

/* The arena space is not reused: entries of a freed scoreboard may still be referenced by
 * translated code until the next flush. */
PLUGIN_API void qemu_plugin_scoreboard_free(struct qemu_plugin_scoreboard *score)
{
    free(score);
}

PLUGIN_API void *qemu_plugin_scoreboard_find(struct qemu_plugin_scoreboard *score,
                                             unsigned int vcpu_index)
{
    PluginMgr *m = plugin_mgr;
    if (!m || !score)
        return NULL;
    return plugin_arena(m, vcpu_index) + score->off;
}

/* Hot in callback-mode plugins: the arena of an existing vCPU is one load away. */
static inline uint64_t *u64_ptr(qemu_plugin_u64 e, unsigned v)
{
    PluginMgr *m = plugin_mgr;
    uint8_t *a = v < PLUGIN_MAX_VCPUS ? __atomic_load_n(&m->arenas[v], __ATOMIC_ACQUIRE) : NULL;
    if (__builtin_expect(a == NULL, 0))
        a = plugin_arena(m, v);
    return (uint64_t *)(a + e.score->off + e.offset);
}

PLUGIN_API void qemu_plugin_u64_add(qemu_plugin_u64 entry, unsigned int vcpu_index,
                                    uint64_t added)
{
    if (entry.score && plugin_mgr)
        *u64_ptr(entry, vcpu_index) += added;
}

PLUGIN_API uint64_t qemu_plugin_u64_get(qemu_plugin_u64 entry, unsigned int vcpu_index)
{
    return entry.score && plugin_mgr ? *u64_ptr(entry, vcpu_index) : 0;
}

PLUGIN_API void qemu_plugin_u64_set(qemu_plugin_u64 entry, unsigned int vcpu_index, uint64_t val)
{
    if (entry.score && plugin_mgr)
        *u64_ptr(entry, vcpu_index) = val;
}

PLUGIN_API uint64_t qemu_plugin_u64_sum(qemu_plugin_u64 entry)
{
    PluginMgr *m = plugin_mgr;
    uint64_t s = 0;
    if (!m || !entry.score)
        return 0;
    for (int v = 0; v < m->n_vcpus; v++)
        s += *u64_ptr(entry, (unsigned)v);
    return s;
}
