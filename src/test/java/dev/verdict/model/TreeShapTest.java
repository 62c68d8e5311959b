package dev.verdict.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.features.FeatureVector;
import dev.verdict.train.TrainingData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TreeSHAP on the compiled forest against LightGBM's own ({@code C_API_PREDICT_CONTRIB} on the DJL-loaded
 * booster), every column and the bias, for every class: the holdout rows and seeded fuzz rows (zeros, NaNs,
 * negatives, out-of-range values) of both shipped models.
 */
class TreeShapTest {
  @ParameterizedTest
  @CsvSource({"models/product-classifier/1, data/products.jsonl, category, 300",
      "models/penguins/1, data/penguins.jsonl, species, 2000"})
  void equalsTheBoostersContributions(String dir, String data, String label, int fuzz) throws Exception {
    ModelVersion v = TestModels.open(Path.of(dir));
    TrainingData d = TrainingData.read(Path.of(data), label);
    List<FeatureVector> rows = new ArrayList<>();
    for (int i : d.indicesOf("holdout")) {
      rows.add(v.pipeline().encode(d.records().get(i)));
    }
    TreeForest forest = TreeForest.read(v.dir().resolve("model.txt"));
    rows.addAll(FuzzRows.generate(forest, forest.numFeatures(), fuzz, 7));
    TreeShap shap = new TreeShap(forest);
    double worst = 0;
    try (LightGbmScorer booster = v.openBooster()) {
      for (FeatureVector row : rows) {
        double[] raw = booster.boosterBatch(List.of(row), true)[0];
        for (int k = 0; k < forest.numClass(); k++) {
          double[] want = booster.boosterContributions(row, k);
          double[] got = shap.contributions(row, k);
          double sum = 0;
          for (int c = 0; c < want.length; c++) {
            worst = Math.max(worst, Math.abs(want[c] - got[c]));
            sum += got[c];
          }
          assertThat(Math.abs(sum - raw[k])).as("bias + contributions = raw score").isLessThan(1e-9);
        }
      }
    }
    System.out.println(dir + ": TreeSHAP vs booster on " + rows.size() + " rows, max |difference| " + worst);
    assertThat(worst).isLessThan(1e-9);
  }
}
