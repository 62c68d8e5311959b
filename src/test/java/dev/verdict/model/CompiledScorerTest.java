package dev.verdict.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.features.FeatureVector;
import dev.verdict.train.TrainingData;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The compiled forest against the DJL-loaded booster on both shipped models: every holdout row and 100,000 fuzz rows. */
class CompiledScorerTest {

  @ParameterizedTest
  @CsvSource({"models/product-classifier/1, data/products.jsonl, category",
      "models/penguins/1, data/penguins.jsonl, species"})
  void rawScoresEqualTheBoostersBitForBitOnHoldoutAndFuzz(String dir, String data, String label) throws Exception {
    ModelVersion v = TestModels.open(Path.of(dir));
    TrainingData d = TrainingData.read(Path.of(data), label);
    List<FeatureVector> holdout = new ArrayList<>();
    for (int i : d.indicesOf("holdout")) {
      holdout.add(v.pipeline().encode(d.records().get(i)));
    }
    TreeForest forest = TreeForest.read(v.dir().resolve("model.txt"));
    assertThat(forest.layout()).isEqualTo("bits");
    try (LightGbmScorer booster = v.openBooster()) {
      for (boolean walk : new boolean[] {false, true}) {
        ScorerCheck check = ScorerCheck.run(booster, forest, holdout, 100_000, 42, walk);
        System.out.println(dir + (walk ? " (walk): " : " (bits): ") + check.toJson().encode());
        assertThat(check.rows()).isEqualTo(holdout.size() + 1 + 100_000);
        assertThat(check.firstMismatch()).isNull();
        assertThat(check.rawMismatches()).isZero();
        assertThat(check.maxOutputUlps()).isLessThanOrEqualTo(ScorerCheck.OUTPUT_ULP_BOUND);
        assertThat(check.passed()).isTrue();
      }
    }
  }

  /** LightGBM's categorical, NaN-missing and zero-missing rules and other objectives, on models trained here. */
  @ParameterizedTest
  @CsvSource({"3, objective=multiclass num_class=3 num_leaves=15, true, bits",
      "3, objective=multiclassova num_class=3 num_leaves=7, true, bits",
      "2, objective=binary num_leaves=15 zero_as_missing=true, false, bits",
      "0, objective=regression num_leaves=31, true, bits",
      "0, objective=regression num_leaves=120 min_data_in_leaf=2, true, walk"})
  void modelsWithCategoricalAndMissingValueSplitsMatchTheBooster(int classes, String params, boolean nanMissing,
                                                                 String layout, @TempDir Path dir) throws Exception {
    TestBoosters.train(dir, classes, params, 40);
    String text = Files.readString(dir.resolve("model.txt"));
    assertThat(text).containsPattern("num_cat=[1-9]");
    // decision_type bits 2-3: 2 = NaN is missing, 1 = zero is missing
    assertThat(text).containsPattern("decision_type=[^\\n]*\\b" + (nanMissing ? "(9|10|11)" : "(5|6|7)") + "\\b");
    TreeForest forest = TreeForest.read(dir.resolve("model.txt"));
    // trees of more than 64 leaves are walked; narrower ones are resolved feature-major, and walked here too
    assertThat(forest.layout()).isEqualTo(layout);
    List<FeatureVector> rows = new ArrayList<>();
    for (double[] x : TestBoosters.rows(500, 11)) {
      rows.add(sparse(x));
    }
    try (LightGbmScorer booster = LightGbmScorer.load(dir)) {
      for (boolean walk : new boolean[] {false, true}) {
        ScorerCheck check = ScorerCheck.run(booster, forest, rows, 20_000, 5, walk);
        System.out.println(params + (walk ? " (walk): " : ": ") + check.toJson().encode());
        assertThat(check.firstMismatch()).isNull();
        assertThat(check.rawMismatches()).isZero();
        assertThat(check.passed()).isTrue();
      }
      // the compiled scorer answers what the booster answers on the same rows, one by one
      CompiledScorer c = new CompiledScorer(forest);
      double[][] want = booster.boosterBatch(rows, false);
      for (int i = 0; i < rows.size(); i++) {
        double[] got = c.predict(rows.get(i));
        for (int k = 0; k < got.length; k++) {
          assertThat(ScorerCheck.ulps(got[k], want[i][k])).isLessThanOrEqualTo(ScorerCheck.OUTPUT_ULP_BOUND);
        }
      }
    }
  }

  @Test
  void aLinearTreeModelIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
    TestBoosters.train(dir, 0, "objective=regression linear_tree=true num_leaves=7", 5);
    assertThatThrownBy(() -> TreeForest.read(dir.resolve("model.txt"))).hasMessageContaining("linear tree");
  }

  @Test
  void anUnknownObjectiveIsRefusedWithTheReason() {
    List<String> lines = List.of("tree", "version=v3", "num_class=1", "num_tree_per_iteration=1", "max_feature_idx=0",
        "objective=cross_entropy_lambda", "", "Tree=0", "num_leaves=1", "num_cat=0", "leaf_value=0.5", "",
        "end of trees");
    assertThatThrownBy(() -> TreeForest.parse(lines)).hasMessageContaining("objective cross_entropy_lambda");
  }

  @Test
  void oneLeafTreesAndExactThresholdsFollowLightGbm() throws Exception {
    // x <= threshold goes left; NaN with missing type none reads as 0.0; one-leaf trees return leaf_value[0]
    List<String> lines = List.of("tree", "version=v3", "num_class=1", "num_tree_per_iteration=1", "max_feature_idx=1",
        "objective=regression", "",
        "Tree=0", "num_leaves=2", "num_cat=0", "split_feature=1", "threshold=0.5", "decision_type=2",
        "left_child=-1", "right_child=-2", "leaf_value=1.25 -3", "",
        "Tree=1", "num_leaves=1", "num_cat=0", "leaf_value=0.125", "", "end of trees");
    CompiledScorer c = new CompiledScorer(TreeForest.parse(lines));
    assertThat(c.predict(row(2, 1, 0.5))[0]).isEqualTo(1.375);
    assertThat(c.predict(row(2, 1, Math.nextUp(0.5)))[0]).isEqualTo(-2.875);
    assertThat(c.predict(row(2, 1, Double.NaN))[0]).isEqualTo(1.375);
    assertThat(c.predict(row(2, 0, 99))[0]).isEqualTo(1.375);
    assertThat(c.predict(row(2, 1, Double.POSITIVE_INFINITY))[0]).isEqualTo(-2.875);
  }

  private static FeatureVector row(int size, int col, double value) {
    return new FeatureVector(size, new int[] {col}, new double[] {value});
  }

  private static FeatureVector sparse(double[] x) {
    int n = 0;
    for (double d : x) {
      n += d != 0.0 ? 1 : 0;
    }
    int[] idx = new int[n];
    double[] val = new double[n];
    for (int j = 0, at = 0; j < x.length; j++) {
      if (x[j] != 0.0) {
        idx[at] = j;
        val[at++] = x[j];
      }
    }
    return new FeatureVector(x.length, idx, val);
  }
}
