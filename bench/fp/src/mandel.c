/* Mandelbrot set (float): escape-time iteration over a W x W grid of the region
 * [-2.2, 0.8] x [-1.5, 1.5], up to 256 iterations per point, plus a zoomed double-precision
 * window near the boundary where the iteration counts are long. Branchy compare-heavy FP.
 * Prints the number of points inside and a checksum of all escape counts.
 * Size = W. */
#include "fpbench.h"

int main(int argc, char **argv)
{
    long w = bench_size(argc, argv, 600);
    const int maxit = 256;
    uint64_t h = MIX_INIT, inside = 0, total = 0;
    for (long py = 0; py < w; py++) {
        float ci = -1.5f + 3.0f * (float)py / (float)w;
        for (long px = 0; px < w; px++) {
            float cr = -2.2f + 3.0f * (float)px / (float)w;
            float zr = 0, zi = 0, zr2 = 0, zi2 = 0;
            int it = 0;
            while (it < maxit && zr2 + zi2 <= 4.0f) {
                zi = 2.0f * zr * zi + ci;
                zr = zr2 - zi2 + cr;
                zr2 = zr * zr;
                zi2 = zi * zi;
                it++;
            }
            inside += it == maxit;
            total += (uint64_t)it;
            h = mix64(h, (uint64_t)it);
        }
    }
    printf("mandel w=%ld float inside=%llu iters=%llu hash=%016llx\n", w, (unsigned long long)inside,
           (unsigned long long)total, (unsigned long long)h);
    /* Seahorse valley, double precision, one quarter of the points. */
    long w2 = w / 2;
    h = MIX_INIT; inside = 0; total = 0;
    for (long py = 0; py < w2; py++) {
        double ci = -0.15 + 0.05 * (double)py / (double)w2;
        for (long px = 0; px < w2; px++) {
            double cr = -0.78 + 0.05 * (double)px / (double)w2;
            double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
            int it = 0;
            while (it < 4 * maxit && zr2 + zi2 <= 4.0) {
                zi = 2.0 * zr * zi + ci;
                zr = zr2 - zi2 + cr;
                zr2 = zr * zr;
                zi2 = zi * zi;
                it++;
            }
            inside += it == 4 * maxit;
            total += (uint64_t)it;
            h = mix64(h, (uint64_t)it);
        }
    }
    printf("mandel w=%ld double inside=%llu iters=%llu hash=%016llx\n", w2, (unsigned long long)inside,
           (unsigned long long)total, (unsigned long long)h);
    return 0;
}
