package dev.verdict.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.drift.Baseline;
import dev.verdict.drift.DriftDetector;
import dev.verdict.drift.DriftSettings;
import dev.verdict.drift.PerformanceEstimate;
import dev.verdict.fallback.Fallbacks;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelRegistry;
import dev.verdict.model.ModelVersion;
import dev.verdict.model.Objective;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} learns binary and regression too, inferring which from the label, and serves both. */
class TrainObjectivesTest {
  @TempDir
  static Path models;
  static String binaryLog;
  static String regressionLog;

  @BeforeAll
  static void train() throws Exception {
    TestModels.MODELS.toString();
    binaryLog = run("conf/train/breast-cancer.json", "examples/python-models/breast-cancer/table.jsonl",
        models.resolve("breast-cancer/1"));
    regressionLog = run("conf/train/cars-mpg.json", "data/cars.jsonl", models.resolve("cars-mpg/1"));
  }

  private static String run(String spec, String data, Path out) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    new Trainer(new PrintStream(log, true)).train(TrainSpec.read(Path.of(spec)), Path.of(data), out);
    return log.toString();
  }

  @Test
  void aTwoValuedLabelTrainsABinaryModelWithAucAndFallbacks() throws Exception {
    assertThat(binaryLog).contains("objective: binary (inferred: label \"target\" has two values");
    JsonObject m = new JsonObject(Files.readString(models.resolve("breast-cancer/1/manifest.json")));
    assertThat(m.getJsonObject("objective").getString("kind")).isEqualTo("binary");
    JsonObject primary = m.getJsonObject("metrics").getJsonObject("holdout").getJsonObject("primary");
    assertThat(primary.getDouble("auc")).isGreaterThan(0.95);
    assertThat(primary.getDouble("accuracy")).isGreaterThan(0.9);
    ModelVersion v = ModelRegistry.scan(models).get("breast-cancer");
    assertThat(v.labels()).containsExactly("0", "1");
    assertThat(Fallbacks.load(v)).containsKey("random-forest");
    try (LightGbmScorer s = v.openScorer()) {
      Map<String, Object> row = new JsonObject(Files.readAllLines(
          Path.of("examples/python-models/breast-cancer/table.jsonl")).get(0)).getMap();
      double[] p = s.predict(v.pipeline().encode(row));
      assertThat(p).hasSize(2);
      assertThat(p[0] + p[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(p[0]).as("row 0 is malignant (target 0)").isGreaterThan(0.5);
    }
  }

  @Test
  void aNumericLabelTrainsARegressionWithAForestFallbackAndAPredictionBaseline() throws Exception {
    assertThat(regressionLog).contains("objective: regression (inferred: label \"Miles_per_Gallon\" is numeric");
    JsonObject m = new JsonObject(Files.readString(models.resolve("cars-mpg/1/manifest.json")));
    assertThat(m.containsKey("labels")).isFalse();
    JsonObject hold = m.getJsonObject("metrics").getJsonObject("holdout");
    assertThat(hold.getJsonObject("primary").getDouble("r2")).isGreaterThan(0.8);
    assertThat(hold.getJsonObject("primary").getDouble("rmse"))
        .isLessThan(hold.getJsonObject("training_mean").getDouble("rmse") / 2);
    assertThat(hold.getJsonObject("regression-forest").getDouble("r2")).isGreaterThan(0.8);

    ModelVersion v = ModelRegistry.scan(models).get("cars-mpg");
    assertThat(v.objective().kind()).isEqualTo(Objective.Kind.REGRESSION);
    var fallback = Fallbacks.load(v).get("regression-forest");
    Map<String, Object> car = Map.of("Cylinders", 4, "Displacement", 97, "Horsepower", 88, "Weight_in_lbs", 2130,
        "Acceleration", 14.5, "Year", 1970, "Origin", "Japan");
    FeatureVector x = v.pipeline().encodeRecord(car);
    try (LightGbmScorer s = v.openScorer()) {
      double mpg = s.predict(x)[0];
      assertThat(mpg).isBetween(20.0, 35.0);
      assertThat(fallback.predictProba(x, car)[0]).isBetween(20.0, 35.0);

      // the output watch: heavy eight-cylinder cars only move the prediction distribution far from validation
      Baseline b = Baseline.parse(new JsonObject(Files.readString(v.dir().resolve("baseline.json"))),
          v.pipeline().groups(), v.labels());
      assertThat(b.regression()).isTrue();
      List<Map<String, Object>> rows = TrainingData.read(Path.of("data/cars.jsonl"), "Miles_per_Gallon").records();
      DriftDetector same = detector(v, b);
      DriftDetector heavy = detector(v, b);
      for (Map<String, Object> r : rows) {
        FeatureVector f = v.pipeline().encode(r);
        same.add(f, s.predict(f), null, "primary");
        Map<String, Object> big = new HashMap<>(r);
        big.put("Cylinders", 8);
        big.put("Weight_in_lbs", 5000);
        big.put("Horsepower", 220);
        FeatureVector g = v.pipeline().encode(big);
        heavy.add(g, s.predict(g), null, "primary");
      }
      same.evaluate();
      heavy.evaluate();
      JsonObject quiet = same.report().getJsonObject("concept");
      JsonObject loud = heavy.report().getJsonObject("concept");
      assertThat(quiet.getString("watch")).startsWith("prediction distribution");
      assertThat(quiet.getBoolean("alarm")).as(quiet.encode()).isFalse();
      assertThat(loud.getBoolean("alarm")).as(loud.encode()).isTrue();
      assertThat(loud.getDouble("mean_prediction")).isLessThan(quiet.getDouble("mean_prediction"));
    }
  }

  private static DriftDetector detector(ModelVersion v, Baseline b) {
    return new DriftDetector(v.name(), v.version(), b, PerformanceEstimate.fromJson(null),
        DriftSettings.fromJson(new JsonObject().put("window", 500).put("min_samples", 50).put("evaluate_every", 10)
            .put("evaluate_interval_ms", 0)));
  }
}
