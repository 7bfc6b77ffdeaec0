/*
 * Vector API implementation of FloatGemm, BLIS-style: C += op(A) op(B) computed as a sum of
 * register tiles, each tile an outer-product accumulation over a block of the reduction.
 *
 * Math. For a tile of MR rows x NR = 2 vectors of columns and a reduction block [pc, pc+kc):
 *   acc[r][j] = sum_{p in block} A[i0+r, p] * B[p, j0+j]    (fused multiply-add, p ascending)
 *   C[i0+r, j0+j] += acc[r][j]                               (once per block)
 * Each step p broadcasts A[i0+r, p] for the MR rows and loads B[p, j0..j0+NR) as two vectors,
 * so one step is 2*MR independent FMAs on 2*MR accumulators that live in registers for the
 * whole block: with MR = 8 that is 16 chains, enough to cover the FMA latency (4 cycles) on
 * two FMA pipes, and 10 loads per 16 FMAs.
 *
 * Packing. The operands are copied into panels so that the tile loop reads memory strictly
 * sequentially whatever the transposes and leading dimensions: A into panels of MR rows stored
 * p-major ((p, r) at p*MR + r), B into panels of NR columns stored p-major ((p, j) at
 * p*NR + j). Partial panels are zero-padded, so the tile loop never has a tail; a tile that
 * sticks out of C is accumulated into a small scratch tile and only its valid part added to C.
 * Rows left over at the bottom of C (1..7) go in groups of 4, 2 and 1 rows through tiles
 * that span 1, 2 and 4 B panels, so that every tile keeps 8 or more independent chains.
 *
 * Blocking (Zen 4/5 sizes: 32-48 KB L1D, 1 MB L2): the reduction is cut into KC = 256 blocks,
 * so a B panel (KC x NR floats, 32 KB at 512 bits) stays in L1 while the A panels of an MC x KC
 * block (128 KB) stream from L2; NC bounds the packed B block (KC x NC floats, 2 MB).
 *
 * Exactness. Every element, whichever tile variant, scratch tile or small-problem loop computes
 * it, gets the same arithmetic: per KC block an FMA chain from zero in p order, then one add
 * into C. The sum never depends on which other rows or columns share a call, so splitting C
 * over threads (on whole-tile boundaries) gives bit-identical results for any thread count.
 *
 * Packed operands (prepacked inference weights) are the same panels over the full k, so the
 * blocked loop reads them in place. Which side the weights should go on was measured with the
 * JMH FloatGemmBenchmark at the reference shapes (see the bench module): with the weights as
 * B (n = output channels, a multiple of NR for every reference layer) no tile is wasted,
 * whereas weights as A (n = output positions: 49, 25, 9 per patch) pad the last B panel.
 *
 * Pitfalls avoided (DESIGN.md section 6): each tile is one flat method with no vector-typed
 * parameters or results (a non-inlined helper would box vectors); no masks, no reduceLanes,
 * no allocation in the loops (packing buffers are per thread and grow-only); the species is a
 * static final constant so C2 folds its length.
 */
package dev.hsiq.kernels.panama;

import dev.hsiq.kernels.FloatGemm;
import dev.hsiq.kernels.FloatGemm.IndexedMatrix;
import dev.hsiq.kernels.GemmChecks;
import dev.hsiq.kernels.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;
import java.util.Objects;

public final class PanamaFloatGemm implements FloatGemm {

    private static final VectorSpecies<Float> S = PanamaSupport.floats();
    /** Lanes per vector. */
    private static final int L = S.length();
    /** Species for copying one A panel row of MR = 8 floats: at most 256 bits. */
    private static final VectorSpecies<Float> SA = S.vectorBitSize() > 256 ? FloatVector.SPECIES_256 : S;
    private static final int LA = SA.length();
    /** Rows of a register tile. */
    static final int MR = 8;
    /** Columns of a register tile: two vectors. */
    static final int NR = 2 * L;
    /** Reduction block. */
    static final int KC = 256;
    /** Rows of a packed A block (a multiple of MR). */
    static final int MC = 128;
    /** Columns of a packed B block (a multiple of NR for every width). */
    static final int NC = 2048;
    /** Problems with at most this many multiply-adds skip packing. */
    static final long SMALL_MACS = 4096;
    /** Parallel calls with fewer multiply-adds per thread than this run sequentially. */
    static final long MIN_MACS_PER_TASK = 1L << 18;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    public PanamaFloatGemm() {
    }

    /** Per-thread packing buffers, grown on demand and reused by every later call. */
    private static final class Workspace {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[MR * NR];

        float[] a(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }

        float[] b(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }
    }

    /** Panels over the full reduction: A panels of MR rows or B panels of NR columns. */
    private static final class Packed implements PackedMatrix {
        final float[] data;
        final int rows;
        final int cols;
        final boolean left;

        Packed(float[] data, int rows, int cols, boolean left) {
            this.data = data;
            this.rows = rows;
            this.cols = cols;
            this.left = left;
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public int cols() {
            return cols;
        }

        @Override
        public boolean isLeft() {
            return left;
        }

        @Override
        public String toString() {
            return "PanamaFloatGemm.Packed[" + (left ? "A " : "B ") + rows + " x " + cols + "]";
        }
    }

    // ------------------------------------------------------------------ public entry points

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc) {
        GemmChecks.check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        if ((long) m * n * k <= SMALL_MACS) {
            small(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        blocked(transA, transB, k, a, aOff, lda, null, b, bOff, ldb, null, null, c, cOff, ldc, 0, m, 0, n, WORKSPACE.get());
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, Parallel parallel) {
        GemmChecks.check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        if ((long) m * n * k <= SMALL_MACS) {
            small(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            return;
        }
        // Splitting along n makes every task pack all of A, along m all of B: duplicate the smaller.
        boolean alongM = m > n;
        int tasks = taskCount(parallel, m, n, k, alongM);
        if (tasks <= 1) {
            blocked(transA, transB, k, a, aOff, lda, null, b, bOff, ldb, null, null, c, cOff, ldc, 0, m, 0, n, WORKSPACE.get());
            return;
        }
        runSplit(parallel, tasks, m, n, alongM, (i0, i1, j0, j1, ws) ->
                blocked(transA, transB, k, a, aOff, lda, null, b, bOff, ldb, null, null, c, cOff, ldc, i0, i1, j0, j1, ws));
    }

    @Override
    public PackedMatrix packA(boolean transA, int m, int k, float[] a, int aOff, int lda) {
        if (transA) {
            GemmChecks.block("A^T", a.length, aOff, k, m, lda);
        } else {
            GemmChecks.block("A", a.length, aOff, m, k, lda);
        }
        float[] data = new float[Math.multiplyExact(roundUp(m, MR), k)];
        if (m > 0 && k > 0) {
            packA(transA, a, aOff, lda, 0, m, 0, k, data);
        }
        return new Packed(data, m, k, true);
    }

    @Override
    public PackedMatrix packB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        if (transB) {
            GemmChecks.block("B^T", b.length, bOff, n, k, ldb);
        } else {
            GemmChecks.block("B", b.length, bOff, k, n, ldb);
        }
        float[] data = new float[Math.multiplyExact(roundUp(n, NR), k)];
        if (n > 0 && k > 0) {
            packB(transB, b, bOff, ldb, 0, k, 0, n, data);
        }
        return new Packed(data, k, n, false);
    }

    @Override
    public void gemmPackedA(PackedMatrix a, boolean transB, int n, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc, Parallel parallel) {
        Packed pa = own(a, true);
        int m = pa.rows;
        int k = pa.cols;
        if (transB) {
            GemmChecks.block("B^T", b.length, bOff, n, k, ldb);
        } else {
            GemmChecks.block("B", b.length, bOff, k, n, ldb);
        }
        GemmChecks.block("C", c.length, cOff, m, n, ldc);
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        int tasks = taskCount(parallel, m, n, k, false);
        if (tasks <= 1) {
            blocked(false, transB, k, null, 0, 0, pa, b, bOff, ldb, null, null, c, cOff, ldc, 0, m, 0, n, WORKSPACE.get());
            return;
        }
        runSplit(parallel, tasks, m, n, false, (i0, i1, j0, j1, ws) ->
                blocked(false, transB, k, null, 0, 0, pa, b, bOff, ldb, null, null, c, cOff, ldc, i0, i1, j0, j1, ws));
    }

    @Override
    public void gemmPackedB(boolean transA, int m, float[] a, int aOff, int lda, PackedMatrix b,
                            float[] c, int cOff, int ldc, Parallel parallel) {
        Packed pb = own(b, false);
        int k = pb.rows;
        int n = pb.cols;
        if (transA) {
            GemmChecks.block("A^T", a.length, aOff, k, m, lda);
        } else {
            GemmChecks.block("A", a.length, aOff, m, k, lda);
        }
        GemmChecks.block("C", c.length, cOff, m, n, ldc);
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        int tasks = taskCount(parallel, m, n, k, true);
        if (tasks <= 1) {
            blocked(transA, false, k, a, aOff, lda, null, null, 0, 0, pb, null, c, cOff, ldc, 0, m, 0, n, WORKSPACE.get());
            return;
        }
        runSplit(parallel, tasks, m, n, true, (i0, i1, j0, j1, ws) ->
                blocked(transA, false, k, a, aOff, lda, null, null, 0, 0, pb, null, c, cOff, ldc, i0, i1, j0, j1, ws));
    }

    @Override
    public void gemmIndexedB(boolean transA, int m, float[] a, int aOff, int lda, IndexedMatrix b,
                             float[] c, int cOff, int ldc, Parallel parallel) {
        int k = b.rows();
        int n = b.cols();
        if (transA) {
            GemmChecks.block("A^T", a.length, aOff, k, m, lda);
        } else {
            GemmChecks.block("A", a.length, aOff, m, k, lda);
        }
        GemmChecks.block("C", c.length, cOff, m, n, ldc);
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        boolean alongM = m > n;
        int tasks = taskCount(parallel, m, n, k, alongM);
        if (tasks <= 1) {
            blocked(transA, false, k, a, aOff, lda, null, null, 0, 0, null, b, c, cOff, ldc, 0, m, 0, n, WORKSPACE.get());
            return;
        }
        runSplit(parallel, tasks, m, n, alongM, (i0, i1, j0, j1, ws) ->
                blocked(transA, false, k, a, aOff, lda, null, null, 0, 0, null, b, c, cOff, ldc, i0, i1, j0, j1, ws));
    }

    @Override
    public void gemmPackedAIndexedB(PackedMatrix a, IndexedMatrix b, float[] c, int cOff, int ldc, Parallel parallel) {
        Packed pa = own(a, true);
        int m = pa.rows;
        int k = pa.cols;
        int n = b.cols();
        if (b.rows() != k) {
            throw new IllegalArgumentException("packed A is " + m + " x " + k + ", indexed B " + b.rows() + " x " + n);
        }
        GemmChecks.block("C", c.length, cOff, m, n, ldc);
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        int tasks = taskCount(parallel, m, n, k, false);
        if (tasks <= 1) {
            blocked(false, false, k, null, 0, 0, pa, null, 0, 0, null, b, c, cOff, ldc, 0, m, 0, n, WORKSPACE.get());
            return;
        }
        runSplit(parallel, tasks, m, n, false, (i0, i1, j0, j1, ws) ->
                blocked(false, false, k, null, 0, 0, pa, null, 0, 0, null, b, c, cOff, ldc, i0, i1, j0, j1, ws));
    }

    private static Packed own(PackedMatrix p, boolean left) {
        Objects.requireNonNull(p, "packed matrix");
        if (!(p instanceof Packed packed)) {
            throw new IllegalArgumentException("packed matrix was made by another FloatGemm implementation: " + p);
        }
        if (packed.left != left) {
            throw new IllegalArgumentException("packed matrix was packed as the " + (packed.left ? "left" : "right")
                    + " operand, used as the " + (left ? "left" : "right") + " one");
        }
        return packed;
    }

    // ------------------------------------------------------------------ parallel split

    /** One task's share of C: rows [i0, i1), columns [j0, j1), run with the thread's buffers. */
    @FunctionalInterface
    private interface BlockTask {
        void run(int i0, int i1, int j0, int j1, Workspace ws);
    }

    /**
     * How many strips of whole tiles (along m when {@code alongM}, else along n) to cut C
     * into: at most parallel.threads(), and 1 for a problem too small to pay for a thread.
     */
    private static int taskCount(Parallel parallel, int m, int n, int k, boolean alongM) {
        if (parallel.threads() <= 1) {
            return 1;
        }
        int panels = alongM ? ceilDiv(m, MR) : ceilDiv(n, NR);
        long macs = (long) m * n * k;
        return (int) Math.min(Math.min(parallel.threads(), panels), Math.max(1, macs / MIN_MACS_PER_TASK));
    }

    /** Runs {@code tasks} strips of whole tiles of C on parallel, each with its thread's buffers. */
    private static void runSplit(Parallel parallel, int tasks, int m, int n, boolean alongM, BlockTask task) {
        int panels = alongM ? ceilDiv(m, MR) : ceilDiv(n, NR);
        int unit = alongM ? MR : NR;
        int extent = alongM ? m : n;
        parallel.forEach(tasks, t -> {
            int from = (int) ((long) panels * t / tasks) * unit;
            int to = Math.min(extent, (int) ((long) panels * (t + 1) / tasks) * unit);
            if (alongM) {
                task.run(from, to, 0, n, WORKSPACE.get());
            } else {
                task.run(0, m, from, to, WORKSPACE.get());
            }
        });
    }

    // ------------------------------------------------------------------ small problems

    /** Unpacked loop for tiny problems, with the same per-element arithmetic as the tiles. */
    private static void small(boolean transA, boolean transB, int m, int n, int k,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc) {
        for (int pc = 0; pc < k; pc += KC) {
            int pe = Math.min(k, pc + KC);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float acc = 0f;
                    for (int p = pc; p < pe; p++) {
                        float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                        acc = Math.fma(av, bv, acc);
                    }
                    c[cOff + i * ldc + j] += acc;
                }
            }
        }
    }

    // ------------------------------------------------------------------ blocked driver

    /**
     * C[i0..i1, j0..j1] += op(A) op(B) over the full reduction k. A comes from (a, aOff, lda,
     * transA) or, when pa is not null, from its panels; likewise B, which may also be an
     * indexed matrix ib. i0 is a multiple of MR and
     * j0 of NR, so a strip starts on a panel of a packed operand.
     */
    private static void blocked(boolean transA, boolean transB, int k,
                                float[] a, int aOff, int lda, Packed pa,
                                float[] b, int bOff, int ldb, Packed pb, IndexedMatrix ib,
                                float[] c, int cOff, int ldc,
                                int i0, int i1, int j0, int j1, Workspace ws) {
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float[] bBuf;
                int bBase;
                int bStride;
                if (pb != null) {
                    bBuf = pb.data;
                    bBase = (jc / NR) * NR * k + pc * NR;
                    bStride = NR * k;
                } else {
                    bBuf = ws.b(roundUp(nc, NR) * kc);
                    if (ib != null) {
                        packBIndexed(ib, pc, kc, jc, nc, bBuf);
                    } else {
                        packB(transB, b, bOff, ldb, pc, kc, jc, nc, bBuf);
                    }
                    bBase = 0;
                    bStride = NR * kc;
                }
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    float[] aBuf;
                    int aBase;
                    int aStride;
                    if (pa != null) {
                        aBuf = pa.data;
                        aBase = (ic / MR) * MR * k + pc * MR;
                        aStride = MR * k;
                    } else {
                        aBuf = ws.a(roundUp(mc, MR) * kc);
                        packA(transA, a, aOff, lda, ic, mc, pc, kc, aBuf);
                        aBase = 0;
                        aStride = MR * kc;
                    }
                    macro(mc, nc, kc, aBuf, aBase, aStride, bBuf, bBase, bStride, c, cOff + ic * ldc + jc, ldc, ws.tile);
                }
            }
        }
    }

    /** All tiles of an mc x nc block of C for one reduction block of length kc. */
    private static void macro(int mc, int nc, int kc, float[] ap, int aBase, int aStride,
                              float[] bp, int bBase, int bStride, float[] c, int cBase, int ldc, float[] tile) {
        int mFull = mc - mc % MR;
        for (int jr = 0, jp = 0; jr < nc; jr += NR, jp++) {
            int nr = Math.min(NR, nc - jr);
            int bi = bBase + jp * bStride;
            for (int ir = 0, ip = 0; ir < mFull; ir += MR, ip++) {
                int ai = aBase + ip * aStride;
                int ci = cBase + ir * ldc + jr;
                if (nr == NR) {
                    kernel8(kc, ap, ai, bp, bi, c, ci, ldc);
                } else {
                    edgeTile(MR, nr, kc, ap, ai, bp, bi, c, ci, ldc, tile);
                }
            }
        }
        if (mFull < mc) {
            tailRows(mc - mFull, nc, kc, ap, aBase + (mFull / MR) * aStride, bp, bBase, bStride,
                    c, cBase + mFull * ldc, ldc, tile);
        }
    }

    /**
     * The last mt (1..7) rows of a block, in row groups of 4, 2 and 1, each group with a tile
     * of 8 accumulators (4 rows x 1 panel, 2 x 2 panels, 1 x 4 panels) so that the FMA
     * latency stays covered: a 1-row tile over one panel has only 2 chains and runs at a
     * quarter of the rate. This matters for the per-patch layers, whose 49, 25 and 9 output
     * positions all leave one row, and for dense layers on a single sample.
     */
    private static void tailRows(int mt, int nc, int kc, float[] ap, int ai, float[] bp, int bBase, int bStride,
                                 float[] c, int ci, int ldc, float[] tile) {
        int fullPanels = nc / NR;
        int r = 0;
        if (mt >= 4) {
            for (int q = 0; q < fullPanels; q++) {
                kernel4(kc, ap, ai, bp, bBase + q * bStride, c, ci + q * NR, ldc);
            }
            r = 4;
        }
        if (mt - r >= 2) {
            int q = 0;
            for (; q + 2 <= fullPanels; q += 2) {
                kernel2x2(kc, ap, ai + r, bp, bBase + q * bStride, bStride, c, ci + r * ldc + q * NR, ldc);
            }
            for (; q < fullPanels; q++) {
                kernel2(kc, ap, ai + r, bp, bBase + q * bStride, c, ci + r * ldc + q * NR, ldc);
            }
            r += 2;
        }
        if (mt - r == 1) {
            int q = 0;
            for (; q + 4 <= fullPanels; q += 4) {
                kernel1x4(kc, ap, ai + r, bp, bBase + q * bStride, bStride, c, ci + r * ldc + q * NR, ldc);
            }
            for (; q < fullPanels; q++) {
                kernel1(kc, ap, ai + r, bp, bBase + q * bStride, c, ci + r * ldc + q * NR, ldc);
            }
        }
        if (fullPanels * NR < nc) {
            edgeTile(mt, nc - fullPanels * NR, kc, ap, ai, bp, bBase + fullPanels * bStride,
                    c, ci + fullPanels * NR, ldc, tile);
        }
    }

    /**
     * A tile that sticks out of C: accumulate the smallest covering variant into the zeroed
     * scratch tile (0 + acc == acc exactly), then add the valid mr x nr part to C.
     */
    private static void edgeTile(int mr, int nr, int kc, float[] ap, int ai, float[] bp, int bi,
                                 float[] c, int ci, int ldc, float[] tile) {
        Arrays.fill(tile, 0f);
        if (mr > 4) {
            kernel8(kc, ap, ai, bp, bi, tile, 0, NR);
        } else if (mr > 2) {
            kernel4(kc, ap, ai, bp, bi, tile, 0, NR);
        } else if (mr == 2) {
            kernel2(kc, ap, ai, bp, bi, tile, 0, NR);
        } else {
            kernel1(kc, ap, ai, bp, bi, tile, 0, NR);
        }
        for (int r = 0; r < mr; r++) {
            int row = ci + r * ldc;
            for (int j = 0; j < nr; j++) {
                c[row + j] += tile[r * NR + j];
            }
        }
    }

    // ------------------------------------------------------------------ packing

    /**
     * Packs rows [ic, ic+mc) x reduction [pc, pc+kc) of op(A) into panels of MR rows:
     * panel q at q*MR*kc, element (p, r) at + p*MR + r; rows past mc are zero.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, float[] dst) {
        for (int i = 0, q = 0; i < mc; i += MR, q++) {
            int mr = Math.min(MR, mc - i);
            int base = q * MR * kc;
            if (transA) {
                // A(i, p) = a[aOff + p*lda + i]: each step p copies MR contiguous floats
                int src = aOff + pc * lda + ic + i;
                if (mr == MR) {
                    for (int p = 0; p < kc; p++) {
                        copyRowOfMr(a, src + p * lda, dst, base + p * MR);
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        int s = src + p * lda;
                        int d = base + p * MR;
                        for (int r = 0; r < mr; r++) {
                            dst[d + r] = a[s + r];
                        }
                        for (int r = mr; r < MR; r++) {
                            dst[d + r] = 0f;
                        }
                    }
                }
            } else if (mr == MR) {
                // A(i, p) = a[aOff + i*lda + p]: a transpose; read the MR rows side by side so
                // that each step p writes one contiguous group of MR floats
                transposeEight(a, aOff + (ic + i) * lda + pc, lda, kc, dst, base, MR);
            } else {
                for (int r = 0; r < MR; r++) {
                    int s = aOff + (ic + i + r) * lda + pc;
                    int d = base + r;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * MR] = r < mr ? a[s + p] : 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs reduction [pc, pc+kc) x columns [jc, jc+nc) of op(B) into panels of NR columns:
     * panel q at q*NR*kc, element (p, j) at + p*NR + j; columns past nc are zero.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] dst) {
        for (int j = 0, q = 0; j < nc; j += NR, q++) {
            int nr = Math.min(NR, nc - j);
            int base = q * NR * kc;
            if (!transB) {
                // B(p, j) = b[bOff + p*ldb + j]: each step p copies one row segment of the panel
                int src = bOff + pc * ldb + jc + j;
                if (nr == NR) {
                    for (int p = 0; p < kc; p++) {
                        int s = src + p * ldb;
                        int d = base + p * NR;
                        FloatVector.fromArray(S, b, s).intoArray(dst, d);
                        FloatVector.fromArray(S, b, s + L).intoArray(dst, d + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        int s = src + p * ldb;
                        int d = base + p * NR;
                        for (int jj = 0; jj < nr; jj++) {
                            dst[d + jj] = b[s + jj];
                        }
                        for (int jj = nr; jj < NR; jj++) {
                            dst[d + jj] = 0f;
                        }
                    }
                }
            } else {
                // B(p, j) = b[bOff + j*ldb + p]: a transpose, eight stored rows at a time
                int src = bOff + (jc + j) * ldb + pc;
                int jj = 0;
                for (; jj + 8 <= nr; jj += 8) {
                    transposeEight(b, src + jj * ldb, ldb, kc, dst, base + jj, NR);
                }
                for (; jj < NR; jj++) {
                    int s = src + jj * ldb;
                    int d = base + jj;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * NR] = jj < nr ? b[s + p] : 0f;
                    }
                }
            }
        }
    }

    /**
     * packB for an indexed matrix, B(p, j) = x[rowOffsets[p] + colOffsets[j]]: a panel whose NR
     * column offsets are consecutive (a run of output positions in one image row) is copied
     * with two plain vector loads per step p, any other with two gathers; the partial last
     * panel element by element, zero-padded.
     */
    static void packBIndexed(IndexedMatrix m, int pc, int kc, int jc, int nc, float[] dst) {
        float[] x = m.x();
        int[] rowOff = m.rowOffsets();
        int[] colOff = m.colOffsets();
        for (int j = 0, q = 0; j < nc; j += NR, q++) {
            int nr = Math.min(NR, nc - j);
            int base = q * NR * kc;
            int j0 = jc + j;
            if (nr == NR && consecutive(colOff, j0, NR)) {
                int c0 = colOff[j0];
                for (int p = 0; p < kc; p++) {
                    int s = rowOff[pc + p] + c0;
                    int d = base + p * NR;
                    FloatVector.fromArray(S, x, s).intoArray(dst, d);
                    FloatVector.fromArray(S, x, s + L).intoArray(dst, d + L);
                }
            } else if (nr == NR) {
                for (int p = 0; p < kc; p++) {
                    int r = rowOff[pc + p];
                    int d = base + p * NR;
                    FloatVector.fromArray(S, x, r, colOff, j0).intoArray(dst, d);
                    FloatVector.fromArray(S, x, r, colOff, j0 + L).intoArray(dst, d + L);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int r = rowOff[pc + p];
                    int d = base + p * NR;
                    for (int jj = 0; jj < nr; jj++) {
                        dst[d + jj] = x[r + colOff[j0 + jj]];
                    }
                    for (int jj = nr; jj < NR; jj++) {
                        dst[d + jj] = 0f;
                    }
                }
            }
        }
    }

    /** True when v[from + i] = v[from] + i for i in 0..len-1. */
    private static boolean consecutive(int[] v, int from, int len) {
        int first = v[from];
        for (int i = 1; i < len; i++) {
            if (v[from + i] != first + i) {
                return false;
            }
        }
        return true;
    }

    /**
     * dst[d + p*stride + r] = x[s + r*ld + p] for r in 0..7, p in 0..len-1: eight rows read
     * side by side (eight sequential streams), each step writing eight adjacent floats.
     * Measured about 2x faster than one row at a time with strided writes.
     */
    private static void transposeEight(float[] x, int s, int ld, int len, float[] dst, int d, int stride) {
        int s0 = s;
        int s1 = s0 + ld;
        int s2 = s1 + ld;
        int s3 = s2 + ld;
        int s4 = s3 + ld;
        int s5 = s4 + ld;
        int s6 = s5 + ld;
        int s7 = s6 + ld;
        for (int p = 0; p < len; p++) {
            int o = d + p * stride;
            dst[o] = x[s0 + p];
            dst[o + 1] = x[s1 + p];
            dst[o + 2] = x[s2 + p];
            dst[o + 3] = x[s3 + p];
            dst[o + 4] = x[s4 + p];
            dst[o + 5] = x[s5 + p];
            dst[o + 6] = x[s6 + p];
            dst[o + 7] = x[s7 + p];
        }
    }

    /** Copies MR = 8 contiguous floats with vectors of at most 256 bits (one store at 256+). */
    private static void copyRowOfMr(float[] x, int s, float[] dst, int d) {
        for (int r = 0; r < MR; r += LA) {
            FloatVector.fromArray(SA, x, s + r).intoArray(dst, d + r);
        }
    }

    private static int roundUp(int x, int unit) {
        return Math.multiplyExact(ceilDiv(x, unit), unit);
    }

    private static int ceilDiv(int x, int unit) {
        return (x + unit - 1) / unit;
    }

    // ------------------------------------------------------------------ register tiles
    //
    // One flat method per row count: 2*rows accumulators, no vector crosses a call.
    // Row r of the A panel is at ai + p*MR + r; the B panel row p at bi + p*NR.

    /** C[8 x NR] += A panel rows [8 x kc] * B panel [kc x NR]; see the class comment. */
    private static void kernel8(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        FloatVector c60 = c00;
        FloatVector c61 = c00;
        FloatVector c70 = c00;
        FloatVector c71 = c00;
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * MR;
            int bp = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ap + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ap + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[ap + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[ap + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        int r0 = ci;
        FloatVector.fromArray(S, c, r0).add(c00).intoArray(c, r0);
        FloatVector.fromArray(S, c, r0 + L).add(c01).intoArray(c, r0 + L);
        int r1 = ci + ldc;
        FloatVector.fromArray(S, c, r1).add(c10).intoArray(c, r1);
        FloatVector.fromArray(S, c, r1 + L).add(c11).intoArray(c, r1 + L);
        int r2 = ci + 2 * ldc;
        FloatVector.fromArray(S, c, r2).add(c20).intoArray(c, r2);
        FloatVector.fromArray(S, c, r2 + L).add(c21).intoArray(c, r2 + L);
        int r3 = ci + 3 * ldc;
        FloatVector.fromArray(S, c, r3).add(c30).intoArray(c, r3);
        FloatVector.fromArray(S, c, r3 + L).add(c31).intoArray(c, r3 + L);
        int r4 = ci + 4 * ldc;
        FloatVector.fromArray(S, c, r4).add(c40).intoArray(c, r4);
        FloatVector.fromArray(S, c, r4 + L).add(c41).intoArray(c, r4 + L);
        int r5 = ci + 5 * ldc;
        FloatVector.fromArray(S, c, r5).add(c50).intoArray(c, r5);
        FloatVector.fromArray(S, c, r5 + L).add(c51).intoArray(c, r5 + L);
        int r6 = ci + 6 * ldc;
        FloatVector.fromArray(S, c, r6).add(c60).intoArray(c, r6);
        FloatVector.fromArray(S, c, r6 + L).add(c61).intoArray(c, r6 + L);
        int r7 = ci + 7 * ldc;
        FloatVector.fromArray(S, c, r7).add(c70).intoArray(c, r7);
        FloatVector.fromArray(S, c, r7 + L).add(c71).intoArray(c, r7 + L);
    }

    /** C[4 x NR] += A panel rows [4 x kc] * B panel [kc x NR]; see the class comment. */
    private static void kernel4(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * MR;
            int bp = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ap + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ap + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        int r0 = ci;
        FloatVector.fromArray(S, c, r0).add(c00).intoArray(c, r0);
        FloatVector.fromArray(S, c, r0 + L).add(c01).intoArray(c, r0 + L);
        int r1 = ci + ldc;
        FloatVector.fromArray(S, c, r1).add(c10).intoArray(c, r1);
        FloatVector.fromArray(S, c, r1 + L).add(c11).intoArray(c, r1 + L);
        int r2 = ci + 2 * ldc;
        FloatVector.fromArray(S, c, r2).add(c20).intoArray(c, r2);
        FloatVector.fromArray(S, c, r2 + L).add(c21).intoArray(c, r2 + L);
        int r3 = ci + 3 * ldc;
        FloatVector.fromArray(S, c, r3).add(c30).intoArray(c, r3);
        FloatVector.fromArray(S, c, r3 + L).add(c31).intoArray(c, r3 + L);
    }

    /** C[2 x NR] += A panel rows [2 x kc] * B panel [kc x NR]; see the class comment. */
    private static void kernel2(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * MR;
            int bp = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
        }
        int r0 = ci;
        FloatVector.fromArray(S, c, r0).add(c00).intoArray(c, r0);
        FloatVector.fromArray(S, c, r0 + L).add(c01).intoArray(c, r0 + L);
        int r1 = ci + ldc;
        FloatVector.fromArray(S, c, r1).add(c10).intoArray(c, r1);
        FloatVector.fromArray(S, c, r1 + L).add(c11).intoArray(c, r1 + L);
    }

    /** C[1 x NR] += A panel rows [1 x kc] * B panel [kc x NR]; see the class comment. */
    private static void kernel1(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * MR;
            int bp = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
        }
        int r0 = ci;
        FloatVector.fromArray(S, c, r0).add(c00).intoArray(c, r0);
        FloatVector.fromArray(S, c, r0 + L).add(c01).intoArray(c, r0 + L);
    }

    /** C[1 x 4*NR] += A panel rows [1 x kc] * 4 B panels (bStride apart); see the class comment. */
    private static void kernel1x4(int kc, float[] a, int ai, float[] b, int bi, int bStride,
                                  float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c03 = c00;
        FloatVector c04 = c00;
        FloatVector c05 = c00;
        FloatVector c06 = c00;
        FloatVector c07 = c00;
        int bi1 = bi + bStride;
        int bi2 = bi + 2 * bStride;
        int bi3 = bi + 3 * bStride;
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * MR;
            int bp = p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi + bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi1 + bp);
            FloatVector b3 = FloatVector.fromArray(S, b, bi1 + bp + L);
            FloatVector b4 = FloatVector.fromArray(S, b, bi2 + bp);
            FloatVector b5 = FloatVector.fromArray(S, b, bi2 + bp + L);
            FloatVector b6 = FloatVector.fromArray(S, b, bi3 + bp);
            FloatVector b7 = FloatVector.fromArray(S, b, bi3 + bp + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            c04 = a0.fma(b4, c04);
            c05 = a0.fma(b5, c05);
            c06 = a0.fma(b6, c06);
            c07 = a0.fma(b7, c07);
        }
        int r0 = ci;
        FloatVector.fromArray(S, c, r0).add(c00).intoArray(c, r0);
        FloatVector.fromArray(S, c, r0 + L).add(c01).intoArray(c, r0 + L);
        FloatVector.fromArray(S, c, r0 + 2 * L).add(c02).intoArray(c, r0 + 2 * L);
        FloatVector.fromArray(S, c, r0 + 3 * L).add(c03).intoArray(c, r0 + 3 * L);
        FloatVector.fromArray(S, c, r0 + 4 * L).add(c04).intoArray(c, r0 + 4 * L);
        FloatVector.fromArray(S, c, r0 + 5 * L).add(c05).intoArray(c, r0 + 5 * L);
        FloatVector.fromArray(S, c, r0 + 6 * L).add(c06).intoArray(c, r0 + 6 * L);
        FloatVector.fromArray(S, c, r0 + 7 * L).add(c07).intoArray(c, r0 + 7 * L);
    }

    /** C[2 x 2*NR] += A panel rows [2 x kc] * 2 B panels (bStride apart); see the class comment. */
    private static void kernel2x2(int kc, float[] a, int ai, float[] b, int bi, int bStride,
                                  float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c03 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c13 = c00;
        int bi1 = bi + bStride;
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * MR;
            int bp = p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi + bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi1 + bp);
            FloatVector b3 = FloatVector.fromArray(S, b, bi1 + bp + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[ap + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
        }
        int r0 = ci;
        FloatVector.fromArray(S, c, r0).add(c00).intoArray(c, r0);
        FloatVector.fromArray(S, c, r0 + L).add(c01).intoArray(c, r0 + L);
        FloatVector.fromArray(S, c, r0 + 2 * L).add(c02).intoArray(c, r0 + 2 * L);
        FloatVector.fromArray(S, c, r0 + 3 * L).add(c03).intoArray(c, r0 + 3 * L);
        int r1 = ci + ldc;
        FloatVector.fromArray(S, c, r1).add(c10).intoArray(c, r1);
        FloatVector.fromArray(S, c, r1 + L).add(c11).intoArray(c, r1 + L);
        FloatVector.fromArray(S, c, r1 + 2 * L).add(c12).intoArray(c, r1 + 2 * L);
        FloatVector.fromArray(S, c, r1 + 3 * L).add(c13).intoArray(c, r1 + 3 * L);
    }
}
