/*
 * One row of the reproduction report: a dataset, a network, a bit-width configuration and
 * gradient mode (and variant: input bits, first-layer weights, first activation bits), its accuracy over the seeds (mean and population std), its size, and the
 * engine's speed measured against the float plan of the same network in the same run
 * (speedup: the median of the per-round paired ratios, EngineSpeed.Figures).
 * Speed fields are NaN where not measured (for example a scene time on spectra-only data).
 */
package dev.hsiq.bench.reproduce;

import dev.hsiq.training.protocol.MetricsSummary;

import java.util.List;

public record ConfigResult(String dataset, String provenance, String model, String bits, String grad,
                           int inputBits, String firstLayer, int firstActivation, List<Long> seeds, MetricsSummary accuracy, List<SeedScore> perSeed,
                           long weightBytes, long weightBytesFp32, double patchesPerSecond,
                           double floatPatchesPerSecond, double speedup, double sceneMs, double floatSceneMs) {

    /** One seed's scores. */
    public record SeedScore(long seed, double oa, double aa, double kappa, double trainSeconds) {
    }

    public ConfigResult {
        seeds = List.copyOf(seeds);
        perSeed = List.copyOf(perSeed);
    }

    public boolean isFloat() {
        return "fp32".equals(bits);
    }

    public double memoryRatio() {
        return weightBytes <= 0 ? Double.NaN : (double) weightBytesFp32 / weightBytes;
    }

    /**
     * A copy with the engine figures filled in. speedup is the paired one measured with them
     * (EngineSpeed.Figures), so it is close to, not exactly, pps / floatPps.
     */
    public ConfigResult withSpeed(double pps, double floatPps, double speedup, double scene, double floatScene) {
        return new ConfigResult(dataset, provenance, model, bits, grad, inputBits, firstLayer, firstActivation, seeds, accuracy, perSeed,
                weightBytes, weightBytesFp32, pps, floatPps, speedup, scene, floatScene);
    }

    /**
     * The label used in tables and plots: "fp32", "2/1", "2/1 (4-bit input)", "2/2 (8-bit first
     * layer, LSQ, EWGS 0.05)" (firstLayer: the first layer's weight format of the --first-layer
     * variant, which is trained with the LSQ clip gradient and gradient scaling; else null),
     * "4/4 (8-bit first activation)" (firstActivation: the bits of the activation after the first
     * layer of the --first-activation variant; else 0).
     */
    public String label() {
        if (isFloat()) {
            return "fp32";
        }
        List<String> variant = new java.util.ArrayList<>();
        if (inputBits != 8) variant.add(inputBits + "-bit input");
        if (firstLayer != null) variant.add(firstLayer + "-bit first layer, LSQ, EWGS " + ReproducePlan.VARIANT_EWGS);
        if (firstActivation != 0) variant.add(firstActivation + "-bit first activation");
        return bits + (variant.isEmpty() ? "" : " (" + String.join(", ", variant) + ")");
    }

    /** The network-wide configuration the paper's claims are about (no input, first-layer or first-activation variant). */
    public boolean plain() {
        return inputBits == 8 && firstLayer == null && firstActivation == 0;
    }
}
