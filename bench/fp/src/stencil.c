/* 2-D heat equation (float): Jacobi iteration of the 5-point stencil on a W x W grid with
 * fixed hot and cold boundary segments, 100 sweeps, then a float -> int conversion pass
 * (temperature histogram) and fmin/fmax-style clamping. Single precision throughout, to cover
 * the F extension alongside the D-heavy kernels. Prints the mean temperature, histogram and a
 * bit checksum. Size = W. */
#include "fpbench.h"

int main(int argc, char **argv)
{
    long w = bench_size(argc, argv, 400);
    float *g = xmalloc(sizeof(float) * w * w), *t = xmalloc(sizeof(float) * w * w);
    for (long i = 0; i < w * w; i++)
        g[i] = 20.0f;
    for (long i = 0; i < w; i++) {
        g[i] = 100.0f;                     /* top edge hot */
        g[(w - 1) * w + i] = 0.0f;         /* bottom edge cold */
        g[i * w] = i < w / 2 ? 80.0f : -10.0f;
        g[i * w + w - 1] = 35.5f;
    }
    memcpy(t, g, sizeof(float) * w * w);
    const float k = 0.2f;
    for (int it = 0; it < 100; it++) {
        for (long y = 1; y < w - 1; y++) {
            const float *r = g + y * w;
            float *o = t + y * w;
            for (long x = 1; x < w - 1; x++)
                o[x] = r[x] + k * (r[x - 1] + r[x + 1] + r[x - w] + r[x + w] - 4.0f * r[x]);
        }
        float *s = g; g = t; t = s;
    }
    uint64_t hist[12] = { 0 };
    double sum = 0;
    uint64_t h = MIX_INIT;
    for (long i = 0; i < w * w; i++) {
        float v = g[i];
        float c = v < 0.0f ? 0.0f : v > 99.0f ? 99.0f : v;
        hist[(int)(c / 9.0f)]++;
        sum += (double)v;
        if ((i & 15) == 0)
            h = mixf(h, v);
    }
    printf("stencil w=%ld mean=%.6f hist", w, sum / (double)(w * w));
    for (int i = 0; i < 12; i++)
        printf(" %llu", (unsigned long long)hist[i]);
    printf(" hash=%016llx\n", (unsigned long long)h);
    return 0;
}
