/*
 * The guest's registers for a gdb remote stub (user/gdbstub.c): gdb's register numbers, their
 * bytes, and the XML target description. One such file per guest ISA.
 */
#ifndef QELT_GUEST_GDB_H
#define QELT_GUEST_GDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct VCPU;
/* Register n's name and gdb feature (NULL name: no such register). */
const char *guest_gdb_reg_name(int n);
const char *guest_gdb_reg_feature(int n);
/* The gdb number of cpu's k-th register past the fixed set (the vector CSRs, then v0..v31,
 * when it has a vector unit), or -1 past the last one (the plugin API lists them). */
int guest_gdb_extra_reg(const struct VCPU *cpu, int k);
/* Registers in a 'g' packet (numbers 0 .. n-1). */
int guest_gdb_g_regs(void);
/* Register n's bytes into buf (at least 128: a vector register); returns their count, 0 for an
 * unknown register. */
int guest_gdb_read_reg(struct VCPU *cpu, int n, uint8_t *buf);
/* Set register n from len bytes; -1 for an unknown register or a wrong size. */
int guest_gdb_write_reg(struct VCPU *cpu, int n, const uint8_t *buf, int len);
/* cpu's target description (qXfer:features:read:target.xml); returns its length (may exceed
 * size, then out holds a prefix). */
size_t guest_gdb_target_xml(const struct VCPU *cpu, char *out, size_t size);
/* The guest-memory accesses of the instruction whose bytes are code (avail readable, from
 * cpu's pc) if cpu executed it now: fn once per access (address, length, reads, writes;
 * addresses as the instruction forms them, virtual). For watchpoints, checked before the
 * instruction runs. Returns 0 for an instruction that does not access memory (or is illegal,
 * or avail is short). */
typedef void (*GuestAccessFn)(void *opaque, uint64_t addr, uint64_t len, bool read, bool write);
int guest_gdb_accesses(const struct VCPU *cpu, const uint8_t *code, size_t avail,
                       GuestAccessFn fn, void *opaque);

#endif
