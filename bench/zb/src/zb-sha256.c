/* bench/src/sha256.c built with the set's rv64-cflags (bench/zb/programs.txt) */
#include "../../src/sha256.c"
