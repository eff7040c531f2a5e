#!/usr/bin/env bash
# Benchmark smoke suite for make check: every benchmark program once, at its smallest size,
# under $QELT, with stdout checked against bench/<set>/expected/. Prints PASS/FAIL/SKIP
# bench:NAME per program (programs needing a Debian source package SKIP when the mirror is
# unreachable). Cross-compiles missing guest binaries first (cached in $BUILD/bench/rv64).
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/../../bench/run.sh" --smoke
