/* bench/src/aes.c built with the set's rv64-cflags (bench/zb/programs.txt) */
#include "../../src/aes.c"
