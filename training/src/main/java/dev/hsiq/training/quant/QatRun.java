/*
 * The outcome of one quantization-aware training run: the exported quantized model (what
 * `hsiq train` writes as model.hsiq), the trained network (for the fake-quant forward), the
 * resolved spec, the training history, the clip levels ClipCalibration chose before
 * training, the packed / fp32 sizes of the model, and notes worth printing (e.g. a float
 * model normalized differently from this run's data).
 */
package dev.hsiq.training.quant;

import dev.hsiq.engine.model.Model;
import dev.hsiq.engine.model.ModelSpec;
import dev.hsiq.engine.reference.PackedSize;
import dev.hsiq.training.nn.Network;
import dev.hsiq.training.train.TrainResult;

import java.util.List;
import java.util.Map;

public record QatRun(Model model, Network network, ModelSpec spec, TrainResult training,
                     Map<String, Float> calibratedClips, PackedSize size, List<String> notes) {

    public QatRun {
        calibratedClips = Map.copyOf(calibratedClips);
        notes = List.copyOf(notes);
    }
}
