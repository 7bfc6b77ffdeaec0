/*
 * The raw input of a plan run, already checked against the model (CompiledModel does that):
 *   Spectra       count spectra of B bands, spectrum s at x[s * B]
 *   Patches       count patches in the model's CHW layout, patch s at x[s * B * P * P]
 *   ScenePatches  the patch of every pixel of a BIP scene, cut on the fly with mirror padding
 *                 (per-patch mode over a scene, for networks without a dense scene form)
 *   Scene         a BIP scene (rows x cols x B, value (r * cols + c) * B + b) for dense scene mode
 */
package dev.hsiq.engine.compile;

sealed interface Source {

    record Spectra(float[] x, int count, int bands) implements Source {
    }

    record Patches(float[] x, int count, int bands, int size) implements Source {
    }

    record ScenePatches(Scene scene, int size) implements Source {
    }

    record Scene(float[] cube, int rows, int cols, int bands) implements Source {
        int pixels() {
            return rows * cols;
        }
    }
}
