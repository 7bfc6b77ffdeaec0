/*
 * The soft staircase of DESIGN section 1, whose derivative is the tanh-like surrogate
 * gradient of the step activation:
 *
 *     s(x)  = sum_{i=1..L} (D/2) * (1 + tanh(T * (x - t_i))),   t_i = (i - 1/2) * D,  D = a / L
 *     s'(x) = sum_{i=1..L} (D*T/2) * (1 - tanh^2(T * (x - t_i)))
 *
 * The temperature is given as the dimensionless sharpness tau = T * D (T = tau / D), so one
 * schedule serves every bit width and clip level: at tau ~ 2 the bumps overlap and s' is
 * nearly flat (0.8..1.15 from the first boundary t_1 to the last t_L, about 0.5 at 0 and a,
 * fading outside), like the clipped straight-through estimator; as
 * tau grows, s approaches the true staircase and s' concentrates at the level boundaries
 * (peak tau / 2, near zero between them).
 *
 * Writing u = x / D + 1/2, T * (x - t_i) = tau * (u - i). Terms with |tau (u - i)| > CUTOFF
 * are not summed one by one: their tanh is +-1 to within 2 e^-24 (about 8e-11), so they add
 * exactly D (above) or 0 (below) to s, and at most (tau/2) * 4 e^-24 each to s'; the far
 * terms are counted in closed form. That keeps the cost at about 2 * CUTOFF / tau + 1 terms
 * per value instead of L (255 at 8 bits). Computed in double.
 *
 * Training evaluates s' for every activation of every step, so the layer reads it from a
 * DerivativeTable: s' as a function of u alone (it does not depend on a once x is expressed
 * in steps), sampled exactly at RESOLUTION points per step over u in [1 - CUTOFF/tau,
 * L + CUTOFF/tau] (zero beyond, where every term is below 2e-10) and interpolated linearly.
 * The interpolation error is at most h^2/8 * max|s''| with h = 1/RESOLUTION in u; |d^2/du^2|
 * of (tau/2) sech^2(tau u) is at most tau^3, so the error stays below tau^3 / (8 * 128^2):
 * at most tau^2 / 65536 relative to the peak tau/2, 0.1% at tau = 8 (tested against the
 * exact sum).
 */
package dev.hsiq.training.quant;

public final class SoftStaircase {

    /** Terms with |tau (u - i)| beyond this are taken as saturated (tanh = +-1). */
    public static final double CUTOFF = 12.0;

    private SoftStaircase() {
    }

    /** s(x) for L = levels, clip a, sharpness tau = T * D. */
    public static double value(double x, int levels, double clip, double tau) {
        double d = clip / levels;
        double u = x / d + 0.5;
        double reach = CUTOFF / tau;
        // terms i < u - reach are saturated at +1: each adds D
        long lo = Math.max(1, (long) Math.ceil(u - reach));
        long hi = Math.min(levels, (long) Math.floor(u + reach));
        double s = d * Math.max(0, Math.min(levels, lo - 1));
        for (long i = lo; i <= hi; i++) {
            s += 0.5 * d * (1 + Math.tanh(tau * (u - i)));
        }
        return s;
    }

    /**
     * 1 - tanh^2(z) = 4 e^(-2|z|) / (1 + e^(-2|z|))^2: one exp, no cancellation in the tails
     * (1 - tanh^2 computed from tanh loses all digits once tanh rounds to 1).
     */
    static double sech2(double z) {
        double e = Math.exp(-2 * Math.abs(z));
        double d = 1 + e;
        return 4 * e / (d * d);
    }

    /** s'(x) for L = levels, clip a, sharpness tau = T * D. */
    public static double derivative(double x, int levels, double clip, double tau) {
        return derivativeAt(x / (clip / levels) + 0.5, levels, tau);
    }

    /** s' at position u = x / D + 1/2 (independent of the clip level in these units). */
    static double derivativeAt(double u, int levels, double tau) {
        double reach = CUTOFF / tau;
        long lo = Math.max(1, (long) Math.ceil(u - reach));
        long hi = Math.min(levels, (long) Math.floor(u + reach));
        double g = 0;
        for (long i = lo; i <= hi; i++) {
            g += sech2(tau * (u - i));
        }
        return 0.5 * tau * g;
    }

    /** Samples per step (unit of u) of a DerivativeTable. */
    public static final int RESOLUTION = 128;

    /** s'(u) for one L and tau, tabulated (see the file comment). Immutable. */
    public static final class DerivativeTable {
        private final int levels;
        private final double tau;
        private final double uMin;
        private final float[] g;

        public DerivativeTable(int levels, double tau) {
            if (levels < 1 || !(tau > 0) || !Double.isFinite(tau)) {
                throw new IllegalArgumentException("derivative table needs L >= 1 and tau > 0, got " + levels
                        + " and " + tau);
            }
            this.levels = levels;
            this.tau = tau;
            double reach = CUTOFF / tau;
            this.uMin = 1 - reach;
            int n = (int) Math.ceil((levels - 1 + 2 * reach) * RESOLUTION) + 2;
            this.g = new float[n];
            for (int j = 0; j < n; j++) {
                g[j] = (float) derivativeAt(uMin + (double) j / RESOLUTION, levels, tau);
            }
        }

        public int levels() {
            return levels;
        }

        public double tau() {
            return tau;
        }

        /** s'(x) for clip a, interpolated; perUnit = L / a (so u = x * perUnit + 1/2). */
        public float at(float x, float perUnit) {
            double p = ((double) x * perUnit + 0.5 - uMin) * RESOLUTION;
            if (!(p > 0) || p >= g.length - 1) {
                return 0f;
            }
            int j = (int) p;
            float f = (float) (p - j);
            return g[j] + f * (g[j + 1] - g[j]);
        }
    }
}
