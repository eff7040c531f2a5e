/* Dense matrix multiply: C = A*B for N x N matrices, in double (i-k-j loop order, the
 * cache-friendly one) and then in float with 64x64 blocking. Pure multiply/add streams, the
 * FP fast path's best case. Prints traces and bit checksums of both products.
 * Size = N. */
#include "fpbench.h"

int main(int argc, char **argv)
{
    long n = bench_size(argc, argv, 400);
    double *a = xmalloc(sizeof(double) * n * n), *b = xmalloc(sizeof(double) * n * n);
    double *c = xmalloc(sizeof(double) * n * n);
    rng_t r;
    rng_seed(&r, 12345);
    for (long i = 0; i < n * n; i++) {
        a[i] = rng_unit(&r) * 2 - 1;
        b[i] = rng_unit(&r) * 2 - 1;
        c[i] = 0;
    }
    for (long i = 0; i < n; i++)
        for (long k = 0; k < n; k++) {
            double aik = a[i * n + k];
            const double *bk = b + k * n;
            double *ci = c + i * n;
            for (long j = 0; j < n; j++)
                ci[j] += aik * bk[j];
        }
    double tr = 0;
    uint64_t h = MIX_INIT;
    for (long i = 0; i < n; i++)
        tr += c[i * n + i];
    for (long i = 0; i < n * n; i += 7)
        h = mixd(h, c[i]);
    printf("matmul n=%ld double trace=%.10g hash=%016llx\n", n, tr, (unsigned long long)h);

    float *fa = (float *)a, *fb = (float *)b, *fc = (float *)c; /* reuse the buffers */
    for (long i = 0; i < n * n; i++) {
        fa[i] = (float)(rng_unit(&r) * 2 - 1);
        fb[i] = (float)(rng_unit(&r) * 2 - 1);
        fc[i] = 0;
    }
    const long B = 64;
    for (long i0 = 0; i0 < n; i0 += B)
        for (long k0 = 0; k0 < n; k0 += B)
            for (long j0 = 0; j0 < n; j0 += B)
                for (long i = i0; i < i0 + B && i < n; i++)
                    for (long k = k0; k < k0 + B && k < n; k++) {
                        float aik = fa[i * n + k];
                        for (long j = j0; j < j0 + B && j < n; j++)
                            fc[i * n + j] += aik * fb[k * n + j];
                    }
    float ftr = 0;
    h = MIX_INIT;
    for (long i = 0; i < n; i++)
        ftr += fc[i * n + i];
    for (long i = 0; i < n * n; i += 7)
        h = mixf(h, fc[i]);
    printf("matmul n=%ld float trace=%.6g hash=%016llx\n", n, (double)ftr, (unsigned long long)h);
    return 0;
}
