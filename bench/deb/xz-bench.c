/* xz benchmark driver (liblzma is Debian's xz-utils upstream source, fetched by
 * scripts/fetch-debian.sh --source xz-utils and built with bench/deb/xz-config.h): compress a
 * generated buffer into the .xz format at presets 1 and 6 (CRC64 check), decompress and check
 * the round trip. Size = KiB of input. Stresses the LZMA match finders (hash chains and binary
 * trees), range coder and price tables. */
#include "gen.h"
#include "lzma.h"

int main(int argc, char **argv)
{
    size_t n = (size_t)bench_size(argc, argv, 2048) * 1024;
    uint8_t *in = xmalloc(n), *out = xmalloc(n);
    gen_input(in, n, 33);
    size_t cap = lzma_stream_buffer_bound(n);
    uint8_t *z = xmalloc(cap);
    static const uint32_t presets[2] = {1, 6};
    size_t sizes[2];
    uint64_t h = MIX_INIT;
    int ok = 1;
    for (int p = 0; p < 2; p++) {
        size_t zn = 0, inpos = 0, on = 0;
        if (lzma_easy_buffer_encode(presets[p], LZMA_CHECK_CRC64, NULL, in, n, z, &zn, cap) != LZMA_OK)
            ok = 0;
        uint64_t memlimit = UINT64_MAX;
        if (lzma_stream_buffer_decode(&memlimit, 0, NULL, z, &inpos, zn, out, &on, n) != LZMA_OK ||
            on != n || inpos != zn || memcmp(in, out, n))
            ok = 0;
        sizes[p] = zn;
        for (size_t i = 0; i < zn; i += 7)
            h = mix64(h, z[i]);
    }
    printf("xz %s kib=%zu sizes=%zu,%zu hash=%016llx %s\n", lzma_version_string(), n / 1024, sizes[0], sizes[1],
           (unsigned long long)h, ok ? "ok" : "BAD");
    return ok ? 0 : 1;
}
