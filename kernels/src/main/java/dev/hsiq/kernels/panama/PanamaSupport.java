/*
 * The vector-side half of the startup decision: the species every Panama kernel uses.
 * Only loaded by name from Vectorization after the module check, so a runtime without
 * jdk.incubator.vector never links it.
 */
package dev.hsiq.kernels.panama;

import dev.hsiq.kernels.Vectorization;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

public final class PanamaSupport {

    private PanamaSupport() {
    }

    /** The preferred vector width of this CPU in bits (called reflectively). */
    public static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    private static VectorShape shape() {
        int bits = Vectorization.vectorBits();
        if (bits == 0) {
            throw new IllegalStateException("vector kernels requested while the scalar path is selected");
        }
        return VectorShape.forBitSize(bits);
    }

    public static VectorSpecies<Float> floats() {
        return FloatVector.SPECIES_PREFERRED.withShape(shape());
    }

    public static VectorSpecies<Integer> ints() {
        return IntVector.SPECIES_PREFERRED.withShape(shape());
    }

    public static VectorSpecies<Long> longs() {
        return LongVector.SPECIES_PREFERRED.withShape(shape());
    }

    public static VectorSpecies<Short> shorts() {
        return ShortVector.SPECIES_PREFERRED.withShape(shape());
    }

    public static VectorSpecies<Byte> bytes() {
        return ByteVector.SPECIES_PREFERRED.withShape(shape());
    }
}
