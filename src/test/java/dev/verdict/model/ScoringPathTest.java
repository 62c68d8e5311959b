package dev.verdict.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.TestModels;
import dev.verdict.features.FeatureVector;
import dev.verdict.train.Metrics;
import dev.verdict.train.TrainingData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's scoring path (DJL-loaded booster, CSR single-row fast path) against LightGBM's dense batch API. */
class ScoringPathTest {

  @Test
  void singleRowFastPathAndBatchEqualPredictForMatOnEveryHoldoutRow() throws Exception {
    ModelVersion v = TestModels.product();
    TrainingData data = TrainingData.read(Path.of("data/products.jsonl"), "category");
    List<Integer> rows = data.indicesOf("holdout");
    List<FeatureVector> vectors = new ArrayList<>();
    int[] y = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      vectors.add(v.pipeline().encode(data.records().get(rows.get(i))));
      y[i] = v.labels().indexOf(data.labels().get(rows.get(i)));
    }
    try (LightGbmScorer scorer = v.openScorer()) {
      assertThat(scorer.numClass()).isEqualTo(17);
      double[][] dense = scorer.predictDense(vectors.stream().map(FeatureVector::toDense).toArray(double[][]::new));
      double[][] batch = scorer.predictBatch(vectors);
      double[][] single = new double[vectors.size()][];
      for (int i = 0; i < vectors.size(); i++) {
        single[i] = scorer.predict(vectors.get(i));
        double sum = 0;
        for (int k = 0; k < 17; k++) {
          assertThat(single[i][k]).isCloseTo(dense[i][k], within(1e-9));
          assertThat(batch[i][k]).isCloseTo(dense[i][k], within(1e-9));
          sum += single[i][k];
        }
        assertThat(sum).isCloseTo(1.0, within(1e-9));
      }
      Metrics m = Metrics.of(single, y, 17);
      assertThat(m.macroF1()).isGreaterThanOrEqualTo(0.90);
      assertThat(m.macroF1()).isCloseTo(
          v.manifest().metrics().getJsonObject("holdout").getJsonObject("primary").getDouble("macro_f1"), within(1e-6));
    }
  }

  @Test
  void theNumericModelScoresThroughTheSamePath() throws Exception {
    ModelVersion v = TestModels.penguins();
    try (LightGbmScorer scorer = v.openScorer()) {
      double[] gentoo = scorer.predict(v.pipeline().encodePositional(List.of(47.5, 15.0, 218, 4950)));
      double[] adelie = scorer.predict(v.pipeline().encodePositional(List.of(38.9, 18.8, 190, 3600)));
      assertThat(v.labels().get(Metrics.argmax(gentoo))).isEqualTo("Gentoo");
      assertThat(v.labels().get(Metrics.argmax(adelie))).isEqualTo("Adelie");
    }
  }

  @Test
  void aModelThatDoesNotMatchItsManifestIsRefused(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    java.nio.file.Files.copy(TestModels.PENGUINS_DIR.resolve("model.txt"), tmp.resolve("model.txt"));
    java.nio.file.Files.copy(TestModels.PRODUCT_DIR.resolve("manifest.json"), tmp.resolve("manifest.json"));
    // refused when the version is opened, before any booster is loaded
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelVersion.open(tmp))
        .hasMessageContaining("the manifest lists 17 classes, model.txt has 3");
  }
}
