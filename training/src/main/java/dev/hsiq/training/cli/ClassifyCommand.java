/*
 * `hsiq classify`: classifies every pixel of a scene with a saved model and writes the
 * class map (PNG with the color table and a legend, ENVI classification file, class table
 * CSV), the ground truth PNG where the scene has one, and a short summary with the
 * accuracy on the labeled pixels.
 */
package dev.hsiq.training.cli;

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
import dev.hsiq.training.run.Evaluator;
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

    @Override
    public Integer call() throws java.io.IOException {
        Model model = ModelFile.read(modelFile);
        Scene scene = loadScene();
        scene.requireBands(model.bands(), "model " + modelFile);
        long t0 = System.nanoTime();
        int[] all = new int[scene.pixelCount()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        int[] predicted = Evaluator.predictAll(Predictors.forModel(model), model.spec(), scene, all);
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
        out().printf(Locale.ROOT, "classified %d x %d pixels of %s%s in %.2f s%n", scene.rows(), scene.cols(),
                scene.name(), scene.isStandIn() ? " (" + scene.provenance() + ")" : "", seconds);
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
