/*
 * Decides, once per JVM, whether the Vector API kernels run or the scalar reference kernels
 * do, and loads the chosen implementation of each kernel family.
 *
 * The vector implementations live in dev.hsiq.kernels.panama and are only ever loaded by
 * name, after these checks pass, so that a runtime without jdk.incubator.vector never
 * touches a class that links against it:
 *   1. the module jdk.incubator.vector is in the boot layer (--add-modules was given);
 *   2. the JIT is C2 (the Vector API is intrinsified only there; under C1 or the
 *      interpreter every vector op allocates and runs 10-100x slower than scalar code);
 *   3. the preferred species is at least 256 bits (narrower vectors lose to scalar code on
 *      the popcount and widening kernels).
 *
 * System properties:
 *   hsiq.kernels     = auto (default) | scalar | vector   (vector skips check 3, never 1-2)
 *   hsiq.vector.bits = 128 | 256 | 512   force a species width (at most the preferred one)
 *
 * One log line (System.Logger, INFO) states the decision and why.
 */
package dev.hsiq.kernels;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.function.Supplier;

public final class Vectorization {

    /** Name of the property that forces the scalar or vector path. */
    public static final String KERNELS_PROPERTY = "hsiq.kernels";
    /** Name of the property that forces a vector width in bits. */
    public static final String BITS_PROPERTY = "hsiq.vector.bits";

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String PROBE_CLASS = "dev.hsiq.kernels.panama.PanamaSupport";

    private static final Decision DECISION = decide();

    private Vectorization() {
    }

    /** The outcome of the startup checks. {@code bits} is 0 on the scalar path. */
    public record Decision(boolean vector, int bits, String reason) {
        @Override
        public String toString() {
            return vector ? "hsiq kernels: Vector API, " + bits + "-bit vectors (" + reason + ")"
                    : "hsiq kernels: scalar (" + reason + ")";
        }
    }

    /** The decision taken at class initialization. */
    public static Decision decision() {
        return DECISION;
    }

    /** True when the Vector API kernels are in use. */
    public static boolean vectorEnabled() {
        return DECISION.vector();
    }

    /** The vector width in bits that the vector kernels must use, or 0 on the scalar path. */
    public static int vectorBits() {
        return DECISION.bits();
    }

    /**
     * Loads the vector implementation {@code vectorClassName} (a public class with a public
     * no-argument constructor implementing {@code type}) when the vector path is on, else
     * returns the scalar implementation.
     */
    public static <T> T load(Class<T> type, String vectorClassName, Supplier<? extends T> scalar) {
        if (!DECISION.vector()) {
            return scalar.get();
        }
        try {
            Class<?> cls = Class.forName(vectorClassName, true, Vectorization.class.getClassLoader());
            return type.cast(cls.getConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalStateException("cannot load vector kernel " + vectorClassName + ": " + cause, cause);
        }
    }

    private static Decision decide() {
        Decision d = decideQuietly();
        System.getLogger("dev.hsiq.kernels").log(System.Logger.Level.INFO, d.toString());
        return d;
    }

    private static Decision decideQuietly() {
        return decide(System.getProperty(KERNELS_PROPERTY), System.getProperty(BITS_PROPERTY), new Environment() {
            @Override
            public boolean vectorModulePresent() {
                return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
            }

            @Override
            public String jitProblem() {
                return Vectorization.jitProblem();
            }

            @Override
            public int preferredBits() throws ReflectiveOperationException {
                Class<?> probe = Class.forName(PROBE_CLASS, true, Vectorization.class.getClassLoader());
                return (int) probe.getMethod("preferredBits").invoke(null);
            }
        });
    }

    /** What the decision depends on besides the two properties (tests supply their own). */
    interface Environment {
        boolean vectorModulePresent();

        /** Why the JIT cannot run vector code well, or null when C2 is there. */
        String jitProblem();

        /** The preferred float species width in bits; throws when the Vector API cannot be used. */
        int preferredBits() throws ReflectiveOperationException;
    }

    /**
     * The decision for the given property values (null when unset) in the given environment.
     * Malformed property values are rejected with an IllegalArgumentException naming the
     * property, whatever the environment.
     */
    static Decision decide(String kernelsProperty, String bitsProperty, Environment env) {
        String mode = kernelsProperty == null ? "auto" : kernelsProperty.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("auto") && !mode.equals("scalar") && !mode.equals("vector")) {
            throw new IllegalArgumentException("system property " + KERNELS_PROPERTY + "=" + kernelsProperty
                    + " is not one of auto, scalar, vector");
        }
        int want = 0;
        if (bitsProperty != null) {
            try {
                want = Integer.parseInt(bitsProperty.trim());
            } catch (NumberFormatException e) {
                want = -1;
            }
            if (want != 128 && want != 256 && want != 512) {
                throw new IllegalArgumentException("system property " + BITS_PROPERTY + "=" + bitsProperty
                        + " is not one of 128, 256, 512");
            }
        }
        if (mode.equals("scalar")) {
            return new Decision(false, 0, KERNELS_PROPERTY + "=scalar");
        }
        if (!env.vectorModulePresent()) {
            return new Decision(false, 0, "module " + VECTOR_MODULE
                    + " is not in the boot layer; run with --add-modules " + VECTOR_MODULE);
        }
        String jit = env.jitProblem();
        if (jit != null) {
            return new Decision(false, 0, jit);
        }
        int preferred;
        try {
            preferred = env.preferredBits();
        } catch (ReflectiveOperationException | LinkageError e) {
            return new Decision(false, 0, "Vector API probe failed: " + e);
        }
        if (want != 0) {
            if (want > preferred) {
                return new Decision(false, 0, BITS_PROPERTY + "=" + want + " but this CPU's widest species is "
                        + preferred + " bits");
            }
            return new Decision(true, want, BITS_PROPERTY + "=" + want + ", preferred " + preferred);
        }
        if (preferred < 256 && !mode.equals("vector")) {
            return new Decision(false, 0, "preferred species is only " + preferred
                    + " bits; scalar kernels are faster there (force with -D" + KERNELS_PROPERTY + "=vector)");
        }
        return new Decision(true, preferred, "preferred species, C2 present");
    }

    /** Returns why the JIT cannot run vector code well, or null when C2 is there. */
    private static String jitProblem() {
        String vmName = System.getProperty("java.vm.name", "");
        String vmInfo = System.getProperty("java.vm.info", "");
        if (vmInfo.contains("interpreted mode")) {
            return "the JVM runs in interpreted mode (-Xint); vector code would be slower than scalar";
        }
        if (vmName.toLowerCase(Locale.ROOT).contains("client")) {
            return "client VM without C2";
        }
        Object level = vmOption("TieredStopAtLevel");
        if (level != null && !level.toString().isEmpty()) {
            try {
                if (Integer.parseInt(level.toString()) < 4) {
                    return "-XX:TieredStopAtLevel=" + level + " disables C2";
                }
            } catch (NumberFormatException ignored) {
                // unknown format: assume C2
            }
        }
        Object useCompiler = vmOption("UseCompiler");
        if (useCompiler != null && "false".equals(useCompiler.toString())) {
            return "-XX:-UseCompiler disables the JIT";
        }
        return null;
    }

    /**
     * Reads a HotSpot VM option through jdk.management when that module is present; on a
     * minimal runtime without it, returns null (and C2 is assumed).
     */
    private static Object vmOption(String name) {
        if (ModuleLayer.boot().findModule("jdk.management").isEmpty()) {
            return null;
        }
        try {
            Class<?> mf = Class.forName("java.lang.management.ManagementFactory");
            Class<?> bean = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Object server = mf.getMethod("getPlatformMXBean", Class.class).invoke(null, bean);
            Object option = bean.getMethod("getVMOption", String.class).invoke(server, name);
            return option.getClass().getMethod("getValue").invoke(option);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
