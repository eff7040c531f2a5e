/*
 * Translation blocks and the runtime's private state (shared by the runtime files only).
 *
 * Invariants: a TB is reachable from the hash table and its pages' lists exactly while valid;
 * a valid TB's outgoing chained jumps point at valid TBs (invalidation unlinks incoming jumps
 * first).
 *
 * Parallel translation (the seed's partitioned code cache): the cache after the trampolines is
 * cut into chunks of rt->chunk_size (RT_CHUNK_MAX, or a 64th of a small cache, so that
 * many vCPUs never fight over a handful of chunks); each vCPU's Translator (own IR context,
 * translation environment and back-end work arrays) takes a chunk at a time under rt->lock and
 * fills it linearly without any lock, so the space a vCPU wastes is the tail of a chunk it
 * leaves (at most one block's worth) plus its last, open chunk. A TB lives in its chunk too:
 * its header (this struct, on cache lines of its own), then its code, then its instruction
 * map and fault sites; nothing of a TB is malloc'ed but the rare list of chained jumps into it
 * (jmp_in). Each chunk lists its TBs in code order (Chunk.tbs, sized for the most TBs the
 * chunk can hold, appended by the one translator filling it) for the fault lookup by host pc.
 *
 * Publishing a block takes no global lock: the page lists are split in PAGE_SHARDS shards,
 * each an open-addressing table with its own lock (a block's one or two pages' shards are
 * locked in ascending order), and a hash-table bucket changes under one of TB_HLOCKS striped
 * locks. Invalidation of a page holds its shard's lock and, for a block that also covers
 * another page, that page's shard (taken in order, or by trylock and a retry).
 *
 * Memory: TBs, valid or not, and every chunk list stay where they are until a flush, which is
 * an exclusive section, or until their chunk is reused: a chunk whose TBs are all invalid and
 * that no translator fills any more is retired, and handed out again once every vCPU inside
 * cpu_exec has passed the top of its dispatcher loop (where it holds no TB pointer: it drops
 * last_tb and drains its posted jump-cache entries there) since the retirement (an epoch
 * scheme, in the manner of RCU). So a vCPU that is counted as running (rt_exec_start .. rt_exec_end)
 * may read the hash table (acquire loads of htab[] and hash_next, inserts published with
 * release stores) and a chunk's list (load n, then tbs) without any lock: lookups of existing
 * blocks and fault lookups by host pc never wait; it also translates while counted, so a flush
 * never frees the chunk it fills. Chaining and unchaining (jmp_dest, jmp_in, valid turning
 * false) are under rt->jmp_lock.
 *
 * Jump caches: a vCPU's jump cache (VCPU.jc) is written by its own thread only, except by a
 * flush (an exclusive section). A TB records which vCPUs entered it in their jump cache
 * (jc_cpus, one bit per VCPU.jc_bit); invalidating it clears the invalidating vCPU's own entry
 * and posts (pc, code) to each other marked vCPU's queue (VCPU.jcq) and asks it to leave
 * generated code: it drops the entry at its dispatcher's next turn, before it runs any block
 * (the request empties its jump cache, see below). jc_set and the invalidation order
 * their accesses so that either the invalidator sees the bit or the setter sees valid off.
 * User mode: a jump-cache entry points past its block's exit_request check (tb_jc_code), so a
 * loop of indirect jumps checks nothing; instead cpu_exit_request empties the vCPU's jump
 * cache after setting exit_request (any thread: the pc words only), and jc_set reads
 * exit_request after storing an entry (both sequentially consistent) and takes the entry back
 * when it is set: either the requester empties the entry after the setter stored it, or the
 * setter sees the request. An empty entry sends the jump to the miss path, which leaves when
 * exit_request is set; the dispatcher and the miss path enter blocks at their check.
 *
 * Locks of the runtime, in the order they are taken: the exclusive section
 * (rt_start_exclusive; excl_lock only guards its waiting and is never held while taking
 * another lock), then rt->lock (chunk handout, the shared translator), then the page shards
 * (ascending),
 * then a hash-bucket lock, then rt->jmp_lock, then VCPU.jcq_lock and rt->vcpus_lock (leaves),
 * then GuestMem.lock (page flags; a leaf) or, in full-system mode, a hart's soft-TLB lock.
 * The OS layer's locks come before rt->lock and the plugin manager's after it:
 * user/process.h has the whole order, which the fork path (rt_fork_prepare) follows.
 * Statistics are per vCPU (VCPU.st), summed when printed.
 */
#ifndef QELT_TB_H
#define QELT_TB_H

#include <pthread.h>
#include "backend.h"
#include "guest.h"
#include "runtime.h"

typedef struct TBJmpIn {
    struct TranslationBlock *from;
    int slot;
} TBJmpIn;

typedef struct TranslationBlock {
    uint64_t pc;
    uint64_t phys;              /* physical address of pc (full-system), else pc */
    uint32_t flags;             /* translation flags (full-system), else 0 */
    uint32_t size;              /* guest bytes */
    uint32_t n_insns;
    uint32_t code_size;
    uint8_t *code;              /* in the same chunk, after this header */
    bool valid;                 /* atomic: false from invalidation on (under jmp_lock) */
    uint64_t page[2];           /* guest pages covered (physical in full-system mode);
                                   page[1] = -1 if one page */
    uint32_t jmp_field[IR_MAX_EXIT_SLOTS];   /* code offset of exit slot n's rel32, or -1 */
    uint32_t jmp_stub[IR_MAX_EXIT_SLOTS];    /* code offset of its stub */
    uint32_t chain_entry;       /* where chained jumps from blocks of lower pc and jump-cache
                                   hits enter (past the exit_request check; 0 in full-system
                                   mode) */
    struct TranslationBlock *jmp_dest[IR_MAX_EXIT_SLOTS];
    TBJmpIn *jmp_in;            /* chained jumps into this TB (malloc'ed, freed at a flush) */
    int n_jmp_in, max_jmp_in;
    struct TranslationBlock *hash_next;
    struct TranslationBlock *page_next[2];
    uint64_t jc_cpus;           /* atomic: VCPU.jc_bit of every vCPU that put it in its jump cache */
    InsnMapEntry *map;          /* host offset -> guest pc, one per guest insn (after the code) */
    uint32_t n_map;
    uint32_t n_sites;
    FaultSite *sites;           /* register homes of unpinned globals at faulting ops */
    RegHome *homes;
} TranslationBlock;

/* What a jump-cache entry for tb holds: the entry past its exit_request check (user mode). */
static inline uint8_t *tb_jc_code(const TranslationBlock *tb) { return tb->code + tb->chain_entry; }

#define RT_CHUNK_MAX (512u << 10)
#define RT_CHUNK_MIN (64u << 10)

typedef struct Chunk {
    TranslationBlock **tbs;     /* in code order (one translator fills a chunk linearly); room
                                   for the most TBs the chunk can hold */
    size_t n, max;              /* n: atomic, appended by the chunk's translator */
    int32_t live;               /* atomic: its valid cached TBs, plus 1 while a translator
                                   fills it; whoever brings it to 0 retires the chunk */
    uint64_t retire_epoch;      /* Runtime.epoch its retirement made */
    size_t next_retired;        /* the retired FIFO (under chunk_lock) */
} Chunk;

/* A translator's state: a vCPU's own (VCPU.translator) or the Runtime's shared one. */
typedef struct Translator {
    IRContext *ir;
    GuestTranslateEnv *te;
    Backend *be;                /* a clone of rt->be (own work arrays), or rt->be itself */
    VCPU *cpu;                  /* whose code is being translated (sys code_page) */
    uint8_t *ptr, *end;         /* free part of the current chunk (NULL: none) */
    size_t chunk;               /* its index, or SIZE_MAX */
    uint64_t flush_gen;         /* the chunk belongs to this flush generation */
    uint64_t be_gen;            /* the rt->be generation the clone was made from */
    IRContext ir_own;
    GuestTranslateEnv te_own;
} Translator;

/* Hash buckets: user mode's caches stay small and are flushed often (fence.i); a whole OS's
 * code needs more buckets for short chains. */
#define TB_HASH_BITS_USER 16
#define TB_HASH_BITS_SYS 20
#define PAGE_HASH_BITS 14

typedef struct PageEntry {
    uint64_t page;              /* guest page address, or -1 when free */
    TranslationBlock *first;
    uint64_t gen;               /* bumped by every invalidation of the page: a translation
                                   that saw another value before reading the code is stale */
} PageEntry;

#define PAGE_SHARDS 16
/* One shard of the page -> TB lists: open addressing, 1 << bits entries. */
typedef struct PageShard {
    pthread_mutex_t lock;
    PageEntry *pages;
    unsigned bits;
    size_t n;
} __attribute__((aligned(64))) PageShard;

#define TB_HLOCKS 64
typedef struct PaddedLock {
    pthread_mutex_t m;
} __attribute__((aligned(64))) PaddedLock;

struct Runtime {
    GuestMem *gm;
    bool is_sys;                /* full-system: sys hooks set */
    bool user_flags;            /* user mode: blocks are keyed by guest_tb_flags */
    RtSysHooks sys;
    RuntimeOptions opts;
    RtWriteWatchFn write_watch;  /* user mode: first write to a PAGE_WATCH page (or NULL) */
    void *write_watch_opaque;
    bool nochain_asked;            /* -d nochain/exec: chaining stays off without single step */
    pthread_mutex_t lock;
    pthread_mutex_t jmp_lock;   /* chaining: jmp_dest, jmp_in, valid -> false */
    uint8_t *code_buf;          /* whole code cache */
    size_t code_buf_size;
    uint8_t *code_gen_start;    /* after the trampolines: chunk 0 */
    Chunk *chunks;              /* n_chunks of them; the last one takes the remainder */
    TranslationBlock **chunk_lists;   /* every chunk's tbs array (one reservation) */
    size_t chunk_lists_size;
    size_t n_chunks, next_chunk, chunk_size;   /* chunks handed out since the flush: [0, next_chunk) */
    /* Chunks whose TBs all died, oldest first, reused once no vCPU can hold a pointer into
     * them: every vCPU inside cpu_exec (VCPU.online) has passed its dispatcher's quiescent
     * point (VCPU.qs_epoch) after the retirement (Runtime.epoch). */
    pthread_mutex_t chunk_lock; /* the retired FIFO (a leaf) */
    size_t retired_head, retired_tail;   /* SIZE_MAX: none */
    uint64_t epoch;             /* atomic: bumped by each retirement */
    uint64_t st_reused;         /* chunks reused (under rt->lock) */
    Backend *be;                /* the trampolines; the shared translator's back end */
    uint64_t be_gen;            /* bumped when rt->be is remade or changes: clones follow */
    pthread_mutex_t be_lock;    /* cloning rt->be, turning its counter register on (a leaf) */
    bool clones_unsynced;       /* a clone translated with plugins while the counter register
                                   was off since the flush: it may have code calling out
                                   without saving the register (under be_lock) */
    IRContext ir;               /* the shared translator's (plugins, smc step) */
    GuestTranslateEnv te;       /* the settings every translator copies */
    Translator shared_tr;
    int max_insns;
    TranslationBlock **htab;        /* 1 << hash_bits buckets */
    unsigned hash_bits;
    PaddedLock hlock[TB_HLOCKS];    /* bucket b changes under hlock[b % TB_HLOCKS] */
    PageShard shards[PAGE_SHARDS];
    pthread_mutex_t vcpus_lock;     /* the vCPU list (a leaf) */
    VCPU **vcpus;
    int n_vcpus;
    uint64_t next_jc_bit;           /* jc_bit of the next vCPU (rotates over 64 bits) */
    uint64_t flush_count;
    int be_opts;                /* extra back-end options in force */
    bool want_call_friendly;    /* plugins call out of generated code: switch at next chance */
    bool want_counter_reg;      /* plugins want the counter register: flush, then enable it */
    bool counter_reg_on;        /* enabled (kept across back-end changes) */
    /* Several vCPUs (guest threads): a flush waits until none runs generated code, and none
     * enters it while the flush is pending (rt_exec_start/end, flush_locked). A vCPU enters
     * without a lock: it sets VCPU.exec_running, then reads excl_pending (both sequentially
     * consistent); the exclusive section sets excl_pending, then reads each exec_running. */
    pthread_mutex_t excl_lock;
    pthread_cond_t excl_cond;
    bool excl_pending;
    bool fork_excl;             /* rt_fork_prepare started an exclusive section */
    /* statistics: per vCPU (VCPU.st); those of vCPUs that are gone are added to st_gone,
     * work done by no vCPU (the shared translator without one, a device thread invalidating)
     * to st_other (under rt->lock, or atomically) */
    VCPUStats st_gone, st_other;
    uint64_t st_gone_lock_waits;
    double st_gone_lock_wait_ns;
    uint64_t st_chunk_waste, st_flushes;
};

/* Find the valid block for pc without a lock (the caller is counted as running, or the only
 * vCPU); with translate, translate it with cpu's own translator on a miss (not with plugins).
 * NULL when there is none (or a full cache was flushed: flush_count changed); *fault is set
 * when fetching at pc faults (full-system). */
TranslationBlock *tb_lookup_fast(Runtime *rt, VCPU *cpu, uint64_t pc, bool *fault, bool translate);
/* The same under rt->lock, translating on a miss (the caller is not counted as running: a
 * flush may happen, so compare rt->flush_count before using the result); NULL when fetching
 * at pc faults. */
TranslationBlock *tb_lookup(Runtime *rt, VCPU *cpu, uint64_t pc);
/* Take rt->lock (or jmp_lock), counting the time waited for it in cpu's statistics. */
void rt_lock(Runtime *rt, VCPU *cpu, pthread_mutex_t *m);
/* Stop every other vCPU outside generated code (false: only one vCPU, nothing to do); they
 * stay out until rt_end_exclusive. Never called with a runtime lock held. */
bool rt_start_exclusive(Runtime *rt);
void rt_end_exclusive(Runtime *rt);
void rt_exec_start(Runtime *rt, VCPU *cpu);
void rt_exec_end(Runtime *rt, VCPU *cpu);
/* A one-instruction block that is never looked up, chained or page-protected: lets a store
 * into the page holding its own code complete (self-modifying code). */
TranslationBlock *tb_gen_smc_step(Runtime *rt, VCPU *cpu, uint64_t pc);
/* Patch from's exit slot to jump to to, if both are still valid (takes jmp_lock). */
void tb_chain(Runtime *rt, VCPU *cpu, TranslationBlock *from, int slot, TranslationBlock *to);
TranslationBlock *tb_find_by_host_pc(Runtime *rt, uintptr_t hpc);
uint64_t tb_guest_pc_at(const TranslationBlock *tb, uintptr_t hpc);
bool rt_page_has_code(Runtime *rt, uint64_t page);
/* GuestTranslateEnv.code_page in full-system mode (opaque = the Runtime). */
const uint8_t *rt_sys_code_page(void *opaque, uint64_t va);
/* Drop the translations of the guest page (physical in full-system mode); no runtime lock
 * held by the caller. */
void rt_invalidate_page(Runtime *rt, uint64_t page);
/* The vCPU this host thread runs, or NULL (a device or main thread). */
extern __thread VCPU *rt_self;
/* Set up the page shards and bucket locks (rt_new). */
void rt_shards_init(Runtime *rt);
/* Fork: 0 takes every shard lock and jmp_lock (after rt->lock), 1 releases them (parent),
 * 2 makes them anew (child). */
void rt_fork_locks(Runtime *rt, int how);
/* The most TBs a chunk of len bytes can hold (the size of its list). */
size_t rt_chunk_capacity(size_t len);
/* The jump-cache entries other threads posted to cpu (VCPU.jcq): dropped by cpu's own thread
 * before it runs any block. */
void rt_jc_drain(VCPU *cpu);

#endif
