package dev.verdict.train;

import dev.verdict.drift.Calibration;
import dev.verdict.drift.PerformanceEstimate;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The manifest's {@code calibration} block: isotonic calibration of the primary's confidence on validation
 * rows, kept only if it helps, plus the reference the drift verticle's accuracy estimate is judged against.
 */
final class CalibrationFit {
  static final long SEED = 20261202L;

  private CalibrationFit() {
  }

  static JsonObject fit(double[][] validProba, int[] y) {
    double[] conf = new double[y.length];
    boolean[] correct = new boolean[y.length];
    int right = 0;
    for (int i = 0; i < y.length; i++) {
      int k = Metrics.argmax(validProba[i]);
      conf[i] = validProba[i][k];
      correct[i] = k == y[i];
      right += correct[i] ? 1 : 0;
    }
    double raw = Calibration.IDENTITY.brier(conf, correct);
    double crossFitted = crossFittedBrier(conf, correct);
    // "Helps" is judged on rows the calibration was not fitted on, or isotonic would always look better.
    Calibration cal = crossFitted < raw ? Calibration.isotonic(conf, correct) : Calibration.IDENTITY;
    PerformanceEstimate est = PerformanceEstimate.measure(cal, conf, SEED);
    return cal.toJson().put("rows", y.length).put("brier_raw", raw).put("brier_cross_fitted", crossFitted)
        .put("validation_accuracy", y.length == 0 ? null : (double) right / y.length)
        .put("estimated_accuracy", est.estimate(conf))
        .put("chunks", est.chunksJson());
  }

  /** Two-fold: fitted on one seeded half, scored on the other, and the other way round. */
  static double crossFittedBrier(double[] conf, boolean[] correct) {
    int n = conf.length;
    if (n < 4) {
      return Double.POSITIVE_INFINITY;
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      idx.add(i);
    }
    Collections.shuffle(idx, new Random(SEED));
    double sum = 0;
    for (int fold = 0; fold < 2; fold++) {
      List<Integer> fitRows = new ArrayList<>();
      List<Integer> testRows = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        (j % 2 == fold ? testRows : fitRows).add(idx.get(j));
      }
      Calibration c = Calibration.isotonic(pick(conf, fitRows), pick(correct, fitRows));
      sum += c.brier(pick(conf, testRows), pick(correct, testRows)) * testRows.size();
    }
    return sum / n;
  }

  private static double[] pick(double[] a, List<Integer> rows) {
    return rows.stream().mapToDouble(i -> a[i]).toArray();
  }

  private static boolean[] pick(boolean[] a, List<Integer> rows) {
    boolean[] out = new boolean[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a[rows.get(i)];
    }
    return out;
  }
}
