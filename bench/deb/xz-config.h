/* Hand-written config.h for building liblzma (Debian's xz-utils upstream source) into the xz
 * benchmark without running its configure script: single-threaded, LZMA1/LZMA2 codecs with the
 * usual match finders and the CRC32/CRC64/SHA-256 checks, generic C code paths only (no
 * x86-specific CLMUL/assembly CRC), so the same file works for riscv64 and x86-64 builds. */
#define PACKAGE_NAME "XZ Utils"
#define PACKAGE_URL ""
#define HAVE_STDBOOL_H 1
#define HAVE__BOOL 1
#define HAVE_STDINT_H 1
#define HAVE_INTTYPES_H 1
#define HAVE_LIMITS_H 1
#define HAVE_STRING_H 1
#define HAVE_STDLIB_H 1
#define SIZEOF_SIZE_T 8
#define HAVE_ENCODER_LZMA1 1
#define HAVE_DECODER_LZMA1 1
#define HAVE_ENCODER_LZMA2 1
#define HAVE_DECODER_LZMA2 1
#define HAVE_MF_HC3 1
#define HAVE_MF_HC4 1
#define HAVE_MF_BT2 1
#define HAVE_MF_BT3 1
#define HAVE_MF_BT4 1
#define HAVE_CHECK_CRC32 1
#define HAVE_CHECK_CRC64 1
#define HAVE_CHECK_SHA256 1
#define ASSUME_RAM 128
#define TUKLIB_SYMBOL_PREFIX lzma_
