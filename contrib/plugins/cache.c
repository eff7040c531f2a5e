/*
 * cache: set-associative cache simulator driven by the guest's instruction fetches and memory
 * accesses: L1 instruction cache, L1 data cache and, optionally, a unified L2 (accessed on L1
 * misses). Reports accesses, misses and miss rates per vCPU, then the instructions with the most
 * data misses, fetch misses and L2 misses (per-instruction attribution).
 *
 * Arguments (QEMU's cache plugin spelling; sizes in bytes, powers of two):
 *   icachesize=, iassoc=, iblksize=   L1I (default 16 KiB, 8-way, 64-byte blocks)
 *   dcachesize=, dassoc=, dblksize=   L1D (same defaults)
 *   l2cachesize=, l2assoc=, l2blksize= (any of them turns L2 on; default 2 MiB, 16-way, 64 B)
 *   l2=on|off                          L2 on or off with the defaults
 *   evict=lru|fifo|rand                replacement policy (default lru)
 *   limit=N                            length of the top-N lists (default 32)
 *   cores=N                            number of simulated cores (vCPU i uses core i % N)
 *   filter=on|off                      inline filtering of hits under qelt (default on; below)
 *   stats=on|off                       one more report line: whether the filter ran, and how
 *                                      many callbacks the L1s' accesses took (default off)
 *
 * Model (the same as QEMU 7.2's cache plugin, so the counts agree with it): one access per
 * executed instruction at its address and one per memory access at its virtual address
 * (regardless of size); a block is looked up by tag in its set; a miss fills the first invalid
 * way, else the policy's victim. LRU stamps a block with the set's access counter on every hit
 * and fill and evicts the lowest stamp (lowest way on ties, with QEMU's 32-bit comparison);
 * FIFO evicts in fill order.
 *
 * Speed: an access to the same line as the previous access of the cache, or to the way of its
 * set accessed last, is a hit that changes nothing (the line is already its set's most
 * recently used, so no LRU or FIFO order changes), so it costs one compare; and
 * instructions of one block that start in the same L1I line are simulated with one callback.
 * That is exact: after the first of them the line is the most recently used of its set, and
 * only instruction fetches touch L1I, so the others are hits that change no victim choice (L2
 * is not accessed on L1 hits).
 * Under qelt with one simulated core (filter=on, the default), the hits to the line a set
 * accessed last are not even called: each L1 keeps a filter table (per set, that line) and its
 * callbacks are registered with qelt's filtered callbacks (include/qelt-plugin.h), whose test
 * runs inline in the generated code; accesses are counted by inline adds. The callbacks then
 * see only accesses that may change state, which they simulate as before and then record in
 * the table. Loaded into QEMU, or with cores > 1 (blocks are shared by vCPUs of different
 * simulated cores, a table is global), every access is a callback as described above.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <qemu-plugin.h>
#include <qelt-plugin.h>

/* qelt's extension, absent when loaded into QEMU */
#pragma weak qelt_plugin_register_vcpu_insn_exec_cb_filter
#pragma weak qelt_plugin_register_vcpu_mem_cb_filter

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

enum Policy { LRU, FIFO, RAND };

typedef struct Cache {
    int assoc, nsets, shift;
    uint64_t *tags;          /* nsets * assoc: line number + 1, 0 = invalid */
    uint64_t *prio;          /* LRU stamps */
    uint64_t *gen;           /* LRU: per-set access counter */
    int *fifo_next;          /* FIFO: per-set oldest way */
    uint64_t accesses, misses;
    uint64_t last_key;       /* line of the previous access (+1): the MRU block of its set */
    uint8_t *mru;            /* per set: the way accessed last */
    uint8_t *ptag;           /* assoc <= 8: per way an 8-bit hash of its tag (8 bytes of
                                padding at the end), searched 8 ways at a time */
    int set_bits;
    uint64_t *filt;          /* filter=on: per set, the line accessed last (a line of another
                                set while none) */
} Cache;

typedef struct InsnData {
    uint64_t addr;
    char *disas;
    const char *symbol;
    uint64_t dmisses, imisses, l2misses;
    struct InsnData *next;   /* hash chain */
} InsnData;

/* A run of instructions of one block starting in the same L1I line. */
typedef struct FetchGroup {
    InsnData *first;
    uint64_t count;
} FetchGroup;

static enum Policy policy = LRU;
static int limit = 32, cores = 1;
static int l1_iblk = 64, l1_iassoc = 8, l1_isize = 64 * 8 * 32;
static int l1_dblk = 64, l1_dassoc = 8, l1_dsize = 64 * 8 * 32;
static int l2_blk = 64, l2_assoc = 16, l2_size = 64 * 16 * 2048;
static bool use_l2;
static bool use_filter = true;   /* filter=on|off; on only where qelt's filters exist */
static bool show_stats;          /* stats=on */
static uint64_t fetch_calls, mem_calls;   /* callbacks run (counted for stats=on only) */
static Cache **icaches, **dcaches, **l2caches;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

#define HT_BITS 16
static InsnData *ht[1 << HT_BITS];
static size_t n_insn_data;

static int log2i(int v)
{
    int s = 0;
    while ((1 << s) < v)
        s++;
    return s;
}

static bool pow2(int v) { return v > 0 && (v & (v - 1)) == 0; }

static Cache *cache_new(int blk, int assoc, int size)
{
    Cache *c = calloc(1, sizeof(*c));
    c->assoc = assoc;
    c->nsets = size / (blk * assoc);
    c->shift = log2i(blk);
    size_t n = (size_t)c->nsets * (size_t)assoc;
    c->tags = calloc(n, sizeof(uint64_t));
    c->prio = calloc(n, sizeof(uint64_t));
    c->gen = calloc((size_t)c->nsets, sizeof(uint64_t));
    c->fifo_next = calloc((size_t)c->nsets, sizeof(int));
    c->mru = calloc((size_t)c->nsets, 1);
    c->ptag = calloc(n + 8, 1);
    c->set_bits = log2i(c->nsets);
    c->filt = malloc((size_t)c->nsets * sizeof(uint64_t));
    for (int i = 0; i < c->nsets; i++)   /* entry i matches only lines of set i */
        c->filt[i] = c->nsets > 1 ? (uint64_t)(i ^ 1) : UINT64_MAX;
    return c;
}

static int victim(Cache *c, int set)
{
    uint64_t *p = c->prio + (size_t)set * (size_t)c->assoc;
    switch (policy) {
    case LRU: {
        int minp = (int)p[0], idx = 0;
        for (int i = 1; i < c->assoc; i++) {
            if (p[i] < (uint64_t)(int64_t)minp) {
                minp = (int)p[i];
                idx = i;
            }
        }
        return idx;
    }
    case FIFO: {
        int w = c->fifo_next[set];
        c->fifo_next[set] = (w + 1) % c->assoc;
        return w;
    }
    default:
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        return (int)(rng % (uint64_t)c->assoc);
    }
}

/* One access whose line is neither the cache's last nor its set's last: true on a hit. Kept
 * out of line so that the common hits below need no register saves. */
static __attribute__((noinline)) bool cache_access_slow(Cache *c, int set, uint64_t key)
{
    uint64_t *t = c->tags + (size_t)set * (size_t)c->assoc;
    uint8_t *pt = c->ptag + (size_t)set * (size_t)c->assoc;
    uint8_t h = (uint8_t)(key >> c->set_bits) ^ (uint8_t)(key >> (c->set_bits + 8));
    uint64_t match = 0;
    if (c->assoc <= 8) {
        /* The ways whose tag hash is h, all 8 at once (a byte is 0x80 in cand exactly where
         * word ^ h..h has a zero byte), then the full tags of those */
        uint64_t word, x, cand;
        memcpy(&word, pt, 8);
        x = word ^ (h * 0x0101010101010101ull);
        cand = ~(((x & 0x7f7f7f7f7f7f7f7full) + 0x7f7f7f7f7f7f7f7full) | x |
                 0x7f7f7f7f7f7f7f7full);
        if (c->assoc < 8)
            cand &= (1ull << (8 * c->assoc)) - 1;
        for (; cand; cand &= cand - 1) {
            int w = __builtin_ctzll(cand) >> 3;
            if (t[w] == key) {
                match = 1ull << w;
                break;
            }
        }
    } else {
        /* Branch-free tag search (the hit way is unpredictable; a mispredicted early exit
         * costs more than comparing every way). */
        for (int w = 0; w < c->assoc; w++)
            match |= (uint64_t)(t[w] == key) << w;
    }
    if (match) {
        int w = __builtin_ctzll(match);
        if (policy == LRU)
            c->prio[(size_t)set * (size_t)c->assoc + (size_t)w] = c->gen[set]++;
        c->mru[set] = (uint8_t)w;
        return true;
    }
    c->misses++;
    int w = -1;
    for (int i = 0; i < c->assoc; i++) {
        if (!t[i]) {
            w = i;
            break;
        }
    }
    if (w < 0)
        w = victim(c, set);   /* (FIFO: ways fill in index order, so way 0 is oldest) */
    if (policy == LRU)
        c->prio[(size_t)set * (size_t)c->assoc + (size_t)w] = c->gen[set]++;
    t[w] = key;
    pt[w] = h;
    c->mru[set] = (uint8_t)w;
    return false;
}

/* One access: true on a hit. */
static inline __attribute__((always_inline)) bool cache_access(Cache *c, uint64_t addr)
{
    uint64_t line = addr >> c->shift;
    uint64_t key = line + 1;
    c->accesses++;
    /* Same line as the previous access, or as the last access to its set: a hit on the block
     * that is already the set's most recently used, so no replacement state changes (LRU
     * order is what matters, not the stamps' values). */
    if (key == c->last_key)
        return true;
    c->last_key = key;
    int set = (int)(line & (uint64_t)(c->nsets - 1));
    if (c->tags[(size_t)set * (size_t)c->assoc + c->mru[set]] == key)
        return true;
    return cache_access_slow(c, set, key);
}

/* An access that passed the filter (filter=on: counted inline, not a hit on its set's last
 * line): simulated, then its line recorded as its set's last. */
static bool filtered_access(Cache *c, uint64_t addr)
{
    uint64_t line = addr >> c->shift;
    int set = (int)(line & (uint64_t)(c->nsets - 1));
    c->filt[set] = line;   /* (the set's last line is its mru way's: no need to look there) */
    return cache_access_slow(c, set, line + 1);
}

static void mem_filtered(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    InsnData *d = ud;
    mem_calls += show_stats;
    if (filtered_access(dcaches[0], vaddr))
        return;
    d->dmisses++;
    if (use_l2 && !cache_access(l2caches[0], vaddr))
        d->l2misses++;
}

static void fetch_filtered(unsigned int vcpu, void *ud)
{
    InsnData *d = ud;
    fetch_calls += show_stats;
    if (filtered_access(icaches[0], d->addr))
        return;
    d->imisses++;
    if (use_l2 && !cache_access(l2caches[0], d->addr))
        d->l2misses++;
}

static void mem_access(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    int core = cores == 1 ? 0 : (int)(vcpu % (unsigned)cores);
    InsnData *d = ud;
    mem_calls += show_stats;
    if (cache_access(dcaches[core], vaddr))
        return;
    d->dmisses++;
    if (use_l2 && !cache_access(l2caches[core], vaddr))
        d->l2misses++;
}

static void fetch(unsigned int vcpu, void *ud)
{
    int core = cores == 1 ? 0 : (int)(vcpu % (unsigned)cores);
    FetchGroup *g = ud;
    Cache *ic = icaches[core];
    fetch_calls += show_stats;
    if (!cache_access(ic, g->first->addr)) {
        g->first->imisses++;
        if (use_l2 && !cache_access(l2caches[core], g->first->addr))
            g->first->l2misses++;
    }
    ic->accesses += g->count - 1;   /* the rest of the group: hits */
}

static InsnData *insn_data(struct qemu_plugin_insn *insn)
{
    uint64_t a = qemu_plugin_insn_vaddr(insn);
    unsigned h = (unsigned)((a * 0x9e3779b97f4a7c15ull) >> (64 - HT_BITS));
    for (InsnData *d = ht[h]; d; d = d->next)
        if (d->addr == a)
            return d;
    InsnData *d = calloc(1, sizeof(*d));
    d->addr = a;
    d->disas = qemu_plugin_insn_disas(insn);
    d->symbol = qemu_plugin_insn_symbol(insn);
    d->next = ht[h];
    ht[h] = d;
    n_insn_data++;
    return d;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    FetchGroup *g = NULL;
    uint64_t g_line = 0;
    size_t group_end = 0;   /* filter=on: the first instruction after the current group */
    int ishift = log2i(l1_iblk);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        InsnData *d = insn_data(insn);
        uint64_t line = d->addr >> ishift;
        if (use_filter) {
            if (i >= group_end) {   /* a group: counted inline, fetched when filtered in */
                Cache *ic = icaches[0];
                group_end = i + 1;
                while (group_end < n && (qemu_plugin_insn_vaddr(qemu_plugin_tb_get_insn(
                                             tb, group_end)) >> ishift) == line)
                    group_end++;
                qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                                           &ic->accesses, group_end - i);
                qelt_plugin_register_vcpu_insn_exec_cb_filter(insn, fetch_filtered,
                                                              QEMU_PLUGIN_CB_NO_REGS, d,
                                                              ic->filt, (unsigned)ic->shift,
                                                              (uint64_t)(ic->nsets - 1));
            }
            Cache *dc = dcaches[0];
            qemu_plugin_register_vcpu_mem_inline(insn, QEMU_PLUGIN_MEM_RW,
                                                 QEMU_PLUGIN_INLINE_ADD_U64, &dc->accesses, 1);
            qelt_plugin_register_vcpu_mem_cb_filter(insn, mem_filtered, QEMU_PLUGIN_CB_NO_REGS,
                                                    QEMU_PLUGIN_MEM_RW, d, dc->filt,
                                                    (unsigned)dc->shift,
                                                    (uint64_t)(dc->nsets - 1));
            continue;
        }
        if (g && line == g_line) {
            g->count++;
        } else {
            /* Groups live as long as translations may use them: never freed. */
            g = calloc(1, sizeof(*g));
            g->first = d;
            g->count = 1;
            g_line = line;
            qemu_plugin_register_vcpu_insn_exec_cb(insn, fetch, QEMU_PLUGIN_CB_NO_REGS, g);
        }
        qemu_plugin_register_vcpu_mem_cb(insn, mem_access, QEMU_PLUGIN_CB_NO_REGS,
                                         QEMU_PLUGIN_MEM_RW, d);
    }
}

static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < *cap - *len) {
            *len += (size_t)n;
            return;
        }
        *cap = *cap * 2 + (size_t)(n > 0 ? n : 64);
        *buf = realloc(*buf, *cap);
    }
}

static void stats_line(char **b, size_t *l, size_t *c, uint64_t da, uint64_t dm, uint64_t ia,
                       uint64_t im, uint64_t l2a, uint64_t l2m)
{
    append(b, l, c, "%-14" PRIu64 " %-12" PRIu64 " %9.4lf%%  %-14" PRIu64 " %-12" PRIu64
           " %9.4lf%%", da, dm, da ? (double)dm / (double)da * 100.0 : 0.0, ia, im,
           ia ? (double)im / (double)ia * 100.0 : 0.0);
    if (use_l2)
        append(b, l, c, "  %-12" PRIu64 " %-11" PRIu64 " %10.4lf%%", l2a, l2m,
               l2a ? (double)l2m / (double)l2a * 100.0 : 0.0);
    append(b, l, c, "\n");
}

static int cmp_kind;
static int cmp(const void *a, const void *b)
{
    const InsnData *x = *(InsnData *const *)a, *y = *(InsnData *const *)b;
    uint64_t vx = cmp_kind == 0 ? x->dmisses : cmp_kind == 1 ? x->imisses : x->l2misses;
    uint64_t vy = cmp_kind == 0 ? y->dmisses : cmp_kind == 1 ? y->imisses : y->l2misses;
    if (vx != vy)
        return vx < vy ? 1 : -1;
    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void top(char **b, size_t *l, size_t *c, InsnData **all, size_t n, int kind,
                const char *title)
{
    cmp_kind = kind;
    qsort(all, n, sizeof(*all), cmp);
    append(b, l, c, "%s", title);
    for (size_t i = 0; i < n && i < (size_t)limit; i++) {
        InsnData *d = all[i];
        uint64_t v = kind == 0 ? d->dmisses : kind == 1 ? d->imisses : d->l2misses;
        if (d->symbol)
            append(b, l, c, "0x%" PRIx64 " (%s), %" PRIu64 ", %s\n", d->addr, d->symbol, v, d->disas);
        else
            append(b, l, c, "0x%" PRIx64 ", %" PRIu64 ", %s\n", d->addr, v, d->disas);
    }
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
    size_t cap = 4096, len = 0;
    char *b = malloc(cap);
    b[0] = '\0';
    append(&b, &len, &cap, "core #, data accesses, data misses, dmiss rate, insn accesses, "
           "insn misses, imiss rate%s\n", use_l2 ? ", l2 accesses, l2 misses, l2 miss rate" : "");
    uint64_t s[6] = { 0 };
    for (int i = 0; i < cores; i++) {
        Cache *l2 = use_l2 ? l2caches[i] : NULL;
        append(&b, &len, &cap, "%-8d", i);
        stats_line(&b, &len, &cap, dcaches[i]->accesses, dcaches[i]->misses,
                   icaches[i]->accesses, icaches[i]->misses, l2 ? l2->accesses : 0,
                   l2 ? l2->misses : 0);
        s[0] += dcaches[i]->accesses; s[1] += dcaches[i]->misses;
        s[2] += icaches[i]->accesses; s[3] += icaches[i]->misses;
        s[4] += l2 ? l2->accesses : 0; s[5] += l2 ? l2->misses : 0;
    }
    if (cores > 1) {
        append(&b, &len, &cap, "%-8s", "sum");
        stats_line(&b, &len, &cap, s[0], s[1], s[2], s[3], s[4], s[5]);
    }
    if (show_stats)
        append(&b, &len, &cap, "filter=%s: %" PRIu64 " fetch callbacks for %" PRIu64
               " insn accesses, %" PRIu64 " mem callbacks for %" PRIu64 " data accesses\n",
               use_filter ? "on" : "off", fetch_calls, s[2], mem_calls, s[0]);
    append(&b, &len, &cap, "\n");
    InsnData **all = malloc((n_insn_data + 1) * sizeof(*all));
    size_t n = 0;
    for (size_t h = 0; h < (1u << HT_BITS); h++)
        for (InsnData *d = ht[h]; d; d = d->next)
            all[n++] = d;
    top(&b, &len, &cap, all, n, 0, "address, data misses, instruction\n");
    top(&b, &len, &cap, all, n, 1, "\naddress, fetch misses, instruction\n");
    if (use_l2)
        top(&b, &len, &cap, all, n, 2, "\naddress, L2 misses, instruction\n");
    append(&b, &len, &cap, "\n");
    qemu_plugin_outs(b);
    free(all);
    free(b);
}

static bool num_arg(const char *v, int *out)
{
    char *end;
    long x = strtol(v, &end, 0);
    if (end == v || *end || x <= 0)
        return false;
    *out = (int)x;
    return true;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        char *v = strchr(argv[i], '=');
        bool ok = v != NULL, b;
        if (ok) {
            *v++ = '\0';
            const char *k = argv[i];
            if (!strcmp(k, "iblksize")) ok = num_arg(v, &l1_iblk);
            else if (!strcmp(k, "iassoc")) ok = num_arg(v, &l1_iassoc);
            else if (!strcmp(k, "icachesize")) ok = num_arg(v, &l1_isize);
            else if (!strcmp(k, "dblksize")) ok = num_arg(v, &l1_dblk);
            else if (!strcmp(k, "dassoc")) ok = num_arg(v, &l1_dassoc);
            else if (!strcmp(k, "dcachesize")) ok = num_arg(v, &l1_dsize);
            else if (!strcmp(k, "limit")) ok = num_arg(v, &limit);
            else if (!strcmp(k, "cores")) ok = num_arg(v, &cores);
            else if (!strcmp(k, "l2cachesize")) { use_l2 = true; ok = num_arg(v, &l2_size); }
            else if (!strcmp(k, "l2blksize")) { use_l2 = true; ok = num_arg(v, &l2_blk); }
            else if (!strcmp(k, "l2assoc")) { use_l2 = true; ok = num_arg(v, &l2_assoc); }
            else if (!strcmp(k, "l2")) { ok = qemu_plugin_bool_parse(k, v, &b); use_l2 = b; }
            else if (!strcmp(k, "filter")) { ok = qemu_plugin_bool_parse(k, v, &b); use_filter = b; }
            else if (!strcmp(k, "stats")) { ok = qemu_plugin_bool_parse(k, v, &b); show_stats = b; }
            else if (!strcmp(k, "evict")) {
                if (!strcmp(v, "lru")) policy = LRU;
                else if (!strcmp(v, "fifo")) policy = FIFO;
                else if (!strcmp(v, "rand")) policy = RAND;
                else ok = false;
            } else ok = false;
        }
        if (!ok) {
            fprintf(stderr, "cache: bad option %s%s%s\n", argv[i], v ? "=" : "", v ? v : "");
            return -1;
        }
    }
    int cfg[3][3] = { { l1_iblk, l1_iassoc, l1_isize }, { l1_dblk, l1_dassoc, l1_dsize },
                      { l2_blk, l2_assoc, l2_size } };
    const char *name[3] = { "L1 icache", "L1 dcache", "L2 cache" };
    for (int k = 0; k < (use_l2 ? 3 : 2); k++) {
        int blk = cfg[k][0], assoc = cfg[k][1], size = cfg[k][2];
        if (assoc > 64) {
            fprintf(stderr, "cache: %s: associativity above 64 is not supported\n", name[k]);
            return -1;
        }
        if (!pow2(blk) || size % (blk * assoc) || !pow2(size / (blk * assoc))) {
            fprintf(stderr, "cache: %s: size must be a power-of-two number of sets of assoc * "
                    "block size bytes, block size a power of two\n", name[k]);
            return -1;
        }
    }
    use_filter = use_filter && cores == 1 && qelt_plugin_register_vcpu_mem_cb_filter &&
                 qelt_plugin_register_vcpu_insn_exec_cb_filter;
    icaches = calloc((size_t)cores, sizeof(Cache *));
    dcaches = calloc((size_t)cores, sizeof(Cache *));
    l2caches = calloc((size_t)cores, sizeof(Cache *));
    for (int i = 0; i < cores; i++) {
        icaches[i] = cache_new(l1_iblk, l1_iassoc, l1_isize);
        dcaches[i] = cache_new(l1_dblk, l1_dassoc, l1_dsize);
        if (use_l2)
            l2caches[i] = cache_new(l2_blk, l2_assoc, l2_size);
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
