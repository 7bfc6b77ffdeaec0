/*
 * Where and how a reproduction ran: machine, JDK, the kernels' vector decision, mode,
 * seeds, start time and duration. Printed at the top of report.md and report.json.
 */
package dev.hsiq.bench.reproduce;

import dev.hsiq.kernels.Vectorization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public record RunHeader(String machine, int cores, String jdk, String kernels, String mode, List<Long> seeds,
                        Instant started, double seconds, List<String> skipped) {

    public RunHeader {
        seeds = List.copyOf(seeds);
        skipped = List.copyOf(skipped);
    }

    /** The header of a run on this machine. */
    public static RunHeader here(String mode, List<Long> seeds, Instant started, double seconds, List<String> skipped) {
        return new RunHeader(cpuModel(), Runtime.getRuntime().availableProcessors(),
                Runtime.version() + " (" + System.getProperty("java.vm.vendor", "?") + ")",
                Vectorization.decision().toString(), mode, seeds, started, seconds, skipped);
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch", "unknown CPU");
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("machine", machine);
        m.put("cores", (long) cores);
        m.put("jdk", jdk);
        m.put("kernels", kernels);
        m.put("mode", mode);
        m.put("seeds", seeds);
        m.put("started", started.toString());
        m.put("seconds", seconds);
        m.put("skipped", skipped);
        return m;
    }
}
