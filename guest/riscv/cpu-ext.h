/*
 * The guest's ISA extensions (table: extensions.def): extension masks, -cpu parsing and the
 * facts Linux and the device tree report about them.
 *
 * An extension mask has bit RV_EXT_<id> set for each enabled row of extensions.def; FIXED rows
 * are always set. RVExt also numbers the EXTGROUP rows (after RV_EXT_NB_REAL), which insns.def
 * may name but which are not bits of a mask. Everything here is pure functions of the table and
 * their arguments (no global state): the mask travels in GuestTranslateEnv.isa_ext and in the
 * OS layer's options.
 */
#ifndef QELT_RISCV_CPU_EXT_H
#define QELT_RISCV_CPU_EXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum RVExt {
#define EXT(id, name, kind, hwprobe, dflt, implies) RV_EXT_##id,
#define EXTGROUP(id, all, a, b)
#include "extensions.def"
#undef EXT
#undef EXTGROUP
    RV_EXT_NB_REAL,
    RV_EXT_GROUP_BEFORE_FIRST = RV_EXT_NB_REAL - 1,
#define EXT(id, name, kind, hwprobe, dflt, implies)
#define EXTGROUP(id, all, a, b) RV_EXT_##id,
#include "extensions.def"
#undef EXT
#undef EXTGROUP
    RV_EXT_NB
} RVExt;

_Static_assert(RV_EXT_NB_REAL <= 64, "an extension mask holds at most 64 extensions");

#define RV_EXT_BIT(id) (1ULL << RV_EXT_##id)
/* Every row of the vector family (V, Zve*, Zv*): what a machine without vector state leaves
 * out of -cpu max. */
#define RV_EXT_VECTOR_MASK                                                                      \
    (RV_EXT_BIT(V) | RV_EXT_BIT(ZVBB) | RV_EXT_BIT(ZVBC) | RV_EXT_BIT(ZVE32F) |                \
     RV_EXT_BIT(ZVE32X) | RV_EXT_BIT(ZVE64D) | RV_EXT_BIT(ZVE64F) | RV_EXT_BIT(ZVE64X) |       \
     RV_EXT_BIT(ZVFH) | RV_EXT_BIT(ZVFHMIN) | RV_EXT_BIT(ZVKB) | RV_EXT_BIT(ZVKG) |            \
     RV_EXT_BIT(ZVKNED) | RV_EXT_BIT(ZVKNHA) | RV_EXT_BIT(ZVKNHB) | RV_EXT_BIT(ZVKSED) |       \
     RV_EXT_BIT(ZVKSH) | RV_EXT_BIT(ZVKT))

/* The guest's CPU properties other than its extensions (-cpu vlen=N; elen=64 and
 * vext_spec=v1.0 are accepted as the only values): one uint32_t, GuestTranslateEnv.cpu_cfg and
 * the OS layers' options carry it; 0 means every default. Bits 0-3: log2(VLEN / 8), 0 for the
 * default VLEN 128. */
#define RV_CFG_VLENB_SHIFT 0
static inline uint32_t rv_cfg_vlenb(uint32_t cfg)
{
    unsigned l = cfg >> RV_CFG_VLENB_SHIFT & 15;
    return 1u << (l ? l : 4);
}

uint64_t rv_isa_default(void);     /* no -cpu options (also what isa_ext == 0 stands for) */
uint64_t rv_isa_max(void);         /* -cpu max: everything qelt implements */
/* Parses a -cpu argument "model[,prop=value...]" (models rv64, any, max; value true/false,
 * on/off, yes/no; a bare prop means true; vlen=128|256|512|1024) into *isa and *cfg (cfg may
 * be NULL: then vlen= and the like are refused). False with a message in err for an unknown
 * model or property, a bad value, or turning a FIXED extension off. */
bool rv_isa_parse(const char *spec, uint64_t *isa, uint32_t *cfg, char *err, size_t errlen);
/* -cpu help: the models and properties with their defaults. */
void rv_isa_help(FILE *f);
/* Whether an instruction of insns.def row extension `ext` (a row or a group) is legal. */
bool rv_ext_allowed(uint64_t isa, int ext);
/* "rv64imafdc_zicbom_..." in Linux's order; returns the length (snprintf style). */
size_t rv_isa_string(uint64_t isa, char *buf, size_t len);
/* The enabled multi-letter names one at a time, for riscv,isa-extensions: the name of the
 * i-th enabled (non-hidden) row, or NULL past the end. */
const char *rv_isa_ext_name(uint64_t isa, int i);
uint64_t rv_isa_hwcap(uint64_t isa);          /* AT_HWCAP: single letters */
uint64_t rv_isa_hwprobe_ext0(uint64_t isa);   /* RISCV_HWPROBE_KEY_IMA_EXT_0 */

#endif
