package dev.verdict.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.features.FeatureVector;
import dev.verdict.model.LightGbmScorer;
import dev.verdict.model.ModelVersion;
import dev.verdict.train.TrainingData;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The detector alone (no Vert.x), on the shipped model, its baseline and holdout rows. */
class DriftDetectorTest {
  static ModelVersion v;
  static LightGbmScorer scorer;
  static Baseline baseline;
  static List<Map<String, Object>> holdout;

  @BeforeAll
  static void load() throws Exception {
    v = TestModels.product();
    scorer = v.openScorer();
    baseline = Baseline.parse(new JsonObject(Files.readString(v.dir().resolve("baseline.json"))),
        v.pipeline().groups(), v.labels());
    TrainingData data = TrainingData.read(Path.of("data/products.jsonl"), "category");
    // The table is sorted by title; live traffic is not. A seeded shuffle makes the holdout a fair stream.
    List<Map<String, Object>> rows = new java.util.ArrayList<>(data.indicesOf("holdout").stream()
        .map(data.records()::get).toList());
    java.util.Collections.shuffle(rows, new java.util.Random(7));
    holdout = rows;
  }

  @AfterAll
  static void close() {
    scorer.close();
  }

  private DriftDetector detector(int window, int min) {
    return new DriftDetector(v.name(), v.version(), baseline,
        PerformanceEstimate.fromJson(v.manifest().json().getJsonObject("calibration")), DriftSettings.fromJson(new JsonObject()
        .put("window", window).put("min_samples", min).put("evaluate_every", 10)
        .put("evaluate_interval_ms", 0)));
  }

  private void feed(DriftDetector d, Map<String, Object> record) {
    FeatureVector f = v.pipeline().encode(record);
    d.add(f, scorer.predict(f), null, "primary");
  }

  private static Map<String, Object> pricey(Map<String, Object> r) {
    Map<String, Object> m = new HashMap<>(r);
    m.put("price", ((Number) m.get("price")).doubleValue() * 3);
    return m;
  }

  @Test
  void onlyGroupsSeenInTrainingAreMonitored() {
    assertThat(baseline.unmonitored()).containsExactlyInAnyOrder("seller_id", "subcategory", "rating", "reviews_count");
  }

  @Test
  void inDistributionTrafficRaisesNothing() {
    DriftDetector d = detector(500, 100);
    for (int i = 0; i < 2000; i++) {
      feed(d, holdout.get(i % holdout.size()));
      if (d.due()) {
        d.evaluate();
        assertThat(d.state().label()).as("after %d records", i + 1).isEqualTo("ok");
      }
    }
    JsonObject price = d.report().getJsonObject("features").getJsonObject("price");
    assertThat(price.getDouble("psi")).isLessThan(0.1);
    assertThat(price.getDouble("ks")).isLessThan(0.1);
  }

  @Test
  void noVerdictBeforeTheMinimumWindow() {
    DriftDetector d = detector(500, 100);
    for (int i = 0; i < 99; i++) {
      feed(d, pricey(holdout.get(i)));
    }
    assertThat(d.evaluate()).isFalse();
    assertThat(d.state().dataDrift()).isFalse();
    assertThat(d.report().getJsonObject("window").getBoolean("verdict_ready")).isFalse();
    feed(d, pricey(holdout.get(99)));
    assertThat(d.evaluate()).isTrue();
    assertThat(d.state().dataDrift()).isTrue();
    assertThat(d.state().reasons()).anySatisfy(r -> assertThat(r).startsWith("price: psi"));
  }

  @Test
  void hysteresisHoldsTheStateUntilTheWindowIsClearlyBack() {
    DriftDetector d = detector(200, 100);
    for (int i = 0; i < 200; i++) {
      feed(d, pricey(holdout.get(i)));
    }
    d.evaluate();
    assertThat(d.state().dataDrift()).isTrue();
    // Mix back in-distribution rows one by one: the verdict may change only once, never back and forth.
    int changes = 0;
    for (int i = 0; i < 400; i++) {
      feed(d, holdout.get(i % holdout.size()));
      if (d.evaluate()) {
        changes++;
      }
    }
    assertThat(changes).isEqualTo(1);
    assertThat(d.state().dataDrift()).isFalse();
  }
}
