/*
 * The datasets hsiq knows by name, with every fact taken from the shared data README
 * (../shared/data/README.md): file layout under the data directory, MAT variable names,
 * shapes, band counts, class names and ids, labeled pixels per class, canonical sizes,
 * sha256 sums and the GIC UPV/EHU download URLs. Names follow the community's usage:
 * IndianPines, PaviaU, PaviaC, Salinas, SalinasA, KSC, Botswana (canonical scenes);
 * IndianPines-spectra and Botswana-spectra (all labeled spectra, no positions);
 * IndianPines-semisynthetic and Botswana-semisynthetic (real layout, real spectra placed
 * per class) and PaviaU-, PaviaC-, Salinas-, SalinasA-, KSC-synthetic (real layout,
 * synthetic spectra with the scene's band count) as stand-ins for the missing cubes.
 */
package dev.hsiq.training.data;

import dev.hsiq.engine.error.BadInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class DatasetRegistry {

    private static final String EHU = "https://www.ehu.eus/ccwintco/uploads/";
    private static final String EHU_ES = "https://www.ehu.es/ccwintco/uploads/";
    private static final String FSHDMR = "https://raw.githubusercontent.com/scilearn/FSHDMR/"
            + "ee41d1d24e167dff717529fd0bf0c463c814e4b2/data/";

    private static final Map<String, DatasetInfo> ENTRIES = new LinkedHashMap<>();

    static {
        // ---- Indian Pines (AVIRIS, 145 x 145, 200 bands after water-absorption removal) ----
        DataFile ipGt = new DataFile("indian_pines/Indian_pines_gt.mat", List.of("indian_pines_gt"), 1_125,
                "65c4687a8ab04f6da4789799bc3bc4f6e88bccac3ed6a2e6ae367e5e6b9e429c", EHU + "c/c4/Indian_pines_gt.mat",
                "canonical EHU ground truth");
        DataFile ipCube = new DataFile("indian_pines/Indian_pines_corrected.mat", List.of("indian_pines_corrected"),
                5_953_527, "ec2f8808710919d566f70f0d4aa885aae1ddfd42b734aba71c5e12ca65450939",
                EHU + "6/67/Indian_pines_corrected.mat", "canonical EHU cube");
        DataFile ipSpectra = new DataFile("indian_pines/labeled_only/INDIANPINES.mat", List.of("X", "Y"), 2_881_362,
                "3eb68215651f961a6ab7c43aebb40935fe1249ae42882481d30e5a6115bc1522", FSHDMR + "INDIANPINES.mat",
                "labeled spectra from scilearn/FSHDMR @ ee41d1d (not an EHU file)");
        List<String> ipClasses = List.of("Alfalfa", "Corn-notill", "Corn-mintill", "Corn", "Grass-pasture",
                "Grass-trees", "Grass-pasture-mowed", "Hay-windrowed", "Oats", "Soybean-notill", "Soybean-mintill",
                "Soybean-clean", "Wheat", "Woods", "Buildings-Grass-Trees-Drives", "Stone-Steel-Towers");
        int[] ipCounts = {46, 1428, 830, 237, 483, 730, 28, 478, 20, 972, 2455, 593, 205, 1265, 386, 93};
        scenes("IndianPines", "Indian Pines", 145, 145, 200, ipClasses, seq(16), ipCounts, ipGt, ipCube, 0.10);
        spectraSet("IndianPines", ipSpectra);
        semisynthetic("IndianPines", ipSpectra);

        // ---- Pavia University (ROSIS, 610 x 340, 103 bands) ----
        DataFile puGt = new DataFile("pavia_university/PaviaU_gt.mat", List.of("paviaU_gt"), 11_005,
                "23f6a426928f9b32984adffe659e29f554f9fb6c93b5a107528d308d5087a829", EHU + "5/50/PaviaU_gt.mat",
                "canonical EHU ground truth");
        DataFile puCube = new DataFile("pavia_university/PaviaU.mat", List.of("paviaU"), 34_806_917,
                "28447fa87f7a5797845e9a189c0da85e23b1d06a4ba7361e5ff44efbf834d2fb", EHU + "e/ee/PaviaU.mat",
                "canonical EHU cube");
        scenes("PaviaU", "Pavia University", 610, 340, 103, List.of("Asphalt", "Meadows", "Gravel", "Trees",
                        "Painted metal sheets", "Bare Soil", "Bitumen", "Self-Blocking Bricks", "Shadows"), seq(9),
                new int[]{6631, 18649, 2099, 3064, 1345, 5029, 1330, 3682, 947}, puGt, puCube, 0.05);
        synthetic("PaviaU");

        // ---- Pavia Centre (ROSIS, 1096 x 715, 102 bands) ----
        DataFile pcGt = new DataFile("pavia_centre/Pavia_gt.mat", List.of("pavia_gt"), 34_887,
                "7eb54ab81b404dd3ae572e6d0ec211595029e5a847bec2cfb8f9e72d07066b69", EHU + "5/53/Pavia_gt.mat",
                "canonical EHU ground truth");
        DataFile pcCube = new DataFile("pavia_centre/Pavia.mat", List.of("pavia"), 129_624_657,
                "b60341da323fd271cd97dd6d7a69514d385ccd7fdfc5a60c4ff5994b047f152e", EHU + "e/e3/Pavia.mat",
                "canonical EHU cube");
        scenes("PaviaC", "Pavia Centre", 1096, 715, 102, List.of("Water", "Trees", "Asphalt", "Self-Blocking Bricks",
                        "Bitumen", "Tiles", "Shadows", "Meadows", "Bare Soil"), seq(9),
                new int[]{65971, 7598, 3090, 2685, 6584, 9248, 7287, 42826, 2863}, pcGt, pcCube, 0.05);
        synthetic("PaviaC");

        // ---- Salinas (AVIRIS, 512 x 217, 204 bands) ----
        DataFile saGt = new DataFile("salinas/Salinas_gt.mat", List.of("salinas_gt"), 4_277,
                "ecfab4d31ef5553f097943235d8ea502038eb4a2067b2ad10b33e37c949955e2", EHU + "f/fa/Salinas_gt.mat",
                "EHU ground truth (copy from gokriznastic/HybridSN)");
        DataFile saCube = new DataFile("salinas/Salinas_corrected.mat", List.of("salinas_corrected"), 26_552_770,
                "5ec1c0d22f56d18ecd336f8e35735863c0f160682e04e0c18ef3f89a3334d87d",
                EHU + "a/a3/Salinas_corrected.mat", "canonical EHU cube");
        List<String> salinasClasses = List.of("Brocoli_green_weeds_1", "Brocoli_green_weeds_2", "Fallow",
                "Fallow_rough_plow", "Fallow_smooth", "Stubble", "Celery", "Grapes_untrained", "Soil_vinyard_develop",
                "Corn_senesced_green_weeds", "Lettuce_romaine_4wk", "Lettuce_romaine_5wk", "Lettuce_romaine_6wk",
                "Lettuce_romaine_7wk", "Vinyard_untrained", "Vinyard_vertical_trellis");
        scenes("Salinas", "Salinas", 512, 217, 204, salinasClasses, seq(16), new int[]{2009, 3726, 1976, 1394, 2678,
                3959, 3579, 11271, 6203, 3278, 1068, 1927, 916, 1070, 7268, 1807}, saGt, saCube, 0.05);
        synthetic("Salinas");

        // ---- Salinas-A (sub-scene of Salinas, 83 x 86, 204 bands, Salinas ids 1 and 10..14) ----
        DataFile saaGt = new DataFile("salinas_a/SalinasA_gt.mat", List.of("salinasA_gt"), 587,
                "17814c1d3296c0e29b27f320f2c4174d2a68adb87e376abe78f02923e2c2e454", EHU + "a/aa/SalinasA_gt.mat",
                "canonical EHU ground truth");
        DataFile saaCube = new DataFile("salinas_a/SalinasA_corrected.mat", List.of("salinasA_corrected"),
                1_539_086, "d75684ed3ab71a1024cee0f9db9061f50a3523a92ff5edfbbb1eed976b9f1721",
                EHU + "1/1a/SalinasA_corrected.mat", "canonical EHU cube");
        scenes("SalinasA", "Salinas-A", 83, 86, 204, List.of("Brocoli_green_weeds_1", "Corn_senesced_green_weeds",
                        "Lettuce_romaine_4wk", "Lettuce_romaine_5wk", "Lettuce_romaine_6wk", "Lettuce_romaine_7wk"),
                new int[]{1, 10, 11, 12, 13, 14}, new int[]{391, 1343, 616, 1525, 674, 799}, saaGt, saaCube, 0.05);
        synthetic("SalinasA");

        // ---- Kennedy Space Center (AVIRIS, 512 x 614, 176 bands) ----
        DataFile kscGt = new DataFile("ksc/KSC_gt.mat", List.of("KSC_gt"), 3_240,
                "a1d6ab9293691006bd4d9742d1a1e1c141b1aaa5fbc5fa128b33c1d09038510b", EHU_ES + "a/a6/KSC_gt.mat",
                "EHU ground truth (copy from mhaut/HSI-datasets)");
        DataFile kscCube = new DataFile("ksc/KSC.mat", List.of("KSC"), 56_824_624,
                "b1ad011cfdb65c853e4f9f6108ca4774467d87f90a5c23b74ff3a2984a3b4786", EHU_ES + "2/26/KSC.mat",
                "canonical EHU cube");
        scenes("KSC", "Kennedy Space Center", 512, 614, 176, List.of("Scrub", "Willow swamp", "Cabbage palm hammock",
                        "Cabbage palm/oak hammock", "Slash pine", "Oak/broadleaf hammock", "Hardwood swamp",
                        "Graminoid marsh", "Spartina marsh", "Cattail marsh", "Salt marsh", "Mud flats", "Water"),
                seq(13), new int[]{761, 243, 256, 252, 161, 229, 105, 431, 520, 404, 419, 503, 927}, kscGt, kscCube,
                0.05);
        synthetic("KSC");

        // ---- Botswana (Hyperion, 1476 x 256, 145 bands) ----
        DataFile boGt = new DataFile("botswana/Botswana_gt.mat", List.of("Botswana_gt"), 4_039,
                "668394905e10e629c16584bfd02b0f533b96d6ba18a63274a94ff3a77126a887", EHU_ES + "5/58/Botswana_gt.mat",
                "EHU ground truth (copy from mhaut/HSI-datasets)");
        DataFile boCube = new DataFile("botswana/Botswana.mat", List.of("Botswana"), 78_911_133,
                "f1603903c844cdc2980550b0180688e8e1a72d4292595d1120e1dec2a80a91c7", EHU_ES + "7/72/Botswana.mat",
                "canonical EHU cube");
        DataFile boSpectra = new DataFile("botswana/labeled_only/BOTSWANA.mat", List.of("X", "Y"), 709_797,
                "f048c010100364c4eafec4f030741274ee03e909245f99a4694d4da7ac511eb2", FSHDMR + "BOTSWANA.mat",
                "labeled spectra from scilearn/FSHDMR @ ee41d1d (not an EHU file)");
        scenes("Botswana", "Botswana", 1476, 256, 145, List.of("Water", "Hippo grass", "Floodplain grasses 1",
                        "Floodplain grasses 2", "Reeds", "Riparian", "Firescar", "Island interior", "Acacia woodlands",
                        "Acacia shrublands", "Acacia grasslands", "Short mopane", "Mixed mopane", "Exposed soils"),
                seq(14), new int[]{270, 101, 251, 215, 269, 269, 259, 203, 314, 248, 305, 181, 268, 95}, boGt, boCube,
                0.05);
        spectraSet("Botswana", boSpectra);
        semisynthetic("Botswana", boSpectra);
    }

    private DatasetRegistry() {
    }

    /** The entry named {@code name} (exact, case-sensitive as listed), or a BadInputException listing all. */
    public static DatasetInfo get(String name) {
        DatasetInfo info = ENTRIES.get(name);
        if (info == null) {
            DatasetInfo ci = ENTRIES.values().stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst()
                    .orElse(null);
            String hint = ci != null ? " (did you mean " + ci.name() + "?)" : "";
            throw new BadInputException("unknown dataset '" + name + "'" + hint + "; known datasets: "
                    + String.join(", ", ENTRIES.keySet()));
        }
        return info;
    }

    public static boolean contains(String name) {
        return ENTRIES.containsKey(name);
    }

    /** All entries in registry order (each scene followed by its spectra set and stand-in). */
    public static List<DatasetInfo> all() {
        return Collections.unmodifiableList(new ArrayList<>(ENTRIES.values()));
    }

    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    private static void scenes(String name, String title, int rows, int cols, int bands, List<String> classes,
                               int[] ids, int[] counts, DataFile gt, DataFile cube, double ratio) {
        ENTRIES.put(name, new DatasetInfo(name, DatasetKind.SCENE, title, rows, cols, bands, classes, ids, counts, gt,
                cube, null, name, LabeledData.CANONICAL, ratio));
    }

    private static void spectraSet(String scene, DataFile spectra) {
        DatasetInfo s = ENTRIES.get(scene);
        String name = scene + "-spectra";
        String provenance = "real labeled spectra of " + scene + " (" + spectra.relativePath()
                + "), without pixel positions";
        ENTRIES.put(name, new DatasetInfo(name, DatasetKind.SPECTRA, s.title() + " labeled spectra", 0, 0, s.bands(),
                s.classNames(), s.classIds(), s.expectedCounts(), null, null, spectra, scene, provenance,
                s.defaultTrainRatio()));
    }

    private static void semisynthetic(String scene, DataFile spectra) {
        DatasetInfo s = ENTRIES.get(scene);
        String name = scene + "-semisynthetic";
        String provenance = "semisynthetic stand-in for " + scene + ": the real ground-truth layout ("
                + s.groundTruth().fileName() + ") with each labeled pixel given a real labeled spectrum of its class "
                + "from " + spectra.fileName() + " (true positions unknown), unlabeled pixels synthesized from "
                + "nearby classes plus noise; not the canonical cube";
        ENTRIES.put(name, new DatasetInfo(name, DatasetKind.SEMISYNTHETIC, s.title() + " (semisynthetic stand-in)",
                s.rows(), s.cols(), s.bands(), s.classNames(), s.classIds(), s.expectedCounts(), s.groundTruth(),
                null, spectra, scene, provenance, s.defaultTrainRatio()));
    }

    private static void synthetic(String scene) {
        DatasetInfo s = ENTRIES.get(scene);
        String name = scene + "-synthetic";
        String provenance = "synthetic stand-in for " + scene + ": the real ground-truth layout ("
                + s.groundTruth().fileName() + ") with synthetic smooth class spectra of " + s.bands()
                + " bands, within-class variability, noise and mixed borders; not real spectra";
        ENTRIES.put(name, new DatasetInfo(name, DatasetKind.SYNTHETIC, s.title() + " (synthetic stand-in)", s.rows(),
                s.cols(), s.bands(), s.classNames(), s.classIds(), s.expectedCounts(), s.groundTruth(), null, null,
                scene, provenance, s.defaultTrainRatio()));
    }

    private static int[] seq(int k) {
        int[] ids = new int[k];
        for (int i = 0; i < k; i++) {
            ids[i] = i + 1;
        }
        return ids;
    }
}
