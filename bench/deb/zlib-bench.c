/* zlib benchmark driver (zlib itself is Debian's upstream source, fetched by
 * scripts/fetch-debian.sh --source zlib): deflate a generated buffer at levels 1, 6 and 9,
 * inflate each result and check the round trip. Size = KiB of input. Prints compressed sizes
 * and the crc32 / adler32 of the input so every stage is covered by the output check. */
#include "gen.h"
#include "zlib.h"

int main(int argc, char **argv)
{
    size_t n = (size_t)bench_size(argc, argv, 4096) * 1024;
    uint8_t *in = xmalloc(n), *out = xmalloc(n);
    gen_input(in, n, 11);
    uLong bound = compressBound((uLong)n);
    uint8_t *z = xmalloc(bound);
    static const int levels[3] = {1, 6, 9};
    unsigned long sizes[3];
    int ok = 1;
    for (int l = 0; l < 3; l++) {
        uLongf zn = bound, on = (uLongf)n;
        if (compress2(z, &zn, in, (uLong)n, levels[l]) != Z_OK)
            ok = 0;
        if (uncompress(out, &on, z, zn) != Z_OK || on != n || memcmp(in, out, n))
            ok = 0;
        sizes[l] = zn;
    }
    printf("zlib %s kib=%zu sizes=%lu,%lu,%lu crc32=%08lx adler32=%08lx %s\n", zlibVersion(), n / 1024,
           sizes[0], sizes[1], sizes[2], crc32(0, in, (uInt)n), adler32(1, in, (uInt)n), ok ? "ok" : "BAD");
    return ok ? 0 : 1;
}
