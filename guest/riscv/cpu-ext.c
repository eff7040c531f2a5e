/*
 * The guest's ISA extensions: masks derived from extensions.def, -cpu parsing (QEMU's
 * "model,prop=value" spelling) and the extension facts Linux reports (AT_HWCAP, hwprobe's
 * IMA_EXT_0, the /proc/cpuinfo isa line).
 *
 * Flow: rv_isa_parse starts from the model's mask, applies each property in order, then closes
 * the mask under the table's `implies` column and sets the FIXED rows. Invariants: every
 * function is a pure function of the table and its arguments.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cpu-ext.h"
#include "guest.h"

enum { K_FIXED, K_OPT, K_HIDDEN };

typedef struct ExtRow {
    const char *name;
    int kind;
    int hwprobe;
    int dflt;
    const char *implies;
} ExtRow;

static const ExtRow ext_rows[RV_EXT_NB_REAL] = {
#define EXT(id, name, kind, hwprobe, dflt, implies) \
    [RV_EXT_##id] = { name, K_##kind, hwprobe, dflt, implies },
#define EXTGROUP(id, all, a, b)
#include "extensions.def"
#undef EXT
#undef EXTGROUP
};

typedef struct ExtGroup { bool all; uint64_t mask; } ExtGroup;

static const ExtGroup ext_groups[RV_EXT_NB - RV_EXT_NB_REAL] = {
#define EXT(id, name, kind, hwprobe, dflt, implies)
#define EXTGROUP(id, all, a, b) \
    [RV_EXT_##id - RV_EXT_NB_REAL] = { all, RV_EXT_BIT(a) | RV_EXT_BIT(b) },
#include "extensions.def"
#undef EXT
#undef EXTGROUP
};

static int find_row(const char *name, size_t len)
{
    for (int i = 0; i < RV_EXT_NB_REAL; i++)
        if (ext_rows[i].kind != K_HIDDEN && strlen(ext_rows[i].name) == len &&
            !strncasecmp(ext_rows[i].name, name, len))
            return i;
    return -1;
}

/* The mask with every implied extension added and the FIXED (and hidden) rows set. */
static uint64_t close_mask(uint64_t isa)
{
    for (int i = 0; i < RV_EXT_NB_REAL; i++)
        if (ext_rows[i].kind != K_OPT)
            isa |= 1ULL << i;
    for (bool changed = true; changed;) {
        changed = false;
        for (int i = 0; i < RV_EXT_NB_REAL; i++) {
            if (!(isa >> i & 1))
                continue;
            for (const char *p = ext_rows[i].implies; *p;) {
                size_t n = strcspn(p, ",");
                int j = find_row(p, n);
                if (j >= 0 && !(isa >> j & 1)) {
                    isa |= 1ULL << j;
                    changed = true;
                }
                p += n + (p[n] == ',');
            }
        }
    }
    return isa;
}

uint64_t rv_isa_default(void)
{
    uint64_t m = 0;
    for (int i = 0; i < RV_EXT_NB_REAL; i++)
        if (ext_rows[i].dflt)
            m |= 1ULL << i;
    return close_mask(m);
}

uint64_t rv_isa_max(void)
{
    return close_mask(~0ULL >> (64 - RV_EXT_NB_REAL));
}

static const struct { const char *name; bool max; const char *help; } models[] = {
    { "rv64", false, "the default extensions (RVA22U64 as far as qelt implements it)" },
    { "any",  false, "same as rv64" },
    { "max",  true,  "every extension qelt implements" },
};

static int parse_bool(const char *v)
{
    static const char *const yes[] = { "true", "on", "yes", "1" }, *const no[] = { "false", "off", "no", "0" };
    for (size_t i = 0; i < 4; i++) {
        if (!strcasecmp(v, yes[i]))
            return 1;
        if (!strcasecmp(v, no[i]))
            return 0;
    }
    return -1;
}

/* The -cpu properties that are not extensions: true when p (name of length nlen, value val)
 * is one of them, with *cfg updated or a message in err (*bad set). */
static bool parse_cfg_prop(const char *p, size_t nlen, const char *val, uint32_t *cfg,
                           bool *bad, char *err, size_t errlen)
{
    *bad = false;
    if (nlen == 4 && !strncasecmp(p, "vlen", 4)) {
        char *end;
        unsigned long v = strtoul(val, &end, 10);
        unsigned l = 0;
        while (l < 8 && (128ul << l) != v)
            l++;
        if (*end || !*val || l == 8 || v > 1024) {
            snprintf(err, errlen, "bad value '%s' for CPU property 'vlen' (128, 256, 512 or "
                     "1024)", val);
            *bad = true;
        } else if (cfg) {
            *cfg = (*cfg & ~(15u << RV_CFG_VLENB_SHIFT)) | (l + 4) << RV_CFG_VLENB_SHIFT;
        }
        return true;
    }
    if (nlen == 4 && !strncasecmp(p, "elen", 4)) {
        if (strcmp(val, "64")) {
            snprintf(err, errlen, "bad value '%s' for CPU property 'elen' (qelt implements "
                     "ELEN 64)", val);
            *bad = true;
        }
        return true;
    }
    if (nlen == 9 && !strncasecmp(p, "vext_spec", 9)) {
        if (strcmp(val, "v1.0")) {
            snprintf(err, errlen, "bad value '%s' for CPU property 'vext_spec' (v1.0)", val);
            *bad = true;
        }
        return true;
    }
    return false;
}

bool rv_isa_parse(const char *spec, uint64_t *isa, uint32_t *cfg, char *err, size_t errlen)
{
    size_t n = strcspn(spec, ",");
    size_t k;
    for (k = 0; k < sizeof models / sizeof models[0]; k++)
        if (strlen(models[k].name) == n && !strncmp(models[k].name, spec, n))
            break;
    if (k == sizeof models / sizeof models[0]) {
        snprintf(err, errlen, "unknown CPU model '%.*s' (try -cpu help)", (int)n, spec);
        return false;
    }
    uint64_t m = models[k].max ? rv_isa_max() : rv_isa_default();
    for (const char *p = spec + n; *p == ',';) {
        p++;
        size_t len = strcspn(p, ",");
        size_t nlen = strcspn(p, "=,");
        char val[24] = "true";
        if (nlen < len) {
            size_t vlen = len - nlen - 1;
            if (vlen >= sizeof val)
                vlen = sizeof val - 1;
            memcpy(val, p + nlen + 1, vlen);
            val[vlen] = 0;
        }
        bool bad;
        if (cfg && parse_cfg_prop(p, nlen, val, cfg, &bad, err, errlen)) {
            if (bad)
                return false;
            p += len;
            continue;
        }
        int row = find_row(p, nlen);
        int on = parse_bool(val);
        if (row < 0) {
            snprintf(err, errlen, "unknown CPU property '%.*s' (try -cpu help)", (int)nlen, p);
            return false;
        }
        if (on < 0) {
            snprintf(err, errlen, "bad value '%.*s' for CPU property '%s' (true or false)",
                     (int)(len - nlen - (nlen < len)), p + nlen + (nlen < len), ext_rows[row].name);
            return false;
        }
        if (ext_rows[row].kind == K_FIXED && !on) {
            snprintf(err, errlen, "CPU property '%s' cannot be turned off (qelt always "
                     "implements rv64gc)", ext_rows[row].name);
            return false;
        }
        if (on)
            m |= 1ULL << row;
        else
            m &= ~(1ULL << row);
        p += len;
    }
    *isa = close_mask(m);
    return true;
}

void rv_isa_help(FILE *f)
{
    uint64_t dflt = rv_isa_default();
    fprintf(f, "Available CPUs:\n");
    for (size_t k = 0; k < sizeof models / sizeof models[0]; k++)
        fprintf(f, "  %-6s %s\n", models[k].name, models[k].help);
    fprintf(f, "\nCPU properties (-cpu MODEL,PROP=true|false,...; default in brackets):\n");
    for (int i = 0; i < RV_EXT_NB_REAL; i++) {
        if (ext_rows[i].kind == K_HIDDEN)
            continue;
        fprintf(f, "  %-12s [%s]%s\n", ext_rows[i].name, dflt >> i & 1 ? "on" : "off",
                ext_rows[i].kind == K_FIXED ? " (always on)" : "");
    }
    fprintf(f, "  %-12s [128] vector register length in bits: 128, 256, 512 or 1024\n", "vlen");
    fprintf(f, "  %-12s [64] (the only value)\n", "elen");
    fprintf(f, "  %-12s [v1.0] (the only value)\n", "vext_spec");
}

bool rv_ext_allowed(uint64_t isa, int ext)
{
    if (ext < RV_EXT_NB_REAL)
        return isa >> ext & 1;
    const ExtGroup *g = &ext_groups[ext - RV_EXT_NB_REAL];
    return g->all ? (isa & g->mask) == g->mask : (isa & g->mask) != 0;
}

const char *rv_isa_ext_name(uint64_t isa, int i)
{
    for (int r = 0; r < RV_EXT_NB_REAL; r++) {
        if (ext_rows[r].kind == K_HIDDEN || !(isa >> r & 1))
            continue;
        if (i-- == 0)
            return ext_rows[r].name;
    }
    return NULL;
}

size_t rv_isa_string(uint64_t isa, char *buf, size_t len)
{
    size_t n = (size_t)snprintf(buf, len, "rv64");
    const char *name;
    for (int i = 0; (name = rv_isa_ext_name(isa, i)); i++) {
        const char *sep = name[1] ? "_" : "";
        n += (size_t)snprintf(n < len ? buf + n : NULL, n < len ? len - n : 0, "%s%s", sep, name);
    }
    return n;
}

uint64_t rv_isa_hwcap(uint64_t isa)
{
    uint64_t h = 0;
    for (int i = 0; i < RV_EXT_NB_REAL; i++)
        if ((isa >> i & 1) && ext_rows[i].kind != K_HIDDEN && !ext_rows[i].name[1])
            h |= 1ULL << (ext_rows[i].name[0] - 'a');
    return h;
}

uint64_t rv_isa_hwprobe_ext0(uint64_t isa)
{
    uint64_t v = 0;
    for (int i = 0; i < RV_EXT_NB_REAL; i++)
        if ((isa >> i & 1) && ext_rows[i].hwprobe >= 0)
            v |= 1ULL << ext_rows[i].hwprobe;
    return v;
}

uint64_t guest_isa_default(void)
{
    return rv_isa_default();
}
