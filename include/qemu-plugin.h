/*
 * qelt's instrumentation API: source compatible with QEMU's TCG plugin API (the current release
 * line, API version 5), and binary compatible with plugins built against QEMU 7.2 (API version 1).
 *
 * This header is the specification: every function is described here in qelt's terms. A plugin
 * is a shared object exporting `qemu_plugin_version` (the API level it was built for) and
 * `qemu_plugin_install`; it calls back into the qelt executable, which exports exactly the
 * qemu_plugin_* functions below (plugins/exports.lds).
 *
 * Model. When qelt translates a guest block, each plugin's translation callback sees the block
 * (its instructions, bytes, addresses, disassembly, symbol) and subscribes to events of the block
 * and of each instruction: execution of the block, of an instruction, and each memory access an
 * instruction makes. A subscription is either a callback (called directly from the generated
 * code, with the signatures below) or an inline operation (a few host instructions on a per-vCPU
 * scoreboard slot, no call). Translation is done once per block and reused, so subscriptions
 * must depend only on what the translation callback sees.
 *
 * Invariants: handles given to a translation callback (struct qemu_plugin_tb / insn) are valid
 * only during that callback; a meminfo is valid only during its memory callback; strings that
 * the API returns as `const char *` stay valid for the plugin's lifetime unless said otherwise.
 *
 * GLib: QEMU's API passes register and memory contents in GLib arrays (GArray, GByteArray). When
 * <glib.h> is on the include path it is used. Without it, this header declares the two public
 * fields of those structs; qelt then uses its own storage (see qemu_plugin_get_registers and
 * qemu_plugin_read_register for the rules).
 */
#ifndef QEMU_QEMU_PLUGIN_H
#define QEMU_QEMU_PLUGIN_H

#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__has_include)
# if __has_include(<glib.h>)
#  include <glib.h>
#  define QEMU_PLUGIN_HAVE_GLIB 1
# endif
#endif
#ifndef QEMU_PLUGIN_HAVE_GLIB
/* Layout-compatible with GLib's public fields. */
typedef struct _GArray { char *data; unsigned int len; } GArray;
typedef struct _GByteArray { uint8_t *data; unsigned int len; } GByteArray;
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Symbols a plugin exports must have default visibility (plugins are best built with
 * -fvisibility=hidden); qelt's API functions are exported by the executable. */
#define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))
#define QEMU_PLUGIN_LOCAL  __attribute__((visibility("hidden")))
#define QEMU_PLUGIN_API

/* A plugin's identity, handed to qemu_plugin_install and passed back to the register calls. */
typedef uint64_t qemu_plugin_id_t;

/*
 * API levels. A plugin declares the level it was built for in `qemu_plugin_version`; qelt
 * refuses plugins outside [QEMU_PLUGIN_MIN_VERSION, QEMU_PLUGIN_VERSION] with a message naming
 * both. Differences qelt handles per plugin:
 *   1 (QEMU 7.2): *_exec_inline and mem_inline take a raw pointer; n_vcpus and n_max_vcpus
 *     exist; qemu_plugin_insn_data(insn) returns a pointer to the instruction bytes.
 *   2: the raw-pointer inline ops and n_vcpus/n_max_vcpus are gone (scoreboards instead).
 *   3: qemu_plugin_insn_data copies into a caller buffer.
 *   4: qemu_plugin_read_memory_vaddr.
 *   5: write_memory_vaddr, read/write_memory_hwaddr, write_register, translate_vaddr.
 */
extern QEMU_PLUGIN_EXPORT int qemu_plugin_version;

#define QEMU_PLUGIN_VERSION 5
#define QEMU_PLUGIN_MIN_VERSION 1

/* What a plugin learns at install time. */
typedef struct qemu_info_t {
    const char *target_name;          /* "riscv64" */
    struct {
        int min;                      /* oldest API level qelt accepts */
        int cur;                      /* newest */
    } version;
    bool system_emulation;            /* qelt-system-riscv64: true */
    union {
        struct {
            int smp_vcpus;            /* system emulation only: the harts */
            int max_vcpus;
        } system;
    };
} qemu_info_t;

/*
 * qemu_plugin_install() - the plugin's entry point (the plugin defines it).
 * Called once, after the plugin is loaded and before any guest code runs, with the plugin's
 * arguments (the name=value pairs of -plugin, in order; argv stays valid until the plugin is
 * uninstalled). Returns 0 on success; anything else makes qelt print an error and exit 1.
 * Calling qemu_plugin_uninstall from here is not allowed.
 */
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv);

/* Callback types. */
typedef void (*qemu_plugin_simple_cb_t)(qemu_plugin_id_t id);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_simple_cb_t)(qemu_plugin_id_t id, unsigned int vcpu_index);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);

/* Kinds of control-flow discontinuity (interrupts, exceptions, host calls). */
enum qemu_plugin_discon_type {
    QEMU_PLUGIN_DISCON_INTERRUPT = 1 << 0,
    QEMU_PLUGIN_DISCON_EXCEPTION = 1 << 1,
    QEMU_PLUGIN_DISCON_HOSTCALL = 1 << 2,
    QEMU_PLUGIN_DISCON_ALL = -1
};
typedef void (*qemu_plugin_vcpu_discon_cb_t)(qemu_plugin_id_t id, unsigned int vcpu_index,
                                             enum qemu_plugin_discon_type type,
                                             uint64_t from_pc, uint64_t to_pc);

/*
 * qemu_plugin_uninstall() - remove the plugin: all its subscriptions are dropped (qelt flushes
 * its translations), then cb(id) is called and the shared object is closed. It may receive
 * callbacks until cb runs.
 */
QEMU_PLUGIN_API
void qemu_plugin_uninstall(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb);

/*
 * qemu_plugin_reset() - drop every callback the plugin registered (translations are flushed so
 * no instrumentation remains), then call cb(id). The plugin stays loaded and may register anew.
 */
QEMU_PLUGIN_API
void qemu_plugin_reset(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb);

/* qemu_plugin_register_vcpu_init_cb() - cb(id, vcpu) when a vCPU (guest thread) is created;
 * vCPUs that exist already when this is called get it at once. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_init_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb);

/* qemu_plugin_register_vcpu_exit_cb() - cb(id, vcpu) when a vCPU ends (its thread exits, or
 * the process exits: then before the atexit callbacks). */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_exit_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb);

/* qemu_plugin_register_vcpu_idle_cb() - cb when a vCPU goes idle. In user mode a guest thread
 * is never idle in QEMU's sense: accepted, never called. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_idle_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb);

/* qemu_plugin_register_vcpu_resume_cb() - cb when a vCPU resumes from idle: never in user
 * mode (accepted, never called). */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_resume_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb);

/*
 * qemu_plugin_register_vcpu_discon_cb() - cb for discontinuities of the given types. In qelt's
 * user mode only HOSTCALL is reported: after each system call returns (from_pc = the ecall,
 * to_pc = the instruction after it). Signals are not reported yet.
 */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_discon_cb(qemu_plugin_id_t id, enum qemu_plugin_discon_type type,
                                         qemu_plugin_vcpu_discon_cb_t cb);

/* Opaque handles: a block being translated, one of its instructions, a scoreboard. */
struct qemu_plugin_tb;
struct qemu_plugin_insn;
struct qemu_plugin_scoreboard;

/* One uint64_t field (at byte offset `offset`) of the per-vCPU entries of a scoreboard: what
 * inline operations and conditional callbacks work on. */
typedef struct {
    struct qemu_plugin_scoreboard *score;
    size_t offset;
} qemu_plugin_u64;

/* What a callback may do with the guest registers. NO_REGS lets qelt keep guest registers in
 * host registers across the call (fastest); R_REGS makes the registers (and pc) readable with
 * qemu_plugin_read_register; RW_REGS also allows qemu_plugin_write_register. */
enum qemu_plugin_cb_flags {
    QEMU_PLUGIN_CB_NO_REGS,
    QEMU_PLUGIN_CB_R_REGS,
    QEMU_PLUGIN_CB_RW_REGS,
};

/* Which memory accesses: loads, stores, or both. */
enum qemu_plugin_mem_rw {
    QEMU_PLUGIN_MEM_R = 1,
    QEMU_PLUGIN_MEM_W,
    QEMU_PLUGIN_MEM_RW,
};

enum qemu_plugin_mem_value_type {
    QEMU_PLUGIN_MEM_VALUE_U8,
    QEMU_PLUGIN_MEM_VALUE_U16,
    QEMU_PLUGIN_MEM_VALUE_U32,
    QEMU_PLUGIN_MEM_VALUE_U64,
    QEMU_PLUGIN_MEM_VALUE_U128,
};

/* The value a memory access loaded or stored, at the access size. */
typedef struct {
    enum qemu_plugin_mem_value_type type;
    union {
        uint8_t u8;
        uint16_t u16;
        uint32_t u32;
        uint64_t u64;
        struct {
            uint64_t low;
            uint64_t high;
        } u128;
    } data;
} qemu_plugin_mem_value;

/* Conditions of conditional callbacks: (scoreboard entry COND immediate), unsigned compares. */
enum qemu_plugin_cond {
    QEMU_PLUGIN_COND_NEVER,
    QEMU_PLUGIN_COND_ALWAYS,
    QEMU_PLUGIN_COND_EQ,
    QEMU_PLUGIN_COND_NE,
    QEMU_PLUGIN_COND_LT,
    QEMU_PLUGIN_COND_LE,
    QEMU_PLUGIN_COND_GT,
    QEMU_PLUGIN_COND_GE,
};

typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);

/*
 * qemu_plugin_register_vcpu_tb_trans_cb() - cb(id, tb) each time qelt translates a block,
 * before the block's code exists: the place to inspect the block and subscribe to its events.
 * Plugins are called in load order.
 */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                           qemu_plugin_vcpu_tb_trans_cb_t cb);

/*
 * qemu_plugin_register_vcpu_tb_exec_cb() - cb(vcpu_index, userdata) each time the block starts
 * executing (before its first instruction). flags: see enum qemu_plugin_cb_flags.
 */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
                                          qemu_plugin_vcpu_udata_cb_t cb,
                                          enum qemu_plugin_cb_flags flags, void *userdata);

/*
 * qemu_plugin_register_vcpu_tb_exec_cond_cb() - like tb_exec_cb, but cb runs only when
 * (entry of the executing vCPU) cond imm holds at that moment. COND_ALWAYS is the plain
 * callback, COND_NEVER registers nothing.
 */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_exec_cond_cb(struct qemu_plugin_tb *tb,
                                               qemu_plugin_vcpu_udata_cb_t cb,
                                               enum qemu_plugin_cb_flags flags,
                                               enum qemu_plugin_cond cond,
                                               qemu_plugin_u64 entry, uint64_t imm,
                                               void *userdata);

/* Inline operations: ADD_U64 adds imm to the entry, STORE_U64 writes imm to it (both on the
 * executing vCPU's entry, as plain, non-atomic host instructions). */
enum qemu_plugin_op {
    QEMU_PLUGIN_INLINE_ADD_U64,
    QEMU_PLUGIN_INLINE_STORE_U64,
};

/*
 * qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu() - op on entry (of the executing vCPU)
 * each time the block starts executing. Adds to one entry within a block (block, instruction
 * and memory inline ops alike) are merged into one host instruction per straight-line stretch
 * (up to the next branch, label, exit or callback), so callbacks and block exits see exact
 * values. Caveat: when a guest instruction faults (a guest SIGSEGV/SIGBUS), the merged adds of
 * the rest of its block have been applied already.
 */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(struct qemu_plugin_tb *tb,
                                                       enum qemu_plugin_op op,
                                                       qemu_plugin_u64 entry, uint64_t imm);

/* qemu_plugin_register_vcpu_insn_exec_cb() - cb(vcpu_index, userdata) each time the
 * instruction is about to execute. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                            qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void *userdata);

/* qemu_plugin_register_vcpu_insn_exec_cond_cb() - the conditional form (see tb_exec_cond_cb). */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_insn_exec_cond_cb(struct qemu_plugin_insn *insn,
                                                 qemu_plugin_vcpu_udata_cb_t cb,
                                                 enum qemu_plugin_cb_flags flags,
                                                 enum qemu_plugin_cond cond,
                                                 qemu_plugin_u64 entry, uint64_t imm,
                                                 void *userdata);

/* qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu() - op on entry each time the
 * instruction is about to execute. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(struct qemu_plugin_insn *insn,
                                                         enum qemu_plugin_op op,
                                                         qemu_plugin_u64 entry, uint64_t imm);

/* Block and instruction queries (translation callback only). */

/* Number of guest instructions in the block. */
QEMU_PLUGIN_API
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);

/* Guest virtual address of the block's first instruction. */
QEMU_PLUGIN_API
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);

/* Handle of instruction idx (0-based) of the block, or NULL when idx is out of range. */
QEMU_PLUGIN_API
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);

/*
 * qemu_plugin_insn_data() - copies min(len, instruction size) bytes of the instruction's
 * encoding (guest byte order) to dest and returns how many. (A plugin built for API level 1
 * or 2 gets that level's behaviour under the same symbol: the call takes only insn and returns
 * a pointer to the bytes; qelt tells the two apart by the calling plugin's declared level.)
 */
QEMU_PLUGIN_API
size_t qemu_plugin_insn_data(const struct qemu_plugin_insn *insn, void *dest, size_t len);

/* Size of the instruction in bytes (2 for compressed RISC-V instructions, else 4). */
QEMU_PLUGIN_API
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);

/* Guest virtual address of the instruction. */
QEMU_PLUGIN_API
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);

/* Host address of the instruction's bytes (user mode: where the guest page is mapped). */
QEMU_PLUGIN_API
void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn);

/* A memory access's description, valid during its memory callback. */
typedef uint32_t qemu_plugin_meminfo_t;
struct qemu_plugin_hwaddr;

/* log2 of the access size in bytes (0 = byte ... 3 = 8 bytes). */
QEMU_PLUGIN_API
unsigned int qemu_plugin_mem_size_shift(qemu_plugin_meminfo_t info);
/* Was it a sign-extending load. */
QEMU_PLUGIN_API
bool qemu_plugin_mem_is_sign_extended(qemu_plugin_meminfo_t info);
/* Was it big endian (never on RISC-V). */
QEMU_PLUGIN_API
bool qemu_plugin_mem_is_big_endian(qemu_plugin_meminfo_t info);
/* Was it a store. An atomic read-modify-write is reported as a load then a store. */
QEMU_PLUGIN_API
bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info);

/*
 * qemu_plugin_mem_get_value() - from a memory callback: the value the access loaded (loads;
 * the old value for the load half of an atomic) or stored (stores; the new value for the store
 * half of an atomic), truncated to the access size, as seen in memory (no sign extension).
 */
QEMU_PLUGIN_API
qemu_plugin_mem_value qemu_plugin_mem_get_value(qemu_plugin_meminfo_t info);

/* qemu_plugin_get_hwaddr() - physical-address handle of an access: NULL in user mode. */
QEMU_PLUGIN_API
struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info, uint64_t vaddr);

/* hwaddr queries (system emulation only; qelt never hands out a hwaddr): false, 0, NULL. */
QEMU_PLUGIN_API
bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr);
QEMU_PLUGIN_API
uint64_t qemu_plugin_hwaddr_phys_addr(const struct qemu_plugin_hwaddr *haddr);
QEMU_PLUGIN_API
const char *qemu_plugin_hwaddr_device_name(const struct qemu_plugin_hwaddr *h);

typedef void (*qemu_plugin_vcpu_mem_cb_t)(unsigned int vcpu_index, qemu_plugin_meminfo_t info,
                                          uint64_t vaddr, void *userdata);

/*
 * qemu_plugin_register_vcpu_mem_cb() - cb(vcpu_index, info, vaddr, userdata) after each memory
 * access of the instruction that matches rw (vaddr = the guest virtual address accessed). An
 * access that faults is not reported. Accesses made by atomics, LR/SC and FP loads/stores are
 * reported like any other.
 */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn,
                                      qemu_plugin_vcpu_mem_cb_t cb,
                                      enum qemu_plugin_cb_flags flags,
                                      enum qemu_plugin_mem_rw rw, void *userdata);

/* qemu_plugin_register_vcpu_mem_inline_per_vcpu() - op on entry after each access matching
 * rw. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_mem_inline_per_vcpu(struct qemu_plugin_insn *insn,
                                                   enum qemu_plugin_mem_rw rw,
                                                   enum qemu_plugin_op op,
                                                   qemu_plugin_u64 entry, uint64_t imm);

/* Time control (system emulation). In user mode the first caller gets a handle and
 * qemu_plugin_update_ns has no effect: guest time is the host's. */
QEMU_PLUGIN_API
const void *qemu_plugin_request_time_control(void);
QEMU_PLUGIN_API
void qemu_plugin_update_ns(const void *handle, int64_t time);

/* System calls: before (number and the 8 argument slots; RISC-V uses a0..a5, the rest are 0)
 * and after (number and return value, negative errno on failure). */
typedef void (*qemu_plugin_vcpu_syscall_cb_t)(qemu_plugin_id_t id, unsigned int vcpu_index,
                                              int64_t num, uint64_t a1, uint64_t a2,
                                              uint64_t a3, uint64_t a4, uint64_t a5,
                                              uint64_t a6, uint64_t a7, uint64_t a8);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_syscall_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_syscall_cb_t cb);

typedef void (*qemu_plugin_vcpu_syscall_ret_cb_t)(qemu_plugin_id_t id, unsigned int vcpu_idx,
                                                  int64_t num, int64_t ret);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_syscall_ret_cb(qemu_plugin_id_t id,
                                              qemu_plugin_vcpu_syscall_ret_cb_t cb);

/* Disassembly of the instruction (qelt's RISC-V disassembler, objdump-like syntax), in a
 * malloc'd string the caller frees (g_free or free). */
QEMU_PLUGIN_API
char *qemu_plugin_insn_disas(const struct qemu_plugin_insn *insn);

/* Name of the ELF symbol (function) of the guest program that covers the instruction, or NULL
 * when the program has no symbol table or no symbol covers it. Valid for the plugin's life. */
QEMU_PLUGIN_API
const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn);

/* cb(id, vcpu) for each existing vCPU, in index order. */
QEMU_PLUGIN_API
void qemu_plugin_vcpu_for_each(qemu_plugin_id_t id, qemu_plugin_vcpu_simple_cb_t cb);

/* cb(id) whenever qelt drops all its translations (code cache full, fence.i, reset). */
QEMU_PLUGIN_API
void qemu_plugin_register_flush_cb(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb);

/* cb(id, userdata) once when the guest process exits (exit, exit_group, fatal signal), after
 * the vCPU exit callbacks: the place to print results. */
QEMU_PLUGIN_API
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
                                    void *userdata);

/* Number of vCPUs started so far (guest threads created, including finished ones). */
QEMU_PLUGIN_API
int qemu_plugin_num_vcpus(void);

/* Append string to qelt's log when `-d plugin` is given (to the -D file, else stderr);
 * otherwise discarded, as in QEMU. */
QEMU_PLUGIN_API
void qemu_plugin_outs(const char *string);

/* Parse a boolean argument value: on/yes/true/off/no/false. Returns false (and leaves *ret
 * alone) when val is none of these. name is for the plugin's error messages only. */
QEMU_PLUGIN_API
bool qemu_plugin_bool_parse(const char *name, const char *val, bool *ret);

/* Absolute path of the guest program, in a malloc'd string the caller frees. */
QEMU_PLUGIN_API
const char *qemu_plugin_path_to_binary(void);

/* Start and end of the guest program's text segment and its entry point. */
QEMU_PLUGIN_API
uint64_t qemu_plugin_start_code(void);
QEMU_PLUGIN_API
uint64_t qemu_plugin_end_code(void);
QEMU_PLUGIN_API
uint64_t qemu_plugin_entry_code(void);

/* Registers. */
struct qemu_plugin_register;

/* One register: handle for read/write, name as in gdb's RISC-V target description ("zero",
 * "ra", "sp", ..., "t6", "pc", "ft0" ... "ft11", "fflags", "frm", "fcsr"), feature name
 * ("org.gnu.gdb.riscv.cpu", ".fpu" or ".csr"). */
typedef struct {
    struct qemu_plugin_register *handle;
    const char *name;
    const char *feature;
} qemu_plugin_reg_descriptor;

/*
 * qemu_plugin_get_registers() - the registers of the current vCPU as an array of
 * qemu_plugin_reg_descriptor; the caller frees the array (not the strings). With GLib it is a
 * GArray (free with g_array_free); without GLib it is one malloc'd block (free with free()).
 * Call it from a vCPU context (vCPU init, exec or memory callbacks).
 */
QEMU_PLUGIN_API
GArray *qemu_plugin_get_registers(void);

/*
 * qemu_plugin_read_register() - append the register's current value (little endian, its size:
 * 8 bytes for x/f registers and pc, 4 for the CSRs) to buf; returns the size, -1 on a bad
 * handle. Valid in vCPU init callbacks and in callbacks registered with R_REGS or RW_REGS.
 * Without GLib, buf->data must have room for len + 8 bytes (qelt writes at data + len).
 */
QEMU_PLUGIN_API
int qemu_plugin_read_register(struct qemu_plugin_register *handle, GByteArray *buf);

/* qemu_plugin_write_register() - set the register from the first bytes of buf (RW_REGS
 * callbacks, vCPU init). x0 and pc cannot be written (the running block would not follow a new
 * pc). Returns the number of bytes used, 0 on failure. */
QEMU_PLUGIN_API
int qemu_plugin_write_register(struct qemu_plugin_register *handle, GByteArray *buf);

/* qemu_plugin_read_memory_vaddr() - append len guest bytes at addr to data; false (data
 * unchanged) when any byte is not readable guest memory. Without GLib, data->data must have
 * room for data->len + len bytes. */
QEMU_PLUGIN_API
bool qemu_plugin_read_memory_vaddr(uint64_t addr, GByteArray *data, size_t len);

/* qemu_plugin_write_memory_vaddr() - write data's bytes at addr (pages must be writable by the
 * guest); translations of code it overwrites are dropped. */
QEMU_PLUGIN_API
bool qemu_plugin_write_memory_vaddr(uint64_t addr, GByteArray *data);

enum qemu_plugin_hwaddr_operation_result {
    QEMU_PLUGIN_HWADDR_OPERATION_OK,
    QEMU_PLUGIN_HWADDR_OPERATION_ERROR,
    QEMU_PLUGIN_HWADDR_OPERATION_DEVICE_ERROR,
    QEMU_PLUGIN_HWADDR_OPERATION_ACCESS_DENIED,
    QEMU_PLUGIN_HWADDR_OPERATION_INVALID_ADDRESS,
    QEMU_PLUGIN_HWADDR_OPERATION_INVALID_ADDRESS_SPACE,
};

/* Physical-address accesses and translation (system emulation only): in user mode they return
 * QEMU_PLUGIN_HWADDR_OPERATION_ERROR / false. */
QEMU_PLUGIN_API
enum qemu_plugin_hwaddr_operation_result
qemu_plugin_read_memory_hwaddr(uint64_t addr, GByteArray *data, size_t len);
QEMU_PLUGIN_API
enum qemu_plugin_hwaddr_operation_result
qemu_plugin_write_memory_hwaddr(uint64_t addr, GByteArray *data);
QEMU_PLUGIN_API
bool qemu_plugin_translate_vaddr(uint64_t vaddr, uint64_t *hwaddr);

/*
 * Scoreboards: per-vCPU arrays of element_size-byte entries, zero-initialised, one entry per
 * vCPU index (entries for vCPUs created later exist when they start). Entries never move in
 * qelt (the pointer from scoreboard_find stays valid until scoreboard_free), so generated code
 * reaches the executing vCPU's entry in one instruction.
 */
QEMU_PLUGIN_API
struct qemu_plugin_scoreboard *qemu_plugin_scoreboard_new(size_t element_size);
QEMU_PLUGIN_API
void qemu_plugin_scoreboard_free(struct qemu_plugin_scoreboard *score);
/* Address of vcpu_index's entry. */
QEMU_PLUGIN_API
void *qemu_plugin_scoreboard_find(struct qemu_plugin_scoreboard *score, unsigned int vcpu_index);

#define qemu_plugin_scoreboard_u64(score) \
    (qemu_plugin_u64) { score, 0 }
#define qemu_plugin_scoreboard_u64_in_struct(score, type, member) \
    (qemu_plugin_u64) { score, offsetof(type, member) }

/* entry of vcpu_index += added / read / = val; sum over every vCPU started so far. */
QEMU_PLUGIN_API
void qemu_plugin_u64_add(qemu_plugin_u64 entry, unsigned int vcpu_index, uint64_t added);
QEMU_PLUGIN_API
uint64_t qemu_plugin_u64_get(qemu_plugin_u64 entry, unsigned int vcpu_index);
QEMU_PLUGIN_API
void qemu_plugin_u64_set(qemu_plugin_u64 entry, unsigned int vcpu_index, uint64_t val);
QEMU_PLUGIN_API
uint64_t qemu_plugin_u64_sum(qemu_plugin_u64 entry);

/*
 * API level 1 (QEMU 7.2) entry points, kept so plugin binaries built for it load. New code uses
 * the *_per_vcpu forms and qemu_plugin_num_vcpus.
 */
/* op on the uint64_t at ptr (shared by all vCPUs) when the block / instruction executes, or
 * after each access of the instruction matching rw. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
                                              void *ptr, uint64_t imm);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op, void *ptr, uint64_t imm);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_mem_inline(struct qemu_plugin_insn *insn,
                                          enum qemu_plugin_mem_rw rw, enum qemu_plugin_op op,
                                          void *ptr, uint64_t imm);
/* QEMU 7.2 in user mode answers -1 to both (no fixed vCPU count); so does qelt. */
QEMU_PLUGIN_API
int qemu_plugin_n_vcpus(void);
QEMU_PLUGIN_API
int qemu_plugin_n_max_vcpus(void);

#ifdef __cplusplus
}
#endif

#endif /* QEMU_QEMU_PLUGIN_H */
