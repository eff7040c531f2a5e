/*
 * Private to priv.c: maps csr.def's storage column to an offset in GuestPriv (a field name) or
 * FIELD_NONE (NONE). One macro per field the table names.
 */
#define CSR_FIELD_SEL_NONE          FIELD_NONE
#define CSR_FIELD_SEL_scounteren    FIELD_OF(scounteren)
#define CSR_FIELD_SEL_senvcfg       FIELD_OF(senvcfg)
#define CSR_FIELD_SEL_sscratch      FIELD_OF(sscratch)
#define CSR_FIELD_SEL_sepc          FIELD_OF(sepc)
#define CSR_FIELD_SEL_scause        FIELD_OF(scause)
#define CSR_FIELD_SEL_stval         FIELD_OF(stval)
#define CSR_FIELD_SEL_mhartid       FIELD_OF(mhartid)
#define CSR_FIELD_SEL_misa          FIELD_OF(misa)
#define CSR_FIELD_SEL_medeleg       FIELD_OF(medeleg)
#define CSR_FIELD_SEL_mideleg       FIELD_OF(mideleg)
#define CSR_FIELD_SEL_mie           FIELD_OF(mie)
#define CSR_FIELD_SEL_mcounteren    FIELD_OF(mcounteren)
#define CSR_FIELD_SEL_mcountinhibit FIELD_OF(mcountinhibit)
#define CSR_FIELD_SEL_mseccfg       FIELD_OF(mseccfg)
#define CSR_FIELD_SEL_mscratch      FIELD_OF(mscratch)
#define CSR_FIELD_SEL_mepc          FIELD_OF(mepc)
#define CSR_FIELD_SEL_mcause        FIELD_OF(mcause)
#define CSR_FIELD_SEL_mtval         FIELD_OF(mtval)
