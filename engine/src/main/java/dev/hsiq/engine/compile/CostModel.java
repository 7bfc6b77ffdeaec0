/*
 * The rule that picks a kernel for a quantized conv/dense layer: estimate each applicable
 * kernel's time per output pixel, in nanoseconds on one core, and take the smallest (ties go
 * to the earlier of BIT_SERIAL, INT8, LUT, FLOAT_CODES). The first and last layers follow the same rule
 * from their own bit widths (the model's settings): 8-bit input codes, 8-bit last-layer
 * weights. Float weights always run EXACT_FLOAT (the only kernel that reproduces the
 * reference's double sums).
 *
 *   bit-serial  GEMM: padded channels (multiple of 8) x kWords x 64 x plane pairs binary MACs
 *               at BITSERIAL_RATE; plane pairs = activation bits x weight planes (binary 1,
 *               ternary 2, m-bit m). Plus building the window row (unless read in place):
 *               a copy per tap, per long copied, and, when the channels leave a remainder
 *               (C % 64 != 0), a shift per tap and plane. Plus packing byte codes into planes
 *               when the producer writes codes (the network input): per input pixel and long.
 *   int8        in x taps x out MACs at INT8_RATE (INT8_RATE_UNIT when |w| <= 1: binary and
 *               ternary weights let the 16-bit partial sums run 128 steps), plus the byte
 *               window: a copy per tap and per byte.
 *   LUT         binary weights and at least LUT_MIN_CHANNELS input channels: MACs at LUT_RATE,
 *               tables included.
 *   float codes the float GEMM on integer codes, only where it is exact (Layer.floatExact):
 *               MACs at FLOAT_RATE, plus the byte window as for int8 and its widening to
 *               floats (per element).
 *
 * The rates are the figures `hsiq bench kernels` measured on this machine (kernels/README.md,
 * one thread, effective GMAC/s = MACs per ns): bit-serial 840-1,390 G binary MACs/s on the
 * patch-cnn shapes (1,100 taken); int8 19-34 GMAC/s with 8-bit weights (20), 36-68 with binary
 * weights (50); table lookup 44-82 (60); the float GEMM with packed weights 55-69 (50, im2col
 * not included). The window and packing costs were measured on the
 * compiled engine (EngineCostTest prints them: `mvn -pl engine test -Dtest=...`); they only
 * matter for thin layers. What comes out, and is tested (CostModelTest):
 *   - the first layer of patch-cnn (8-bit input x binary weights, K = 1800): bit-serial a8w1,
 *     about 2x faster than the lookup table and int8 (kernels README: 137-161 vs 44-82 vs 36-68);
 *   - 2-bit x binary / ternary / 2-bit and 4 x 4 hidden layers: bit-serial;
 *   - 8-bit x 8-bit hidden layers (64 plane pairs): the float GEMM on codes where exact, else int8;
 *   - the first layer of patch-cnn at 4/4 and 8/8 (8-bit codes x 4- or 8-bit weights, 32 or 64
 *     plane pairs): the float GEMM on codes where exact;
 *   - the last layer, k-bit codes x 8-bit weights: bit-serial for k <= 2 (8 k pairs over 2 words
 *     is cheap); for 4- and 8-bit codes the float GEMM on codes where exact, else bit-serial
 *     (k = 4) or int8 (k = 8);
 *   - spectral-cnn's conv1 (one input channel, 11 taps, 8-bit input): int8, since its packed
 *     window would be 11 bits in a 64-bit word with a shift per tap and plane.
 */
package dev.hsiq.engine.compile;

import dev.hsiq.engine.model.WeightFormat;
import dev.hsiq.kernels.BitWeights;
import dev.hsiq.kernels.WindowLayout;

public final class CostModel {

    /** Binary multiply-accumulates per ns of the bit-serial GEMM. */
    static final double BITSERIAL_RATE = 1100;
    /** Int8 GEMM MACs per ns with 2..8-bit weights. */
    static final double INT8_RATE = 20;
    /** Int8 GEMM MACs per ns with binary or ternary weights. */
    static final double INT8_RATE_UNIT = 50;
    /** Float GEMM MACs per ns (packed weights, the float plan's kernel). */
    static final double FLOAT_RATE = 50;
    /** Widening a byte window to floats: per element. */
    static final double NS_PER_WIDENED = 0.1;
    /** Table-lookup MACs per ns (8-bit codes x binary weights). */
    static final double LUT_RATE = 60;
    /**
     * Fewest input channels for the lookup kernel: its tables pay off over many channel groups
     * per pixel; on spectral-cnn's conv1 (one channel) it measured about 70x slower than int8.
     */
    static final int LUT_MIN_CHANNELS = 32;
    /** Building a window row: per tap (one copy call). */
    static final double NS_PER_TAP = 6;
    /** Building a window row: per long copied. */
    static final double NS_PER_LONG = 0.25;
    /** Building a window row: per tap and plane when remainder fields are shifted into place. */
    static final double NS_PER_SHIFT = 1.0;
    /** Building a byte window row: per byte. */
    static final double NS_PER_BYTE = 0.05;
    /** Packing codes into planes: per long written. */
    static final double NS_PER_PACKED_LONG = 1.5;

    private CostModel() {
    }

    /**
     * One layer as the cost model sees it: channels, window taps, bits of the input codes, the
     * weight format, whether its window rows are read in place (1 x 1, or dense over a whole map
     * of full words), the input pixels per output pixel when its input arrives as byte codes
     * that a bit-serial kernel would have to pack (0 when the producer writes planes directly),
     * and whether its accumulators are exact in float32 (AccumulatorBound.exactInFloat).
     */
    public record Layer(int inChannels, int outChannels, int taps, int inBits, WeightFormat weights, boolean inPlace,
                        double packedInputPixelsPerOutput, boolean floatExact) {
    }

    /** Weight bit planes of a format for the bit-serial GEMM. */
    static int weightPlanes(WeightFormat f) {
        return switch (f.kind()) {
            case BINARY -> 1;
            case TERNARY -> 2;
            case INT -> f.bits();
            case FLOAT -> throw new IllegalArgumentException("float weights have no planes");
        };
    }

    static BitWeights.Coding coding(WeightFormat f) {
        return switch (f.kind()) {
            case BINARY -> BitWeights.Coding.BINARY;
            case TERNARY -> BitWeights.Coding.TERNARY;
            case INT -> BitWeights.Coding.SIGNED;
            case FLOAT -> throw new IllegalArgumentException("float weights have no bit coding");
        };
    }

    /** Whether a kernel can run a layer at all. */
    public static boolean applies(KernelKind k, Layer l) {
        boolean floatWeights = l.weights().isFloat();
        return switch (k) {
            case BIT_SERIAL, INT8 -> !floatWeights;
            case LUT -> l.weights().kind() == WeightFormat.Kind.BINARY && l.inChannels() >= LUT_MIN_CHANNELS;
            case FLOAT_CODES -> !floatWeights && l.floatExact();
            case EXACT_FLOAT -> floatWeights;
            case FLOAT -> false;
        };
    }

    /** The estimated time per output pixel in ns (see the type comment); infinite when the kernel does not apply. */
    public static double nanosPerOutputPixel(KernelKind k, Layer l) {
        if (!applies(k, l)) {
            return Double.POSITIVE_INFINITY;
        }
        long macs = (long) l.inChannels() * l.taps() * l.outChannels();
        return switch (k) {
            case BIT_SERIAL -> {
                WindowLayout layout = new WindowLayout(l.inChannels(), l.taps());
                int pairs = l.inBits() * weightPlanes(l.weights());
                double gemm = (double) BitWeights.roundUpChannels(l.outChannels()) * layout.kWords() * 64 * pairs
                        / BITSERIAL_RATE;
                double window = l.inPlace() ? 0 : l.taps() * NS_PER_TAP + layout.kWords() * l.inBits() * NS_PER_LONG
                        + (layout.remainder() != 0 ? l.taps() * l.inBits() * NS_PER_SHIFT : 0);
                double pack = l.packedInputPixelsPerOutput() * layout.wordsPerPixel() * l.inBits() * NS_PER_PACKED_LONG;
                yield gemm + window + pack;
            }
            case INT8 -> {
                double rate = l.weights().kind() == WeightFormat.Kind.INT ? INT8_RATE : INT8_RATE_UNIT;
                yield macs / rate + byteWindowNanos(l);
            }
            case LUT -> macs / LUT_RATE;
            case FLOAT_CODES -> {
                yield macs / FLOAT_RATE + byteWindowNanos(l) + (double) l.inChannels() * l.taps() * NS_PER_WIDENED;
            }
            case EXACT_FLOAT -> macs; // about 1 ns per double multiply-add
            case FLOAT -> Double.POSITIVE_INFINITY;
        };
    }

    /** Building a byte window row (int8, float on codes): per tap and per byte, none when read in place. */
    private static double byteWindowNanos(Layer l) {
        return l.inPlace() ? 0 : l.taps() * NS_PER_TAP + (double) l.inChannels() * l.taps() * NS_PER_BYTE;
    }

    /** The kernel with the smallest estimate (float weights: EXACT_FLOAT). */
    public static KernelKind choose(Layer l) {
        if (l.weights().isFloat()) {
            return KernelKind.EXACT_FLOAT;
        }
        KernelKind best = KernelKind.BIT_SERIAL;
        double bestNs = nanosPerOutputPixel(best, l);
        for (KernelKind k : new KernelKind[]{KernelKind.INT8, KernelKind.LUT, KernelKind.FLOAT_CODES}) {
            double ns = nanosPerOutputPixel(k, l);
            if (ns < bestNs) {
                best = k;
                bestNs = ns;
            }
        }
        return best;
    }
}
