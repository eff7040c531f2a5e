/*
 * Small library for the vector test programs (tests/vector/*.c): set and dump the vector
 * register file with whole-register loads/stores (vl8re8.v / vs8r.v), which work whatever
 * vtype is, and print memory. Output is hex, byte 0 first, so it reads the same at any SEW.
 * vt_init (call it first: it runs a vsetvli) finds VLEN; every other function leaves vtype and
 * vl as they are.
 */
#ifndef VTEST_H
#define VTEST_H

#include <stddef.h>
#include <stdint.h>

/* Finds VLEN (vsetvli's VLMAX at e8,m1: vtype and vl change). */
void vt_init(void);
/* VLEN/8 as vt_init found it. */
unsigned vt_vlenb(void);
/* Every byte of v0..v31 from a pseudo-random sequence seeded by seed. */
void vt_fill_regs(uint32_t seed);
/* v0..v31 to/from a buffer of 32 * vt_vlenb() bytes (register n at n * vlenb). */
void vt_save_regs(uint8_t *buf);
void vt_load_regs(const uint8_t *buf);
/* Prints "tag vN: <hex bytes>" for registers first .. first + n - 1. */
void vt_dump_regs(const char *tag, int first, int n);
/* Prints "tag: <hex bytes>" for len bytes at p. */
void vt_dump_mem(const char *tag, const void *p, size_t len);
/* FNV-1a hash of len bytes at p. */
uint64_t vt_hash(const void *p, size_t len);
/* Pseudo-random bytes (the same sequence as vt_fill_regs for the same seed). */
void vt_fill_mem(void *p, size_t len, uint32_t seed);

/* Faults in the middle of a vector access: vt_catch_segv installs a SIGSEGV handler that
 * records the fault address and the vstart the instruction left, then siglongjmps to
 * vt_fault_jb (set it with sigsetjmp(vt_fault_jb, 1) around the access). */
#include <setjmp.h>
extern sigjmp_buf vt_fault_jb;
extern volatile uintptr_t vt_fault_addr;
extern volatile unsigned long vt_fault_vstart;
void vt_catch_segv(void);

#endif
