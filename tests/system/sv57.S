/* Sv57 paging: see lib/paging.inc. */
#define LEVELS 5
#define SATP_MODE SATP_SV57
#include "lib/paging.inc"
