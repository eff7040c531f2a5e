/*
 * Plugin manager: loading plugins (-plugin), checking their API level, installing them, the
 * per-vCPU scoreboard arenas, and delivering the events the OS layer reports (vCPU start/end,
 * system calls, exit, flush).
 *
 * Invariants: plugin_mgr is NULL until plugins_load installs at least one plugin, and every
 * entry point returns at once while it is NULL; the runtime gets the translation hooks only
 * while some plugin has a tb_trans callback (so a plugin that subscribes to nothing leaves the
 * generated code untouched). Translations are dropped whenever a plugin's subscriptions may
 * have changed (hooks installed or removed, reset, uninstall) - never from inside generated
 * code or from a translation (a tb_trans callback): such requests wait for the vCPU's next
 * safe point. vCPUs translate in parallel; the plugins' tb_trans callbacks and the lowering
 * of their subscriptions (lower.c) take turns under PluginMgr.trans_lock.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "plugin-int.h"

PluginMgr *plugin_mgr;
__thread VCPU *plugin_tls_vcpu;

void plugin_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    qelt_vfatal(fmt, ap);
}

static void *xcalloc(size_t n, size_t s)
{
    void *p = calloc(n ? n : 1, s ? s : 1);
    if (!p)
        plugin_fatal("out of memory");
    return p;
}

void plugin_list_add(PList *l, const PInstr *e)
{
    if (l->n == l->max) {
        int n = l->max ? l->max * 2 : 4;
        PInstr *v = realloc(l->v, (size_t)n * sizeof(PInstr));
        if (!v)
            plugin_fatal("out of memory");
        l->v = v;
        l->max = n;
    }
    l->v[l->n++] = *e;
}

PluginCtx *plugin_ctx_of(qemu_plugin_id_t id)
{
    PluginMgr *m = plugin_mgr;
    if (!m || id == 0 || id > (qemu_plugin_id_t)m->n_plugins)
        return NULL;
    return m->plugins[id - 1];
}

uint8_t *plugin_arena(PluginMgr *m, unsigned v)
{
    if (v >= PLUGIN_MAX_VCPUS)
        plugin_fatal("plugin: vCPU index %u out of range", v);
    uint8_t *a = __atomic_load_n(&m->arenas[v], __ATOMIC_ACQUIRE);
    if (a)
        return a;
    pthread_mutex_lock(&m->lock);
    a = m->arenas[v];
    if (!a) {
        a = mmap(NULL, PLUGIN_ARENA_SIZE, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (a == MAP_FAILED)
            plugin_fatal("plugin: cannot reserve scoreboard memory");
        __atomic_store_n(&m->arenas[v], a, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&m->lock);
    return a;
}

/* ---- loading ---- */

/* Split a -plugin spec at unescaped commas (",," stands for a comma, as in QEMU's options). */
static char **split_spec(const char *spec, int *n)
{
    size_t len = strlen(spec);
    char **out = xcalloc(len + 2, sizeof(char *));
    char *cur = xcalloc(len + 1, 1);
    size_t k = 0;
    int cnt = 0;
    for (size_t i = 0; i <= len; i++) {
        if (spec[i] == ',' && spec[i + 1] == ',') {
            cur[k++] = ',';
            i++;
        } else if (spec[i] == ',' || spec[i] == '\0') {
            cur[k] = '\0';
            out[cnt++] = strdup(cur);
            k = 0;
        } else {
            cur[k++] = spec[i];
        }
    }
    free(cur);
    *n = cnt;
    return out;
}

/* dlopen a private copy of path (a temporary file, unlinked once mapped). */
static void *open_copy(const char *path)
{
    char tmpl[] = "/tmp/qelt-plugin-XXXXXX";
    int out = mkstemp(tmpl);
    if (out < 0)
        return NULL;
    FILE *in = fopen(path, "rb");
    bool ok = in != NULL;
    char buf[65536];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = write(out, buf, n) == (ssize_t)n;
    if (in)
        fclose(in);
    close(out);
    void *h = ok ? dlopen(tmpl, RTLD_NOW | RTLD_LOCAL) : NULL;
    unlink(tmpl);
    return h;
}

static void load_one(PluginMgr *m, const char *spec)
{
    int nparts;
    char **parts = split_spec(spec, &nparts);
    char *path = NULL;
    PluginCtx *ctx = xcalloc(1, sizeof(*ctx));
    ctx->argv = xcalloc((size_t)nparts + 1, sizeof(char *));
    for (int i = 0; i < nparts; i++) {
        if (i == 0 && !strchr(parts[i], '=')) {
            path = parts[i];
        } else if (!path && strncmp(parts[i], "file=", 5) == 0) {
            path = strdup(parts[i] + 5);
            free(parts[i]);
        } else if (parts[i][0]) {
            ctx->argv[ctx->argc++] = parts[i];
        } else {
            free(parts[i]);
        }
    }
    free(parts);
    if (!path || !*path)
        plugin_fatal("-plugin %s: no plugin file given", spec);
    ctx->path = path;
    ctx->mgr = m;

    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
    if (h) {
        /* Loaded already: each instance needs its own copy of the plugin's globals. */
        dlclose(h);
        h = open_copy(path);
    } else {
        h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    }
    if (!h)
        plugin_fatal("could not load plugin %s: %s", path, dlerror());
    int *ver = dlsym(h, "qemu_plugin_version");
    if (!ver)
        plugin_fatal("could not load plugin %s: plugin does not declare API version "
                     "(qemu_plugin_version)", path);
    if (*ver < QEMU_PLUGIN_MIN_VERSION)
        plugin_fatal("could not load plugin %s: plugin requires API version %d, but qelt "
                     "supports only versions %d to %d", path, *ver, QEMU_PLUGIN_MIN_VERSION,
                     QEMU_PLUGIN_VERSION);
    if (*ver > QEMU_PLUGIN_VERSION)
        plugin_fatal("could not load plugin %s: plugin requires API version %d, but qelt "
                     "supports only up to version %d", path, *ver, QEMU_PLUGIN_VERSION);
    int (*install)(qemu_plugin_id_t, const qemu_info_t *, int, char **) =
        (int (*)(qemu_plugin_id_t, const qemu_info_t *, int, char **))dlsym(h, "qemu_plugin_install");
    if (!install)
        plugin_fatal("could not load plugin %s: qemu_plugin_install is not defined", path);
    ctx->handle = h;
    ctx->api_version = *ver;

    /* A plugin linked with GLib gets GLib arrays from the register/memory API. */
    void *gn = dlsym(h, "g_array_sized_new");
    void *ga = dlsym(h, "g_array_append_vals");
    void *gb = dlsym(h, "g_byte_array_append");
    if (gn && ga && gb) {
        ctx->uses_glib = true;
        m->g_array_sized_new = (void *(*)(int, int, unsigned, unsigned))gn;
        m->g_array_append_vals = (void *(*)(void *, const void *, unsigned))ga;
        m->g_byte_array_append = (void *(*)(void *, const uint8_t *, unsigned))gb;
    }

    PluginCtx **pl = realloc(m->plugins, sizeof(*pl) * (size_t)(m->n_plugins + 1));
    if (!pl)
        plugin_fatal("out of memory");
    m->plugins = pl;
    m->plugins[m->n_plugins++] = ctx;
    ctx->id = (qemu_plugin_id_t)m->n_plugins;

    qemu_info_t info;
    memset(&info, 0, sizeof(info));
    info.target_name = GUEST_NAME;
    info.version.min = QEMU_PLUGIN_MIN_VERSION;
    info.version.cur = QEMU_PLUGIN_VERSION;
    info.system_emulation = m->host.system_vcpus > 0;
    info.system.smp_vcpus = info.system.max_vcpus = m->host.system_vcpus;
    int rc = install(ctx->id, &info, ctx->argc, ctx->argv);
    if (rc != 0)
        plugin_fatal("could not load plugin %s: qemu_plugin_install returned error code %d",
                     path, rc);
}

static void hook_image_none(void *o, const char **path, uint64_t *s, uint64_t *e, uint64_t *en)
{
    *path = NULL;
    *s = *e = *en = 0;
}

/* The runtime's translation hook: one translation at a time through the plugins and the
 * lowering (their state is the manager's). hooks is PluginMgr's first member. */
static void tb_trans_serial(RtPluginHooks *h, IRContext *ir, const struct GuestTranslateEnv *te,
                            const struct GuestTBInfo *info)
{
    PluginMgr *m = (PluginMgr *)h;
    pthread_mutex_lock(&m->trans_lock);
    __atomic_store_n(&m->in_trans, true, __ATOMIC_RELAXED);
    plugin_tb_trans_hook(h, ir, te, info);
    __atomic_store_n(&m->in_trans, false, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&m->trans_lock);
}

void plugins_load(Runtime *rt, GuestMem *gm, char **specs, int n, const PluginHostHooks *host)
{
    if (n <= 0)
        return;
    PluginMgr *m = xcalloc(1, sizeof(*m));
    m->rt = rt;
    m->gm = gm;
    if (host)
        m->host = *host;
    if (!m->host.image)
        m->host.image = hook_image_none;
    const RuntimeOptions *ro = rt_options(rt);
    if (ro->log_mask & LOG_PLUGIN)
        m->log = ro->log ? ro->log : stderr;
    const char *nl = getenv("QELT_NO_CALLBACK_LIFT");
    m->lift_off = nl && *nl && strcmp(nl, "0");
    const char *ll = getenv("QELT_CALLBACK_LIFT_LOG");
    m->lift_log = ll && *ll && strcmp(ll, "0");
    const char *style = getenv("QELT_PLUGIN_DISAS");
    if (style && !strcmp(style, "objdump"))
        m->disas_objdump = true;
    else if (style && *style && strcmp(style, "qemu"))
        fprintf(stderr, "qelt: QELT_PLUGIN_DISAS=%s: expected qemu or objdump; using qemu\n", style);
    pthread_mutex_init(&m->lock, NULL);
    pthread_mutex_init(&m->trans_lock, NULL);
    m->hooks.tb_trans = tb_trans_serial;
    m->hooks.flush = plugin_flush_hook;
    m->tb.mgr = m;
    m->arena_used = PLUGIN_ARENA_HDR;
    plugin_mgr = m;
    for (int i = 0; i < n; i++)
        load_one(m, specs[i]);
    plugin_update_hooks(m);
}

bool plugins_enabled(void) { return plugin_mgr != NULL; }

/* The runtime sees the layer only while some plugin looks at translations. */
void plugin_update_hooks(PluginMgr *m)
{
    bool want = false;
    for (int i = 0; i < m->n_plugins; i++)
        if (m->plugins[i]->tb_trans)
            want = true;
    if (want != m->hooks_installed) {
        m->hooks_installed = want;
        rt_set_plugin_hooks(m->rt, want ? &m->hooks : NULL, 0);
    }
}

/* ---- events ---- */

void plugins_vcpu_init(VCPU *cpu)
{
    PluginMgr *m = plugin_mgr;
    if (!m)
        return;
    unsigned idx = (unsigned)cpu->cpu_index;
    cpu->plugin_state = plugin_arena(m, idx);
    cpu->helper_mem_cb = plugin_helper_mem;   /* vector loads/stores: lower.c */
    plugin_tls_vcpu = cpu;
    pthread_mutex_lock(&m->lock);
    m->vcpus[idx] = cpu;
    plugin_set_ctr_ptr(m, cpu);
    if ((int)idx + 1 > m->n_vcpus)
        m->n_vcpus = (int)idx + 1;
    int started = ++m->n_started;
    if (started == 1)
        m->only_vcpu = (int)idx;
    pthread_mutex_unlock(&m->lock);
    /* Translations made while one vCPU ran pass its index as a constant: drop them. The other
     * vCPU is in the system call creating this one, outside generated code. */
    if (started == 2)
        rt_flush_all(m->rt, cpu);
    for (int i = 0; i < m->n_plugins; i++) {
        PluginCtx *c = m->plugins[i];
        if (c->vcpu_init)
            c->vcpu_init(c->id, idx);
    }
}

void plugins_vcpu_exit(VCPU *cpu)
{
    PluginMgr *m = plugin_mgr;
    if (!m)
        return;
    for (int i = 0; i < m->n_plugins; i++) {
        PluginCtx *c = m->plugins[i];
        if (c->vcpu_exit)
            c->vcpu_exit(c->id, (unsigned)cpu->cpu_index);
    }
    pthread_mutex_lock(&m->lock);
    if ((unsigned)cpu->cpu_index < PLUGIN_MAX_VCPUS)
        m->vcpus[cpu->cpu_index] = NULL;
    pthread_mutex_unlock(&m->lock);
}

void plugins_fork_prepare(void)
{
    PluginMgr *m = plugin_mgr;
    if (m)
        pthread_mutex_lock(&m->lock);
}

void plugins_fork_end(VCPU *child_self)
{
    PluginMgr *m = plugin_mgr;
    if (!m)
        return;
    if (!child_self) {
        pthread_mutex_unlock(&m->lock);
        return;
    }
    /* The child runs one vCPU: the others get no more callbacks (not even vcpu_exit, as in
     * QEMU), and their scoreboard entries stay as they were at the fork. */
    pthread_mutex_init(&m->lock, NULL);
    pthread_mutex_init(&m->trans_lock, NULL);
    m->in_trans = false;
    for (int v = 0; v < m->n_vcpus; v++)
        if (m->vcpus[v] != child_self)
            m->vcpus[v] = NULL;
}

void plugins_exit(void)
{
    PluginMgr *m = plugin_mgr;
    if (!m)
        return;
    pthread_mutex_lock(&m->lock);
    bool done = m->exited;
    m->exited = true;
    pthread_mutex_unlock(&m->lock);
    if (done)
        return;
    for (int v = 0; v < m->n_vcpus; v++)
        if (m->vcpus[v])
            plugins_vcpu_exit(m->vcpus[v]);
    for (int i = 0; i < m->n_plugins; i++) {
        PluginCtx *c = m->plugins[i];
        if (c->atexit)
            c->atexit(c->id, c->atexit_udata);
    }
    if (m->log)
        fflush(m->log);
}

void plugins_syscall(VCPU *cpu, int64_t nr, const int64_t *a)
{
    PluginMgr *m = plugin_mgr;
    if (!m)
        return;
    for (int i = 0; i < m->n_plugins; i++) {
        PluginCtx *c = m->plugins[i];
        if (c->syscall)
            c->syscall(c->id, (unsigned)cpu->cpu_index, nr, (uint64_t)a[0], (uint64_t)a[1],
                       (uint64_t)a[2], (uint64_t)a[3], (uint64_t)a[4], (uint64_t)a[5], 0, 0);
    }
}

void plugins_syscall_ret(VCPU *cpu, int64_t nr, int64_t ret)
{
    PluginMgr *m = plugin_mgr;
    if (!m)
        return;
    for (int i = 0; i < m->n_plugins; i++) {
        PluginCtx *c = m->plugins[i];
        if (c->syscall_ret)
            c->syscall_ret(c->id, (unsigned)cpu->cpu_index, nr, ret);
        /* The ecall is 4 bytes before the pc the guest continues at. */
        if (c->discon && (c->discon_mask & QEMU_PLUGIN_DISCON_HOSTCALL))
            c->discon(c->id, (unsigned)cpu->cpu_index, QEMU_PLUGIN_DISCON_HOSTCALL,
                      cpu->g.pc - 4, cpu->g.pc);
    }
}

/* ---- reset / uninstall ---- */

static void clear_callbacks(PluginCtx *c)
{
    c->tb_trans = NULL;
    c->vcpu_init = c->vcpu_exit = c->vcpu_idle = c->vcpu_resume = NULL;
    c->discon = NULL;
    c->discon_mask = 0;
    c->syscall = NULL;
    c->syscall_ret = NULL;
    c->flush = NULL;
    c->atexit = NULL;
    c->atexit_udata = NULL;
}

static void do_flush_work(PluginCtx *c, int what, qemu_plugin_simple_cb_t cb)
{
    PluginMgr *m = c->mgr;
    clear_callbacks(c);
    /* No translation may keep this plugin's instrumentation. */
    rt_flush_all(m->rt, NULL);
    plugin_update_hooks(m);
    if (cb)
        cb(c->id);
    if (what == 2 && c->handle) {
        dlclose(c->handle);
        c->handle = NULL;
    }
}

void plugin_request_flush_work(PluginCtx *c, int what, qemu_plugin_simple_cb_t cb)
{
    PluginMgr *m = c->mgr;
    VCPU *cpu = plugin_tls_vcpu;
    /* In a translation the flush's exclusive section would wait for vCPUs that wait for
     * trans_lock (they count as running while they translate). */
    if ((cpu && cpu->in_generated_code) || __atomic_load_n(&m->in_trans, __ATOMIC_RELAXED)) {
        c->pending = what;
        c->pending_cb = cb;
        for (int v = 0; v < m->n_vcpus; v++)
            if (m->vcpus[v])
                cpu_exit_request(m->vcpus[v]);
        return;
    }
    do_flush_work(c, what, cb);
}

void plugins_safe_point(VCPU *cpu)
{
    PluginMgr *m = plugin_mgr;
    if (!m)
        return;
    for (int i = 0; i < m->n_plugins; i++) {
        PluginCtx *c = m->plugins[i];
        if (c->pending) {
            int what = c->pending;
            c->pending = 0;
            do_flush_work(c, what, c->pending_cb);
        }
    }
}
