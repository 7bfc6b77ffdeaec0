/*
 * `hsiq classify`: classifies every pixel of a scene with a saved model and writes the
 * class map (PNG with the color table and a legend, ENVI classification file, class table
 * CSV), the ground truth PNG where the scene has one, and a short summary with the
 * accuracy on the labeled pixels. The model runs on the compiled engine with --threads
 * threads: a patch model whose network allows it (CompiledModel.denseScene(), e.g. patch-cnn)
 * in one dense pass over the mirror-padded scene, other patch models patch by patch, spectral
 * models pixel by pixel; the labels are those of per-patch (per-pixel) inference either way.
 */
package dev.hsiq.training.cli;

import dev.hsiq.engine.HsiClassifier;
import dev.hsiq.engine.error.BadInputException;
import dev.hsiq.engine.io.ModelFile;
import dev.hsiq.engine.model.Model;
import dev.hsiq.training.data.DatasetRegistry;
import dev.hsiq.training.data.Scene;
import dev.hsiq.training.data.SceneFiles;
import dev.hsiq.training.output.ClassMap;
import dev.hsiq.training.output.ClassMapOutputs;
import dev.hsiq.training.protocol.ConfusionMatrix;
import dev.hsiq.training.protocol.EvaluationMetrics;
import dev.hsiq.training.run.Predictors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify every pixel of a scene; writes the class map (PNG, ENVI, CSV) and the ground truth PNG.")
public final class ClassifyCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Mixin
    DataDirOption data;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A .hsiq model file.")
    Path modelFile;

    @Option(names = "--scene", required = true, paramLabel = "NAME|FILE",
            description = "A scene dataset name (e.g. IndianPines-semisynthetic) or a cube file (.mat, ENVI .hdr).")
    String sceneArg;

    @Option(names = "--var", paramLabel = "NAME", description = "Variable of the cube in a MAT file (default: the largest 3-D array).")
    String variable;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws java.io.IOException {
        int threadCount = threads.value();
        Model model = ModelFile.read(modelFile);
        Scene scene = loadScene();
        scene.requireBands(model.bands(), "model " + modelFile);
        HsiClassifier classifier = Predictors.classifier(model, threadCount);
        long t0 = System.nanoTime();
        int[] predicted = classifier.classifyScene(scene.cube(), scene.rows(), scene.cols(), scene.bands());
        double seconds = (System.nanoTime() - t0) / 1e9;
        int[] labels = new int[predicted.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = predicted[i] + 1;
        }
        boolean sameClasses = scene.classCount() == model.classes();
        ClassMap map = sameClasses ? ClassMap.prediction(scene, labels, model.spec().name())
                : new ClassMap(scene.name() + " classified by " + model.spec().name(), scene.rows(), scene.cols(), labels,
                model.classNames(), ids(model.classes()));
        List<Path> written = new ArrayList<>(ClassMapOutputs.writeAll(out, "classmap", map));
        out().printf(Locale.ROOT, "classified %d x %d pixels of %s%s in %.2f s (%s, %d thread%s)%n", scene.rows(),
                scene.cols(), scene.name(), scene.isStandIn() ? " (" + scene.provenance() + ")" : "", seconds,
                mode(classifier), threadCount, threadCount == 1 ? "" : "s");
        if (scene.hasGroundTruth()) {
            written.addAll(ClassMapOutputs.writeAll(out, "groundtruth", ClassMap.groundTruth(scene)));
            if (sameClasses) {
                ConfusionMatrix cm = new ConfusionMatrix(model.classes());
                int[] gt = scene.labels();
                for (int i = 0; i < gt.length; i++) {
                    if (gt[i] > 0) {
                        cm.add(gt[i] - 1, predicted[i]);
                    }
                }
                EvaluationMetrics m = cm.metrics(model.classNames());
                out().printf(Locale.ROOT, "on the %d labeled pixels (training pixels included): OA %.2f%%  AA %.2f%%  kappa %.4f%n",
                        m.total(), 100 * m.oa(), 100 * m.aa(), m.kappa());
            }
        }
        written.forEach(p -> out().println("wrote " + p));
        out().flush();
        return 0;
    }

    private Scene loadScene() {
        if (DatasetRegistry.contains(sceneArg)) {
            return data.datasets().loadScene(sceneArg);
        }
        Path p = Path.of(sceneArg);
        if (Files.isRegularFile(p)) {
            return SceneFiles.load(p, variable);
        }
        throw new BadInputException("scene '" + sceneArg + "' is neither a dataset name (see 'hsiq data list') nor a file");
    }

    /** How classifyScene runs this model. */
    static String mode(HsiClassifier classifier) {
        String kind = classifier.quantized() ? "integer engine" : "float engine";
        if (!classifier.patchModel()) {
            return kind + ", per pixel";
        }
        return kind + (classifier.compiled().denseScene() ? ", dense scene pass" : ", per patch");
    }

    private static int[] ids(int k) {
        int[] ids = new int[k];
        for (int i = 0; i < k; i++) {
            ids[i] = i + 1;
        }
        return ids;
    }

    private java.io.PrintWriter out() {
        return commandSpec.commandLine().getOut();
    }
}
