package dev.verdict.drift;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;

/**
 * Maps the primary's confidence (its top probability) to the chance that its answer is right: an isotonic
 * (monotone, stepwise) fit of "answer correct" on confidence over validation rows, by pool-adjacent-violators.
 * A confidence belongs to the first block whose largest confidence is at or above it; above the top block, the
 * top block's value.
 * {@link #IDENTITY} when calibration did not help: confidence is then read as it is.
 *
 * @param upper the largest confidence of each block, ascending
 * @param value the share of correct answers in each block, non-decreasing
 */
public record Calibration(String method, double[] upper, double[] value) {
  public static final Calibration IDENTITY = new Calibration("none", new double[0], new double[0]);

  /** Pool-adjacent-violators on (confidence, correct) pairs. Ties in confidence share one block. */
  public static Calibration isotonic(double[] confidence, boolean[] correct) {
    Integer[] order = new Integer[confidence.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(confidence[a], confidence[b]));
    double[] up = new double[order.length];
    double[] sum = new double[order.length];
    int[] count = new int[order.length];
    int blocks = 0;
    for (int at = 0; at < order.length; ) {
      double x = confidence[order[at]];
      double s = 0;
      int c = 0;
      for (; at < order.length && confidence[order[at]] == x; at++) {
        s += correct[order[at]] ? 1 : 0;
        c++;
      }
      up[blocks] = x;
      sum[blocks] = s;
      count[blocks] = c;
      blocks++;
      while (blocks > 1 && sum[blocks - 2] / count[blocks - 2] >= sum[blocks - 1] / count[blocks - 1]) {
        sum[blocks - 2] += sum[blocks - 1];
        count[blocks - 2] += count[blocks - 1];
        up[blocks - 2] = up[blocks - 1];
        blocks--;
      }
    }
    double[] v = new double[blocks];
    for (int b = 0; b < blocks; b++) {
      v[b] = sum[b] / count[b];
    }
    return new Calibration("isotonic", Arrays.copyOf(up, blocks), v);
  }

  public double apply(double confidence) {
    if (upper.length == 0) {
      return confidence;
    }
    // first block whose upper bound is >= the confidence
    int i = Arrays.binarySearch(upper, confidence);
    int b = i >= 0 ? i : Math.min(-i - 1, upper.length - 1);
    return value[b];
  }

  /** Mean squared error of the calibrated confidence against correctness (the Brier score of "correct"). */
  public double brier(double[] confidence, boolean[] correct) {
    double s = 0;
    for (int i = 0; i < confidence.length; i++) {
      double d = apply(confidence[i]) - (correct[i] ? 1 : 0);
      s += d * d;
    }
    return confidence.length == 0 ? Double.NaN : s / confidence.length;
  }

  public JsonObject toJson() {
    return new JsonObject().put("method", method)
        .put("upper", new JsonArray(Arrays.stream(upper).boxed().toList()))
        .put("value", new JsonArray(Arrays.stream(value).boxed().toList()));
  }

  public static Calibration fromJson(JsonObject j) {
    if (j == null || "none".equals(j.getString("method", "none"))) {
      return IDENTITY;
    }
    return new Calibration(j.getString("method"), Baseline.doubles(j.getJsonArray("upper")),
        Baseline.doubles(j.getJsonArray("value")));
  }
}
