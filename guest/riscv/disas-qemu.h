/*
 * QEMU 7.2-style disassembly (disas-qemu.c): what qemu-riscv64 7.2's qemu_plugin_insn_disas
 * prints, raw bytes column included. The plugin API uses it by default; -d in_asm keeps
 * disas.c's objdump style.
 */
#ifndef QELT_RISCV_DISAS_QEMU_H
#define QELT_RISCV_DISAS_QEMU_H

#include <stddef.h>
#include <stdint.h>
#include "decode.h"

/* The whole line for a decoded instruction at pc. Returns the length written (snprintf
 * style: may exceed buflen - 1 when truncated). */
int rv_disas_qemu(char *buf, size_t buflen, uint64_t pc, const RVInsn *insn);
/* guest_disas_qemu (runtime/guest.h) decodes and prints one instruction from raw bytes in
 * this style. */


/* Shared by the two styles (disas.c): ABI register names, a bounded appender whose running
 * length may exceed the size (snprintf style), and decode-then-print over raw bytes. */
extern const char *const rv_xreg_name[32];
extern const char *const rv_freg_name[32];
typedef struct RVDisOut { char *buf; size_t size, len; } RVDisOut;
void rv_disas_put(RVDisOut *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int rv_disas_bytes(char *buf, size_t buflen, uint64_t pc, const uint8_t *code, size_t len,
                   int (*style)(char *, size_t, uint64_t, const RVInsn *));

#endif
