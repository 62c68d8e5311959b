package dev.verdict.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.verdict.TestModels;
import dev.verdict.features.FeatureVector;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Calibration, the accuracy estimate and the window's concentration figures, each against a hand computation. */
class CalibrationAndEstimateTest {

  @Test
  void poolAdjacentViolatorsMatchesTheHandFit() {
    // (0.2, wrong) (0.4, right) (0.6, wrong) (0.8, right): 0.4 and 0.6 violate order and pool to 1/2.
    Calibration c = Calibration.isotonic(new double[] {0.6, 0.2, 0.8, 0.4}, new boolean[] {false, false, true, true});
    assertThat(c.upper()).containsExactly(0.2, 0.6, 0.8);
    assertThat(c.value()).containsExactly(0.0, 0.5, 1.0);
    assertThat(c.apply(0.1)).isEqualTo(0.0);
    assertThat(c.apply(0.2)).isEqualTo(0.0);
    assertThat(c.apply(0.3)).isEqualTo(0.5);
    assertThat(c.apply(0.7)).isEqualTo(1.0);
    assertThat(c.apply(0.99)).isEqualTo(1.0);
    // Brier of the fit on its own rows: (0 + 0.25 + 0.25 + 0) / 4
    assertThat(c.brier(new double[] {0.2, 0.4, 0.6, 0.8}, new boolean[] {false, true, false, true})).isEqualTo(0.125);
    // the identity's Brier on the same rows: (0.04 + 0.36 + 0.36 + 0.04) / 4
    assertThat(Calibration.IDENTITY.brier(new double[] {0.2, 0.4, 0.6, 0.8}, new boolean[] {false, true, false, true}))
        .isCloseTo(0.2, within(1e-12));
    // ties share a block: two rows at 0.5, one right
    Calibration t = Calibration.isotonic(new double[] {0.5, 0.5, 0.9}, new boolean[] {true, false, true});
    assertThat(t.upper()).containsExactly(0.5, 0.9);
    assertThat(t.value()).containsExactly(0.5, 1.0);
    assertThat(Calibration.fromJson(t.toJson())).usingRecursiveComparison().isEqualTo(t);
  }

  @Test
  void theEstimateIsTheMeanCalibratedConfidenceAndItsAlarmLevelScalesWithTheWindow() {
    Calibration c = Calibration.isotonic(new double[] {0.6, 0.2, 0.8, 0.4}, new boolean[] {false, false, true, true});
    TreeMap<Integer, double[]> chunks = new TreeMap<>(Map.of(100, new double[] {0.9, 0.02}, 400, new double[] {0.9, 0.012}));
    PerformanceEstimate e = new PerformanceEstimate(c, chunks);
    // calibrated: 0.0, 0.5, 1.0, 1.0 → mean 0.625
    assertThat(e.estimate(new double[] {0.1, 0.5, 0.7, 0.9})).isEqualTo(0.625);
    assertThat(e.estimate(new double[0])).isNaN();
    // n = 200: the 100-row figure scaled by sqrt(100/200); level = 0.9 - 3 * 0.02 / sqrt(2) - 0.03
    assertThat(e.std(200)).isCloseTo(0.02 / Math.sqrt(2), within(1e-15));
    assertThat(e.alarmLevel(200, 3, 0.03)).isCloseTo(0.9 - 3 * 0.02 / Math.sqrt(2) - 0.03, within(1e-15));
    // n = 400 uses its own measured figure; below the smallest size, the smallest scaled up: sqrt(100/25) = 2
    assertThat(e.alarmLevel(400, 3, 0)).isCloseTo(0.9 - 0.036, within(1e-15));
    assertThat(e.std(25)).isCloseTo(0.04, within(1e-15));
    // measured on constant calibrated values, every chunk's estimate is that value and its spread is zero
    PerformanceEstimate m = PerformanceEstimate.measure(Calibration.IDENTITY, new double[] {0.8, 0.8, 0.8}, 1);
    assertThat(m.reference(200)).isCloseTo(0.8, within(1e-12));
    assertThat(m.std(200)).isCloseTo(0.0, within(1e-6));
    PerformanceEstimate back = PerformanceEstimate.fromJson(c.toJson().put("chunks", e.chunksJson()));
    assertThat(back.alarmLevel(200, 3, 0.03)).isEqualTo(e.alarmLevel(200, 3, 0.03));
  }

  @Test
  void theWindowCountsEachDistinctInputOnceAndReportsConcentration() throws Exception {
    var v = TestModels.product();
    Baseline b = Baseline.parse(new JsonObject(java.nio.file.Files.readString(v.dir().resolve("baseline.json"))),
        v.pipeline().groups(), v.labels());
    DriftWindow w = new DriftWindow(b, 4);
    FeatureVector a = v.pipeline().encode(Map.of("title", "Staples paper clips", "price", 3.0, "brand", "Staples"));
    FeatureVector c = v.pipeline().encode(Map.of("title", "Global fabric chair", "price", 120.0, "brand", "Global"));
    w.add(a, null, null);
    w.add(a, null, null);
    w.add(a, null, null);
    w.add(c, null, null);
    assertThat(w.size()).isEqualTo(4);
    assertThat(w.distinct()).isEqualTo(2);
    assertThat(w.topShare()).isEqualTo(0.75);
    // Kish: (3 + 1)^2 / (3^2 + 1^2) = 16 / 10
    assertThat(w.effectiveSampleSize()).isEqualTo(1.6);
    // price counted once per distinct input, not once per copy
    assertThat(w.values(0)).hasSize(2);
    // the ring moves on: three copies of c push out a's copies; a leaves with its last copy
    w.add(c, null, null);
    w.add(c, null, null);
    w.add(c, null, null);
    assertThat(w.distinct()).isEqualTo(1);
    assertThat(w.topShare()).isEqualTo(1.0);
    // what is left in the title buckets is c's title mass alone, counted once
    var titleGroup = b.hashed().get(0);
    double mass = 0;
    for (int i = 0; i < c.nnz(); i++) {
      if (c.indices()[i] >= titleGroup.start() && c.indices()[i] < titleGroup.start() + titleGroup.width()) {
        mass += c.values()[i];
      }
    }
    assertThat(titleGroup.name()).isEqualTo("title");
    assertThat(java.util.Arrays.stream(w.bucketCounts(0)).sum()).isEqualTo(mass);
    assertThat(DriftWindow.fingerprint(a)).isNotEqualTo(DriftWindow.fingerprint(c));
    assertThat(DriftWindow.fingerprint(a)).isEqualTo(DriftWindow.fingerprint(
        v.pipeline().encode(Map.of("brand", "Staples", "price", 3.0, "title", "Staples paper clips"))));
  }
}
