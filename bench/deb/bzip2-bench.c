/* bzip2 benchmark driver (libbz2 is Debian's upstream source, fetched by
 * scripts/fetch-debian.sh --source bzip2): compress a generated buffer with 900k blocks,
 * decompress and check the round trip. Size = KiB of input. Stresses the Burrows-Wheeler sort
 * (blocksort.c) and Huffman coding. */
#include "gen.h"
#include "bzlib.h"

int main(int argc, char **argv)
{
    size_t n = (size_t)bench_size(argc, argv, 4096) * 1024;
    uint8_t *in = xmalloc(n), *out = xmalloc(n);
    gen_input(in, n, 22);
    unsigned int zn = (unsigned int)(n + n / 100 + 600), on = (unsigned int)n;
    char *z = xmalloc(zn);
    int ok = BZ2_bzBuffToBuffCompress(z, &zn, (char *)in, (unsigned int)n, 9, 0, 30) == BZ_OK;
    ok = ok && BZ2_bzBuffToBuffDecompress((char *)out, &on, z, zn, 0, 0) == BZ_OK;
    ok = ok && on == n && memcmp(in, out, n) == 0;
    uint64_t h = MIX_INIT;
    for (unsigned int i = 0; i < zn; i++)
        h = mix64(h, (uint8_t)z[i]);
    printf("bzip2 kib=%zu size=%u hash=%016llx %s\n", n / 1024, zn, (unsigned long long)h, ok ? "ok" : "BAD");
    return ok ? 0 : 1;
}
