/*
 * The startup decision as a pure function of the two system properties and the runtime
 * environment (module present, JIT, preferred width), so every branch is testable in one
 * JVM: forced scalar, forced widths, widths the CPU lacks, malformed values.
 */
package dev.hsiq.kernels;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VectorizationTest {

    /** A runtime with the vector module, C2 and the given preferred width. */
    private static Vectorization.Environment env(boolean module, String jitProblem, int preferred) {
        return new Vectorization.Environment() {
            @Override
            public boolean vectorModulePresent() {
                return module;
            }

            @Override
            public String jitProblem() {
                return jitProblem;
            }

            @Override
            public int preferredBits() throws ReflectiveOperationException {
                if (preferred < 0) {
                    throw new ClassNotFoundException("dev.hsiq.kernels.panama.PanamaSupport");
                }
                return preferred;
            }
        };
    }

    @Test
    void defaultsToThePreferredWidth() {
        Vectorization.Decision d = Vectorization.decide(null, null, env(true, null, 512));
        assertThat(d.vector()).isTrue();
        assertThat(d.bits()).isEqualTo(512);
        assertThat(d.toString()).contains("Vector API, 512-bit");
    }

    @Test
    void forcedScalarWinsOverEverything() {
        Vectorization.Decision d = Vectorization.decide(" Scalar ", "256", env(true, null, 512));
        assertThat(d.vector()).isFalse();
        assertThat(d.bits()).isZero();
        assertThat(d.reason()).isEqualTo("hsiq.kernels=scalar");
    }

    @Test
    void forcedWidthsAtOrBelowThePreferredOneAreUsed() {
        assertThat(Vectorization.decide("auto", "256", env(true, null, 512)).bits()).isEqualTo(256);
        assertThat(Vectorization.decide(null, "128", env(true, null, 256)).bits()).isEqualTo(128);
        assertThat(Vectorization.decide(null, " 512 ", env(true, null, 512)).bits()).isEqualTo(512);
    }

    @Test
    void aForcedWidthTheCpuLacksFallsBackToScalarWithTheReason() {
        Vectorization.Decision d = Vectorization.decide(null, "512", env(true, null, 256));
        assertThat(d.vector()).isFalse();
        assertThat(d.reason()).contains("hsiq.vector.bits=512").contains("256 bits");
    }

    @Test
    void narrowCpusStayScalarUnlessVectorIsForced() {
        assertThat(Vectorization.decide(null, null, env(true, null, 128)).vector()).isFalse();
        assertThat(Vectorization.decide(null, null, env(true, null, 128)).reason()).contains("hsiq.kernels=vector");
        Vectorization.Decision forced = Vectorization.decide("vector", null, env(true, null, 128));
        assertThat(forced.vector()).isTrue();
        assertThat(forced.bits()).isEqualTo(128);
    }

    @Test
    void aMissingModuleIsNamedInTheReason() {
        Vectorization.Decision d = Vectorization.decide("vector", null, env(false, null, 512));
        assertThat(d.vector()).isFalse();
        assertThat(d.reason()).contains("jdk.incubator.vector").contains("--add-modules");
    }

    @Test
    void aJitWithoutC2IsNamedInTheReason() {
        Vectorization.Decision d = Vectorization.decide(null, null, env(true, "-XX:TieredStopAtLevel=1 disables C2", 512));
        assertThat(d.vector()).isFalse();
        assertThat(d.reason()).contains("TieredStopAtLevel");
    }

    @Test
    void aFailedProbeFallsBackToScalar() {
        Vectorization.Decision d = Vectorization.decide(null, null, env(true, null, -1));
        assertThat(d.vector()).isFalse();
        assertThat(d.reason()).contains("probe failed").contains("PanamaSupport");
    }

    @Test
    void malformedValuesAreRejectedNamingTheProperty() {
        assertThatThrownBy(() -> Vectorization.decide("fast", null, env(true, null, 512)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("system property hsiq.kernels=fast is not one of auto, scalar, vector");
        assertThatThrownBy(() -> Vectorization.decide(null, "384", env(true, null, 512)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("system property hsiq.vector.bits=384 is not one of 128, 256, 512");
        assertThatThrownBy(() -> Vectorization.decide(null, "wide", env(true, null, 512)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("system property hsiq.vector.bits=wide is not one of 128, 256, 512");
        // reported even where the vector path is unreachable
        assertThatThrownBy(() -> Vectorization.decide("scalar", "1024", env(false, null, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hsiq.vector.bits=1024");
    }

    @Test
    void theLiveDecisionIsConsistent() {
        Vectorization.Decision d = Vectorization.decision();
        assertThat(Vectorization.vectorEnabled()).isEqualTo(d.vector());
        assertThat(Vectorization.vectorBits()).isEqualTo(d.bits());
        assertThat(d.vector() ? d.bits() : 0).isIn(0, 128, 256, 512);
    }
}
